package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.sql.UserSql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ALTER TABLE subcommands of {@code pgswap alter}: the user's text split at its top-level
 * commas, each one recognised by its leading keywords (what it does and to which column), and
 * the {@code --using COLUMN=EXPR} expressions attached to the type changes they belong to. The
 * server parses and checks the subcommands themselves; this only decides what pgswap supports
 * and refuses the rest, naming the subcommand.
 */
final class AlterSubcommands {
    /** What a supported subcommand does. */
    enum Kind { ALTER_TYPE, ADD_COLUMN, DROP_COLUMN, SET_DEFAULT, DROP_DEFAULT, SET_NOT_NULL, DROP_NOT_NULL, ADD_CHECK }

    /**
     * One subcommand: its text as written (with a {@code --using} expression appended as
     * {@code USING (EXPR)}), what it does, the column it is about (null for a table CHECK) and,
     * for a type change, its USING expression (null without one).
     */
    record Subcommand(int number, String text, Kind kind, String column, String using) {
        String label() {
            return "subcommand " + number + " (" + text + ")";
        }
    }

    private static final String SUPPORTED = "pgswap alter supports ALTER COLUMN ... TYPE, ADD COLUMN, DROP COLUMN, "
            + "ALTER COLUMN ... SET/DROP DEFAULT, ALTER COLUMN ... SET/DROP NOT NULL and ADD CONSTRAINT ... CHECK";

    private AlterSubcommands() {
    }

    /**
     * The subcommands of {@code text} with the {@code using} expressions ("COLUMN=EXPR") attached.
     * Throws a usage error (exit 2) for text that is not a list of subcommands or a misplaced
     * --using, and a refusal (exit 3) for a subcommand pgswap alter does not carry out.
     */
    static List<Subcommand> parse(String text, List<String> using) {
        String all;
        try {
            all = UserSql.fragment(text, "the ALTER TABLE subcommands");
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage(e.getMessage());
        }
        List<Subcommand> out = new ArrayList<>();
        List<List<SqlTokens.Token>> parts = SqlTokens.splitTopLevel(all);
        for (int i = 0; i < parts.size(); i++) {
            List<SqlTokens.Token> tokens = parts.get(i);
            if (tokens.isEmpty()) {
                throw PgSwapException.usage("subcommand " + (i + 1) + " of '" + all + "' is empty (a stray comma?)");
            }
            String sub = all.substring(tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
            out.add(classify(i + 1, sub, SqlTokens.tokenize(sub)));
        }
        return attach(out, usingExpressions(using));
    }

    /** "COLUMN=EXPR" options by column (SQL name rules: unquoted names fold to lower case). */
    static Map<String, String> usingExpressions(List<String> using) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String u : using == null ? List.<String>of() : using) {
            int eq = equalsSign(u);
            if (eq <= 0) {
                throw PgSwapException.usage("--using " + u + ": expected COLUMN=EXPR");
            }
            String column = SqlTokens.name(u.substring(0, eq).strip());
            if (column == null) {
                throw PgSwapException.usage("--using " + u + ": '" + u.substring(0, eq).strip() + "' is not a column name");
            }
            String expr;
            try {
                expr = UserSql.fragment(u.substring(eq + 1), "the --using expression for " + column);
            } catch (IllegalArgumentException e) {
                throw PgSwapException.usage(e.getMessage());
            }
            if (out.put(column, expr) != null) {
                throw PgSwapException.usage("--using names column " + column + " twice");
            }
        }
        return out;
    }

    /** The first '=' outside a leading quoted name. */
    private static int equalsSign(String u) {
        int from = 0;
        String s = u.stripLeading();
        int lead = u.length() - s.length();
        if (s.startsWith("\"")) {
            int i = 1;
            while (i < s.length()) {
                if (s.charAt(i) == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            from = lead + i;
        }
        return u.indexOf('=', from);
    }

    private static List<Subcommand> attach(List<Subcommand> subs, Map<String, String> using) {
        List<Subcommand> out = new ArrayList<>();
        Map<String, String> left = new LinkedHashMap<>(using);
        for (Subcommand s : subs) {
            String expr = s.kind() == Kind.ALTER_TYPE ? left.remove(s.column()) : null;
            if (expr == null) {
                out.add(s);
            } else if (s.using() != null) {
                throw PgSwapException.usage("column " + s.column() + " has a USING in " + s.label()
                        + " and a --using option; give the expression once");
            } else {
                out.add(new Subcommand(s.number(), s.text() + " USING (" + expr + ")", s.kind(), s.column(), expr));
            }
        }
        if (!left.isEmpty()) {
            throw PgSwapException.usage("--using " + String.join(", ", left.keySet()) + ": the subcommands do not change "
                    + "the type of " + String.join(", ", left.keySet()) + " (--using gives the expression of an "
                    + "ALTER COLUMN ... TYPE)");
        }
        return out;
    }

    private static Subcommand classify(int number, String text, List<SqlTokens.Token> t) {
        Words w = new Words(t);
        String first = w.word(0);
        switch (first == null ? "" : first) {
            case "add" -> {
                return add(number, text, w);
            }
            case "alter" -> {
                return alter(number, text, w);
            }
            case "drop" -> {
                return drop(number, text, w);
            }
            case "rename" -> throw refuse(number, text, "renames are not done by a swap; a rename only changes the "
                    + "catalog, so run it as a plain ALTER TABLE (briefly ACCESS EXCLUSIVE) and mind the code that "
                    + "uses the old name");
            case "attach", "detach" -> throw refuse(number, text, "partitioning changes another table; pgswap alter "
                    + "changes one ordinary table");
            case "inherit", "no", "of", "not" -> throw refuse(number, text, "inheritance and typed tables tie the "
                    + "table to another one; pgswap alter changes one table only");
            case "set" -> {
                if ("schema".equals(w.word(1))) {
                    throw refuse(number, text, "the swap replaces the table within its schema; move it with a plain "
                            + "ALTER TABLE ... SET SCHEMA (catalog only)");
                }
                throw refuse(number, text, SUPPORTED);
            }
            default -> throw refuse(number, text, SUPPORTED);
        }
    }

    private static Subcommand add(int number, String text, Words w) {
        int i = 1;
        String name = null;
        if ("constraint".equals(w.word(i))) {
            name = w.name(i + 1);
            if (name == null) {
                throw PgSwapException.usage(label(number, text) + ": ADD CONSTRAINT needs a name");
            }
            i += 2;
        }
        String what = w.word(i);
        if ("check".equals(what)) {
            return new Subcommand(number, text, Kind.ADD_CHECK, null, null);
        }
        if ("foreign".equals(what)) {
            throw refuse(number, text, "a foreign key changes the referenced table too (its triggers); add it with a "
                    + "plain ALTER TABLE ... ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT");
        }
        if ("primary".equals(what) || "unique".equals(what)) {
            throw refuse(number, text, "it adds an index; pgswap add-" + ("primary".equals(what) ? "primary-key" : "unique")
                    + " builds it CONCURRENTLY and then adds the constraint USING INDEX (a catalog-only change)");
        }
        if ("exclude".equals(what) && w.opensOrUsing(i + 1)) {
            throw refuse(number, text, "an exclusion constraint builds its index under ACCESS EXCLUSIVE and has no "
                    + "NOT VALID, USING INDEX or CONCURRENTLY form, and the swap does not add new ones; add it with a "
                    + "plain ALTER TABLE in a quiet moment");
        }
        if (name != null) {
            throw refuse(number, text, "of the constraints only CHECK is supported; " + SUPPORTED);
        }
        if ("column".equals(what)) {
            i++;
        }
        if ("if".equals(w.word(i)) && "not".equals(w.word(i + 1)) && "exists".equals(w.word(i + 2))) {
            i += 3;
        }
        String column = w.name(i);
        if (column == null) {
            throw PgSwapException.usage(label(number, text) + ": ADD COLUMN needs a column name");
        }
        if (w.hasTopLevel(i + 1, "references")) {
            throw refuse(number, text, "REFERENCES changes the referenced table too (its triggers); add the column "
                    + "first, then the foreign key with ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT");
        }
        if (w.hasTopLevel(i + 1, "primary") || w.hasTopLevel(i + 1, "unique")) {
            throw refuse(number, text, "it adds an index; add the column first, then build the index with CREATE "
                    + "UNIQUE INDEX CONCURRENTLY");
        }
        return new Subcommand(number, text, Kind.ADD_COLUMN, column, null);
    }

    private static Subcommand alter(int number, String text, Words w) {
        int i = 1;
        if ("constraint".equals(w.word(i))) {
            throw refuse(number, text, "ALTER CONSTRAINT only changes the catalog; run it as a plain ALTER TABLE");
        }
        if ("column".equals(w.word(i))) {
            i++;
        }
        String column = w.name(i);
        if (column == null) {
            throw PgSwapException.usage(label(number, text) + ": ALTER COLUMN needs a column name");
        }
        String a = w.word(i + 1);
        String b = w.word(i + 2);
        String c = w.word(i + 3);
        if ("type".equals(a) || ("set".equals(a) && "data".equals(b) && "type".equals(c))) {
            int using = w.topLevel(i + 2, "using");
            String expr = using < 0 ? null : text.substring(w.tokens.get(using).end()).strip();
            if (expr != null && expr.isEmpty()) {
                throw PgSwapException.usage(label(number, text) + ": USING needs an expression");
            }
            return new Subcommand(number, text, Kind.ALTER_TYPE, column, expr);
        }
        if ("set".equals(a) && "default".equals(b)) {
            return new Subcommand(number, text, Kind.SET_DEFAULT, column, null);
        }
        if ("drop".equals(a) && "default".equals(b)) {
            return new Subcommand(number, text, Kind.DROP_DEFAULT, column, null);
        }
        if ("set".equals(a) && "not".equals(b) && "null".equals(c)) {
            return new Subcommand(number, text, Kind.SET_NOT_NULL, column, null);
        }
        if ("drop".equals(a) && "not".equals(b) && "null".equals(c)) {
            return new Subcommand(number, text, Kind.DROP_NOT_NULL, column, null);
        }
        throw refuse(number, text, SUPPORTED + "; other column settings only change the catalog: run them as a "
                + "plain ALTER TABLE");
    }

    private static Subcommand drop(int number, String text, Words w) {
        int i = 1;
        if ("constraint".equals(w.word(i))) {
            throw refuse(number, text, "DROP CONSTRAINT only changes the catalog; run it as a plain ALTER TABLE");
        }
        if ("column".equals(w.word(i))) {
            i++;
        }
        if ("if".equals(w.word(i)) && "exists".equals(w.word(i + 1))) {
            i += 2;
        }
        String column = w.name(i);
        if (column == null) {
            throw refuse(number, text, SUPPORTED);
        }
        if ("cascade".equals(w.word(i + 1))) {
            throw refuse(number, text, "CASCADE would drop other objects with the column; drop them yourself first, "
                    + "then run without CASCADE");
        }
        return new Subcommand(number, text, Kind.DROP_COLUMN, column, null);
    }

    private static PgSwapException refuse(int number, String text, String why) {
        return PgSwapException.refused("pgswap alter does not run " + label(number, text) + ": " + why
                + ". Nothing was changed");
    }

    private static String label(int number, String text) {
        return "subcommand " + number + " (" + text + ")";
    }

    /** Keyword and name access over a subcommand's tokens. */
    private record Words(List<SqlTokens.Token> tokens) {
        /** The lower-case keyword at {@code i}, or null when that token is not an unquoted word. */
        String word(int i) {
            return i < tokens.size() && tokens.get(i).kind() == SqlTokens.Kind.WORD ? tokens.get(i).value() : null;
        }

        /** The name at {@code i} (an unquoted word folded to lower case, or a quoted name as written), or null. */
        String name(int i) {
            if (i >= tokens.size()) {
                return null;
            }
            SqlTokens.Token t = tokens.get(i);
            return t.kind() == SqlTokens.Kind.WORD || t.kind() == SqlTokens.Kind.QUOTED ? t.value() : null;
        }

        boolean opensOrUsing(int i) {
            return i < tokens.size() && (tokens.get(i).text().equals("(") || "using".equals(word(i)));
        }

        /** Index of the first unquoted word {@code kw} at parenthesis depth 0 from {@code from}, or -1. */
        int topLevel(int from, String kw) {
            for (int i = from; i < tokens.size(); i++) {
                if (tokens.get(i).depth() == 0 && kw.equals(word(i))) {
                    return i;
                }
            }
            return -1;
        }

        boolean hasTopLevel(int from, String kw) {
            return topLevel(from, kw) >= 0;
        }
    }
}
