package io.pgswap.ops;

import io.pgswap.sql.UserSql;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of PostgreSQL's lexical rules to find keywords and names in a fragment the user
 * wrote: unquoted words (folded to lower case, as the server folds them), quoted names, string
 * constants (also E'', dollar-quoted), comments (skipped), parentheses and their depth. Anything
 * else is one token per character. The text has passed {@code UserSql.fragment}, so every quote
 * and comment is closed.
 */
final class SqlTokens {
    enum Kind { WORD, QUOTED, STRING, OTHER }

    /** {@code value}: a word in lower case, a quoted name without its quotes; {@code depth}: open parentheses before it. */
    record Token(Kind kind, String text, String value, int start, int end, int depth) {
    }

    private SqlTokens() {
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                i = blockCommentEnd(s, i);
                continue;
            }
            if (c == '"') {
                i = quoteEnd(s, i, '"');
                out.add(new Token(Kind.QUOTED, s.substring(start, i), s.substring(start + 1, i - 1).replace("\"\"", "\""),
                        start, i, depth));
                continue;
            }
            if (c == '\'') {
                i = quoteEnd(s, i, '\'');
                out.add(new Token(Kind.STRING, s.substring(start, i), null, start, i, depth));
                continue;
            }
            if (c == '$' && UserSql.dollarTag(s, i) != null) {
                String tag = UserSql.dollarTag(s, i);
                int end = s.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
                out.add(new Token(Kind.STRING, s.substring(start, i), null, start, i, depth));
                continue;
            }
            if (isWordStart(c)) {
                while (i < n && isWordPart(s.charAt(i))) {
                    i++;
                }
                if (i < n && s.charAt(i) == '\'' && i - start <= 2) { // E'...', B'...', X'...', U&'...'
                    i = s.substring(start, i).equalsIgnoreCase("e") ? escapeStringEnd(s, i) : quoteEnd(s, i, '\'');
                    out.add(new Token(Kind.STRING, s.substring(start, i), null, start, i, depth));
                    continue;
                }
                String word = s.substring(start, i);
                out.add(new Token(Kind.WORD, word, lower(word), start, i, depth));
                continue;
            }
            if (c == ')') {
                depth = Math.max(0, depth - 1);
            }
            out.add(new Token(Kind.OTHER, String.valueOf(c), null, start, i + 1, depth));
            if (c == '(') {
                depth++;
            }
            i++;
        }
        return out;
    }

    /** The tokens of {@code s} in groups separated by its commas at parenthesis depth 0. */
    static List<List<Token>> splitTopLevel(String s) {
        List<List<Token>> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token t : tokenize(s)) {
            if (t.kind() == Kind.OTHER && t.text().equals(",") && t.depth() == 0) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        out.add(current);
        return out;
    }

    /** A name as SQL reads it: {@code Amount} is amount, {@code "Amount"} is Amount; null when it is not one name. */
    static String name(String text) {
        List<Token> t = tokenize(text);
        if (t.size() != 1 || (t.get(0).kind() != Kind.WORD && t.get(0).kind() != Kind.QUOTED)) {
            return null;
        }
        return t.get(0).value();
    }

    /** PostgreSQL folds unquoted names to lower case, ASCII letters only. */
    static String lower(String word) {
        StringBuilder sb = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c > 127;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    // the text has passed UserSql.fragment, so every quote and comment ends; the end of the text otherwise
    private static int quoteEnd(String s, int start, char q) {
        return endOrLength(s, UserSql.quoteEnd(s, start, q));
    }

    private static int escapeStringEnd(String s, int quote) {
        return endOrLength(s, UserSql.escapeStringEnd(s, quote));
    }

    private static int blockCommentEnd(String s, int start) {
        return endOrLength(s, UserSql.blockCommentEnd(s, start));
    }

    private static int endOrLength(String s, int end) {
        return end < 0 ? s.length() : end;
    }
}
