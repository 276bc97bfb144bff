package io.pgswap.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a user-typed dotted name the way PostgreSQL reads an identifier chain: unquoted parts
 * are folded to lower case, double-quoted parts are taken as written ({@code ""} is a quote) and
 * may contain dots, spaces or anything else.
 */
public final class QualifiedName {
    private QualifiedName() {
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[a-z_][a-z0-9_$]*");

    /**
     * The inverse of {@link #parse}: parts joined with dots, each double-quoted when it would not
     * read back as itself unquoted. For messages that suggest a command to copy, e.g.
     * {@code pgswap abort "Sales"."Order Items"}.
     */
    public static String format(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(PLAIN.matcher(p).matches() ? p : '"' + p.replace("\"", "\"\"") + '"');
        }
        return sb.toString();
    }

    /** The parts of {@code text}; throws IllegalArgumentException with a readable reason. */
    public static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty name");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean partWasQuoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cur.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                if (!cur.toString().isBlank()) {
                    throw new IllegalArgumentException("misplaced double quote in " + text);
                }
                quoted = true;
                partWasQuoted = true;
                cur.setLength(0);
            } else if (c == '.') {
                parts.add(finish(cur, partWasQuoted, text));
                cur.setLength(0);
                partWasQuoted = false;
            } else {
                if (partWasQuoted) {
                    throw new IllegalArgumentException("text after a closing double quote in " + text);
                }
                cur.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated double quote in " + text);
        }
        parts.add(finish(cur, partWasQuoted, text));
        return List.copyOf(parts);
    }

    private static String finish(StringBuilder cur, boolean wasQuoted, String text) {
        String part = cur.toString();
        if (part.isEmpty()) {
            throw new IllegalArgumentException("empty name part in " + text);
        }
        if (wasQuoted) {
            return part;
        }
        String trimmed = part.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty name part in " + text);
        }
        // PostgreSQL folds only ASCII letters in unquoted identifiers (UTF8 databases).
        StringBuilder folded = new StringBuilder(trimmed.length());
        for (char ch : trimmed.toCharArray()) {
            folded.append(ch >= 'A' && ch <= 'Z' ? Character.toLowerCase(ch) : ch);
        }
        return folded.toString();
    }
}
