package io.pgswap.lint;

import io.pgswap.lint.model.Source;
import io.pgswap.sql.UserSql;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What psql would make of a file written to be run with {@code psql -f}, one piece at a time (as
 * cut by {@link StatementSplitter}): {@code \set} and <code>&#92;unset</code> define its variables, and
 * {@code :name}, {@code :'name'} and {@code :"name"} outside strings, quoted identifiers and
 * comments become the value, as it is, as a literal or as an identifier; an unset variable is left
 * as written, as psql leaves it (so an array slice {@code a[1:n]} is untouched). The meta-commands
 * that only change psql itself ({@code \set ON_ERROR_STOP on}, {@code \echo}, {@code \timing},
 * pg_dump's {@code \restrict}) change nothing in the database and are passed over; any other
 * ({@code \i}, {@code \connect}, {@code \gexec}, {@code \if}) stays a piece the grammar refuses, so
 * it is reported, never skipped.
 */
final class PsqlScript {
    /** Meta-commands that change nothing in the database, only psql's own behaviour or output. */
    private static final Set<String> CLIENT_ONLY = Set.of("set", "unset", "echo", "qecho", "warn", "timing", "pset",
            "encoding", "restrict", "unrestrict", "conninfo", "a", "t", "x", "o", "out", "f", "H", "T", "C",
            "errverbose", "setenv", "prompt", "gset");
    private final Map<String, String> variables;
    /** Variables whose value comes from where lint cannot look (a `shell command`, a \prompt). */
    private final Set<String> unknown = new HashSet<>();
    /** A \gset was seen: a variable not set otherwise may come from a query's columns. */
    private boolean fromQuery;

    /** @param preset the variables given on the command line ({@code --set NAME=VALUE}, psql's {@code -v}) */
    PsqlScript(Map<String, String> preset) {
        this.variables = new HashMap<>(preset);
    }

    /**
     * The piece as psql would send it to the server (its variables replaced), or empty for a
     * meta-command that changes nothing in the database. A meta-command of another kind is returned
     * as it is, for the grammar to refuse.
     */
    Optional<Source> expand(Source piece) {
        String text = piece.text();
        if (text.startsWith("\\")) {
            String[] words = text.substring(1).strip().split("\\s+", 2);
            String command = words[0];
            if ((command.equals("set") || command.equals("unset")) && words.length > 1) {
                define(command, words[1]);
            } else if (command.equals("prompt") && words.length > 1) {
                String[] args = words[1].split("\\s+");
                put(args[args.length - 1], null); // typed in when psql runs
            } else if (command.equals("gset")) {
                fromQuery = true; // the query before it sets variables named after its columns
            }
            return CLIENT_ONLY.contains(command) ? Optional.empty() : Optional.of(piece);
        }
        return Optional.of(text.indexOf(':') < 0 ? piece : new Source(substitute(piece, text), piece.line(),
                piece.column(), piece.offset()));
    }

    private void define(String command, String rest) {
        int space = indexOfSpace(rest);
        String name = space < 0 ? rest : rest.substring(0, space);
        if (command.equals("unset")) {
            variables.remove(name);
            unknown.remove(name);
            return;
        }
        put(name, space < 0 ? "" : value(rest.substring(space).strip()));
    }

    /** {@code value} null: the variable is set, to a value lint cannot know. */
    private void put(String name, String value) {
        if (value == null) {
            variables.remove(name);
            unknown.add(name);
        } else {
            variables.put(name, value);
            unknown.remove(name);
        }
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The arguments of {@code \set name ...} joined into one value, as psql joins them: quotes
     * 'like this' removed (with '' and backslash escapes), "double quotes" kept, :variables replaced;
     * a `backquoted` command makes the value unknown (null).
     */
    private String value(String args) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < args.length()) {
            char c = args.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '`') {
                return null;
            } else if (c == '\'') {
                i++;
                while (i < args.length()) {
                    char d = args.charAt(i);
                    if (d == '\'' && i + 1 < args.length() && args.charAt(i + 1) == '\'') {
                        out.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else if (d == '\\' && i + 1 < args.length()) {
                        char e = args.charAt(i + 1);
                        out.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                        i += 2;
                    } else {
                        out.append(d);
                        i++;
                    }
                }
            } else if (c == ':' && i + 1 < args.length() && isNameChar(args.charAt(i + 1))) {
                int end = nameEnd(args, i + 1);
                String name = args.substring(i + 1, end);
                if (unknown.contains(name)) {
                    return null;
                }
                String v = variables.get(name);
                out.append(v == null ? args.substring(i, end) : v);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The SQL text with its variables replaced, outside strings, quoted identifiers and comments. */
    private String substitute(Source piece, String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int skip = quotedEnd(text, i);
            if (skip > i) {
                out.append(text, i, skip);
                i = skip;
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                out.append("::"); // a cast
                i += 2;
            } else if (c == ':' && i + 1 < text.length()) {
                char q = text.charAt(i + 1);
                boolean quoted = q == '\'' || q == '"';
                int nameStart = quoted ? i + 2 : i + 1;
                int end = nameEnd(text, nameStart);
                if (end == nameStart || quoted && (end >= text.length() || text.charAt(end) != q)) {
                    out.append(c);
                    i++;
                    continue;
                }
                String name = text.substring(nameStart, end);
                String v = variables.get(name);
                int after = quoted ? end + 1 : end;
                boolean unknowable = unknown.contains(name);
                if (v == null && !unknowable && !quoted) {
                    out.append(text, i, after); // unset: psql leaves it as written (a[1:n] is a slice)
                } else if (v == null) {
                    Source at = piece.slice(i, after);
                    String how = !unknowable && !fromQuery
                            ? " is not set: set it in the file (\\set " + name + " VALUE) or on the command line"
                            : " gets its value only when psql runs (a `command`, \\prompt or \\gset): give it on the "
                                    + "command line";
                    throw new SqlSyntaxException(at.line(), at.column(), "psql variable " + name + how + " (--set "
                            + name + "=VALUE, as psql -v)");
                } else {
                    out.append(q == '\'' ? literal(v) : q == '"' ? identifier(v) : v);
                }
                i = after;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** A hint for a syntax error at a colon: it may be a psql variable that is not set. */
    String hint(String message) {
        return message.contains("at or near \":\"") ? message + " (if it is a psql variable :NAME, set it in the file "
                + "with \\set NAME VALUE or on the command line with --set NAME=VALUE" + (fromQuery ? "; one a \\gset "
                + "sets gets its value only when psql runs the query, so pgswap needs it on the command line" : "")
                + ")" : message;
    }

    /** psql's :'name': a string literal (an escape string when the value holds a backslash). */
    static String literal(String v) {
        String quoted = "'" + v.replace("'", "''") + "'";
        return v.indexOf('\\') < 0 ? quoted : " E" + quoted.replace("\\", "\\\\");
    }

    /** psql's :"name": a quoted identifier. */
    static String identifier(String v) {
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static int nameEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isNameChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Where the string, quoted identifier, dollar-quoted string or comment starting at {@code i}
     * ends (exclusive; the text's end when it never does); {@code i} itself when none starts there.
     * PostgreSQL's lexical rules, shared with the guards of user expressions ({@link UserSql}).
     */
    private static int quotedEnd(String s, int i) {
        char c = s.charAt(i);
        int end;
        if (c == '\'' && i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                && (i < 2 || !isNameChar(s.charAt(i - 2)))) {
            end = UserSql.escapeStringEnd(s, i);
        } else if (c == '\'' || c == '"') {
            end = UserSql.quoteEnd(s, i, c);
        } else if (c == '-' && s.startsWith("--", i)) {
            int nl = s.indexOf('\n', i);
            end = nl < 0 ? s.length() : nl;
        } else if (c == '/' && s.startsWith("/*", i)) {
            end = UserSql.blockCommentEnd(s, i);
        } else if (c == '$' && UserSql.dollarTag(s, i) != null) {
            String tag = UserSql.dollarTag(s, i);
            int close = s.indexOf(tag, i + tag.length());
            end = close < 0 ? -1 : close + tag.length();
        } else {
            return i;
        }
        return end < 0 ? s.length() : end;
    }
}
