package io.pgswap.ops;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Target;
import io.pgswap.db.Rows;
import io.pgswap.sql.ChosenName;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the command line of add-foreign-key: a key is {@code [SCHEMA.]TABLE.COLUMN} or
 * {@code '[SCHEMA.]TABLE(A, B)'} (names follow SQL's rules: unquoted ones fold to lower case),
 * and a referential action is one of PostgreSQL's five.
 */
final class ForeignKeyArgs {
    static final List<String> ACTIONS = List.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT");

    private ForeignKeyArgs() {
    }

    record Key(Target table, List<String> columns) {
    }

    static Key key(String text, String what) {
        String s = text.strip();
        if (!s.endsWith(")")) {
            Target.Qualified q = Target.parseWithName(s, "COLUMN");
            return new Key(q.table(), List.of(q.name()));
        }
        int open = openParen(s);
        if (open <= 0) {
            throw PgSwapException.usage(what + " '" + text + "' should be [SCHEMA.]TABLE.COLUMN or '[SCHEMA.]TABLE(A, B)'");
        }
        Target table = Target.parse(s.substring(0, open).strip());
        return new Key(table, columns(s.substring(open + 1, s.length() - 1), what, text));
    }

    /**
     * The referenced side: as {@link #key}, or the table alone, meaning its primary key (as
     * {@code REFERENCES reftable} does; the columns are left empty for the server to fill in): a
     * name without a dot ({@code person}, {@code "Person"}) or any table with empty parentheses
     * ({@code crm.person()}), since {@code crm.person} reads as table crm, column person.
     */
    static Key referencedKey(String text) {
        String s = text.strip();
        if (s.endsWith("()") && openParen(s) == s.length() - 2) {
            return new Key(Target.parse(s.substring(0, s.length() - 2).strip()), List.of());
        }
        if (!s.endsWith(")") && outsideQuotes(s, '.') < 0) {
            return new Key(Target.parse(s), List.of());
        }
        return key(text, "the referenced key");
    }

    /** The first '(' outside double quotes. */
    private static int openParen(String s) {
        return outsideQuotes(s, '(');
    }

    /** The index of the first {@code c} outside double quotes, or -1. */
    private static int outsideQuotes(String s, char c) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> columns(String inner, String what, String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= inner.length(); i++) {
            char c = i < inner.length() ? inner.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                String part = cur.toString().strip();
                List<String> name;
                try {
                    name = QualifiedName.parse(part);
                } catch (IllegalArgumentException e) {
                    throw PgSwapException.usage("cannot read the columns of " + what + " '" + text + "': "
                            + e.getMessage());
                }
                if (name.size() != 1) {
                    throw PgSwapException.usage("'" + part + "' in " + what + " '" + text + "' is not a column name");
                }
                if (out.contains(name.get(0))) {
                    throw PgSwapException.usage("column " + name.get(0) + " appears twice in " + what + " '" + text + "'");
                }
                out.add(name.get(0));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        return List.copyOf(out);
    }

    /** "set null", "SET_NULL", "set-null" read as SET NULL; null stays null (PostgreSQL's default, NO ACTION). */
    static String action(String text, String option) {
        if (text == null) {
            return null;
        }
        String a = text.strip().replaceAll("[-_\\s]+", " ").toUpperCase(Locale.ROOT);
        if (!ACTIONS.contains(a)) {
            throw PgSwapException.usage(option + " must be one of " + String.join(", ", ACTIONS) + ", not '" + text + "'");
        }
        return a;
    }

    /** pg_constraint's confdeltype/confupdtype letter for an action (null: NO ACTION). */
    static String code(String action) {
        return switch (action == null ? "NO ACTION" : action) {
            case "RESTRICT" -> "r";
            case "CASCADE" -> "c";
            case "SET NULL" -> "n";
            case "SET DEFAULT" -> "d";
            default -> "a";
        };
    }

    /**
     * The name PostgreSQL gives the key (table_cols_fkey), numbered past the names the schema's
     * constraints hold, as it numbers them; a foreign key of the table on the same columns to the
     * same ones (an earlier run's, NOT VALID) keeps its name, so a re-run resolves to it again.
     */
    static String chosenName(AddForeignKey.Args args, TableFacts f, long ref, List<String> refColumns, Connection c)
            throws SQLException {
        java.util.Set<String> taken = new java.util.HashSet<>();
        java.util.Set<String> same = new java.util.HashSet<>();
        for (Object[] k : Rows.list(c, Statement.of("""
                SELECT k.conname, k.conrelid = ?::oid AND k.contype = 'f' AND k.confrelid = ?::oid,
                       ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
                       ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)
                FROM pg_constraint k
                WHERE k.connamespace = (SELECT relnamespace FROM pg_class WHERE oid = ?::oid)""", f.oid(), ref,
                f.oid()), rs -> new Object[] {rs.getString(1), rs.getBoolean(2), Rows.strings(rs.getArray(3)),
                Rows.strings(rs.getArray(4))})) {
            taken.add((String) k[0]);
            if ((Boolean) k[1] && args.columns().equals(k[2]) && refColumns.equals(k[3])) {
                same.add((String) k[0]);
            }
        }
        return ChosenName.of(f.name(), ChosenName.columnsPart(args.columns()), "fkey",
                n -> taken.contains(n) && !same.contains(n));
    }
}
