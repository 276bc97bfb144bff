package io.pgswap.lint.pgck;

/** PostgreSQL's identifier rules: unquoted names fold to lower case, quoted ones are taken as written. */
final class Identifiers {
    private Identifiers() {
    }

    /** {@code Orders} to {@code orders}, {@code "Order ""A"""} to {@code Order "A"}, {@code U&"d\0061ta"} to {@code data}. */
    static String fold(String written) {
        if (written.startsWith("\"")) {
            return unquote(written, 0);
        }
        if (written.length() > 2 && (written.startsWith("U&\"") || written.startsWith("u&\""))) {
            return unicode(written);
        }
        StringBuilder out = new StringBuilder(written.length());
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    /** The content of the quoted identifier starting at {@code open}, doubled quotes undone. */
    private static String unquote(String s, int open) {
        StringBuilder out = new StringBuilder();
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    out.append('"');
                    i++;
                } else {
                    break;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String unicode(String written) {
        String body = unquote(written, 2);
        char escape = '\\';
        int uescape = written.toUpperCase(java.util.Locale.ROOT).lastIndexOf("UESCAPE");
        if (uescape > 0) {
            int quote = written.indexOf('\'', uescape);
            if (quote > 0 && quote + 1 < written.length()) {
                escape = written.charAt(quote + 1);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != escape || i + 1 >= body.length()) {
                out.append(c);
            } else if (body.charAt(i + 1) == escape) {
                out.append(escape);
                i++;
            } else if (body.charAt(i + 1) == '+' && i + 8 <= body.length()) {
                out.appendCodePoint(Integer.parseInt(body.substring(i + 2, i + 8), 16));
                i += 7;
            } else if (i + 5 <= body.length()) {
                out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
