package io.pgswap.core;

/** Quotes one argument for a POSIX shell, so a suggested command can be pasted as printed. */
public final class ShellWords {
    private ShellWords() {
    }

    /** As is when every character is safe unquoted, else in single quotes ({@code '} written as {@code '\''}). */
    public static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(ShellWords::safe)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** {@code pgswap} and the arguments {@code argv} (without "pgswap"), each quoted: a command line to paste. */
    public static String pgswapCommand(java.util.List<String> argv) {
        StringBuilder out = new StringBuilder("pgswap");
        for (String a : argv) {
            out.append(' ').append(quote(a));
        }
        return out.toString();
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "_-./:=@%+,".indexOf(c) >= 0;
    }
}
