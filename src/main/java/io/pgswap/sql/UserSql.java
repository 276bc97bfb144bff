package io.pgswap.sql;

/**
 * Guards for SQL text a user gives (a CHECK or WHERE expression, a USING expression, a DEFAULT,
 * an index's column list), before it is embedded in pgswap's own statements. The text must be one
 * fragment that cannot end the statement it is put in: no semicolon outside quotes and comments,
 * parentheses balanced and never closing more than they open, every quote and comment closed.
 * Whether it means anything is for the server to say (pgswap asks it, read only, before anything
 * is created).
 */
public final class UserSql {
    private UserSql() {
    }

    /** Returns the text stripped, or throws IllegalArgumentException saying what is wrong with it. */
    public static String fragment(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String s = text.strip();
        int depth = 0;
        int i = 0;
        int len = s.length();
        while (i < len) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = closeQuote(s, i, c, what);
            } else if ((c == 'E' || c == 'e') && i + 1 < len && s.charAt(i + 1) == '\''
                    && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_')) {
                i = closeEscapeString(s, i + 1, what);
            } else if (c == '-' && i + 1 < len && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                if (end < 0) {
                    // a comment to the end: a line break keeps it from swallowing what pgswap writes after it
                    s = s + "\n";
                    len = s.length();
                    end = len - 1;
                }
                i = end + 1;
            } else if (c == '/' && i + 1 < len && s.charAt(i + 1) == '*') {
                i = closeBlockComment(s, i, what);
            } else if (c == '$' && dollarTag(s, i) != null) {
                String tag = dollarTag(s, i);
                int end = s.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new IllegalArgumentException(what + " has an unterminated dollar quote " + tag);
                }
                i = end + tag.length();
            } else {
                if (c == ';') {
                    throw new IllegalArgumentException(what + " must be one expression; it contains ';'");
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    if (--depth < 0) {
                        throw new IllegalArgumentException(what + " closes a parenthesis it did not open");
                    }
                }
                i++;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException(what + " has " + depth + " unclosed parenthesis(es)");
        }
        return s;
    }

    private static int closeQuote(String s, int start, char q, String what) {
        return orThrow(quoteEnd(s, start, q), what + " has an unterminated " + (q == '\'' ? "string" : "quoted name"));
    }

    private static int closeEscapeString(String s, int quote, String what) {
        return orThrow(escapeStringEnd(s, quote), what + " has an unterminated string");
    }

    private static int closeBlockComment(String s, int start, String what) {
        return orThrow(blockCommentEnd(s, start), what + " has an unterminated comment");
    }

    private static int orThrow(int end, String message) {
        if (end < 0) {
            throw new IllegalArgumentException(message);
        }
        return end;
    }

    // PostgreSQL's lexical rules for what the guards (and the tokenizer of ops.SqlTokens) skip over:
    // each returns the index just after the construct that starts at start, or -1 if it never ends.

    /** A quoted name ("...") or a string constant ('...'), doubled quotes inside. */
    public static int quoteEnd(String s, int start, char q) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == q) {
                if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** An E'...' string constant from its quote: backslash escapes and doubled quotes inside. */
    public static int escapeStringEnd(String s, int quote) {
        int i = quote + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** A block comment, nested ones inside. */
    public static int blockCommentEnd(String s, int start) {
        int depth = 0;
        int i = start;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * "$tag$" starting at {@code i}, or null when the dollar sign starts no dollar quote ($1, or
     * inside a name: a dollar quote cannot follow a letter, digit, '_', '$' or non-ASCII character).
     */
    public static String dollarTag(String s, int i) {
        if (i > 0) {
            char p = s.charAt(i - 1);
            if (Character.isLetterOrDigit(p) || p == '_' || p == '$' || p > 127) {
                return null;
            }
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
            return s.substring(i, j + 1);
        }
        return null;
    }
}
