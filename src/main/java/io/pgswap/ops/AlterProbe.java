package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Probe;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.ops.AlterSubcommands.Subcommand;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server makes of the subcommands, asked on empty temporary copies of the table in a
 * scratch transaction (rolled back; the table itself is only read). All subcommands together on
 * one copy: are they valid (else exit 3 with the server's message), do they change anything
 * (else nothing to do), which columns they drop, add and retype. Each subcommand alone, in order,
 * on another copy with the table's indexes: would a plain ALTER rewrite the table (its filenode
 * changes, "rewriting table" at DEBUG1), scan it ("verifying table"), rebuild indexes ("building
 * index"), or only change the catalog, on this server version.
 */
final class AlterProbe {
    static final String ALL = "pgswap_alter_probe";
    private static final String EACH = "pgswap_alter_each";

    /** What a plain ALTER TABLE with one subcommand does to the table. */
    enum Work { CATALOG, SCAN, REWRITE, UNKNOWN }

    record Effect(Subcommand sub, Work work, int rebuiltIndexes) {
        /** Whether a plain ALTER of this subcommand does more than change the catalog. */
        boolean heavy() {
            return work != Work.CATALOG || rebuiltIndexes > 0;
        }

        String describe(int major) {
            String on = " on PostgreSQL " + major;
            return switch (work) {
                case REWRITE -> "a plain ALTER rewrites the table and rebuilds its indexes" + on;
                case SCAN -> "a plain ALTER scans the table to check it (no rewrite)"
                        + (rebuiltIndexes > 0 ? " and rebuilds " + rebuiltIndexes + " index(es)" : "") + on;
                case UNKNOWN -> "depends on an earlier subcommand, so it was not tried alone; taken to rewrite";
                case CATALOG -> rebuiltIndexes > 0 ? "a plain ALTER rebuilds " + rebuiltIndexes + " index(es), "
                        + "without a rewrite" + on : "a plain ALTER only changes the catalog" + on;
            };
        }
    }

    /**
     * {@code columns}: the table's columns after the change; {@code retyped}: the original's
     * columns whose type changes, with the new type; {@code dropped}, {@code added}: by name.
     */
    record Analysis(List<Effect> effects, List<Column> columns, Map<String, String> retyped, List<String> dropped,
                    List<String> added, long newSequences) {
        boolean heavy() {
            return effects.stream().anyMatch(Effect::heavy);
        }
    }

    private AlterProbe() {
    }

    static Analysis analyze(TableFacts f, List<Subcommand> subs, SwapRecipe.Change change, Probe server)
            throws SQLException {
        return server.scratch(tx -> {
            String all = "pg_temp." + ALL;
            Tx.execute(tx, List.of(createCopy(f, ALL)));
            List<String> before = describe(tx, all);
            try {
                Tx.run(tx, change.on(all));
            } catch (SQLException e) {
                throw invalid(f, "the subcommands are not valid for " + f.displayName(), e);
            }
            List<String> after = describe(tx, all);
            if (before.equals(after) && subs.stream().noneMatch(s -> s.using() != null)) {
                throw PgSwapException.nothingToDo(f.displayName() + " already has the definition the subcommands give "
                        + "it; nothing to do");
            }
            added(f, subs, before, after);
            List<Column> columns = new Inspector(tx).columns(Rows.longValue(tx, Statement.of(
                    "SELECT CAST(? AS regclass)::oid::bigint", all)));
            Map<String, String> retyped = new LinkedHashMap<>();
            List<String> dropped = new ArrayList<>();
            List<String> added = new ArrayList<>();
            for (Column c : f.columns()) {
                Column now = columns.stream().filter(x -> x.name().equals(c.name())).findFirst().orElse(null);
                if (now == null) {
                    dropped.add(c.name());
                } else if (!now.type().equals(c.type())) {
                    retyped.put(c.name(), now.type());
                }
            }
            columns.stream().filter(c -> f.column(c.name()).isEmpty()).forEach(c -> added.add(c.name()));
            return new Analysis(effects(tx, f, subs), columns, retyped, dropped, added,
                    count(after, "sequence ") - count(before, "sequence "));
        });
    }

    /** An empty temporary copy of the table: its columns, defaults, constraints, identity, indexes. */
    static String createCopy(TableFacts f, String name) {
        return "CREATE TEMP TABLE " + name + " (LIKE " + f.qualifiedName() + " INCLUDING ALL) ON COMMIT DROP";
    }

    /** The change must not add what the swap cannot carry: indexes (UNIQUE, PRIMARY KEY, EXCLUDE). */
    private static void added(TableFacts f, List<Subcommand> subs, List<String> before, List<String> after) {
        if (count(after, "index ") > count(before, "index ")) {
            throw PgSwapException.refused("the subcommands add an index (a UNIQUE, PRIMARY KEY or EXCLUDE constraint); "
                    + "add the column first, then build the index with CREATE UNIQUE INDEX CONCURRENTLY. Nothing was "
                    + "changed");
        }
    }

    private static long count(List<String> description, String kind) {
        return description.stream().filter(l -> l.startsWith(kind)).count();
    }

    /** Each subcommand alone, in order, on a copy with the table's indexes, at DEBUG1. */
    private static List<Effect> effects(Connection tx, TableFacts f, List<Subcommand> subs) throws SQLException {
        String each = "pg_temp." + EACH;
        Tx.execute(tx, List.of(createCopy(f, EACH)));
        List<Effect> out = new ArrayList<>();
        for (Subcommand s : subs) {
            Map<String, Long> nodes = filenodes(tx, each);
            List<String> messages;
            Tx.execute(tx, List.of("SAVEPOINT pgswap_each", "SET LOCAL client_min_messages = debug1"));
            try {
                messages = execute(tx, "ALTER TABLE " + each + " " + s.text());
                Tx.execute(tx, List.of("SET LOCAL client_min_messages = notice", "RELEASE SAVEPOINT pgswap_each"));
            } catch (SQLException e) {
                if (PgErrors.isConnectionLost(e)) {
                    throw e;
                }
                Tx.execute(tx, List.of("ROLLBACK TO SAVEPOINT pgswap_each", "SET LOCAL client_min_messages = notice"));
                out.add(new Effect(s, Work.UNKNOWN, 0));
                continue;
            }
            Map<String, Long> now = filenodes(tx, each);
            boolean rewrite = !now.get("").equals(nodes.get(""))
                    || messages.stream().anyMatch(m -> m.contains("rewriting table \""));
            boolean scan = messages.stream().anyMatch(m -> m.contains("verifying table \""));
            int rebuilt = 0;
            for (Map.Entry<String, Long> e : now.entrySet()) {
                if (!e.getKey().isEmpty() && nodes.containsKey(e.getKey()) && !nodes.get(e.getKey()).equals(e.getValue())) {
                    rebuilt++;
                }
            }
            out.add(new Effect(s, rewrite ? Work.REWRITE : scan ? Work.SCAN : Work.CATALOG, rewrite ? 0 : rebuilt));
        }
        return out;
    }

    /** The filenode of the table (key "") and of each of its indexes (by name). */
    private static Map<String, Long> filenodes(Connection tx, String table) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (String[] r : Rows.list(tx, Statement.of("""
                SELECT CASE WHEN c.oid = CAST(? AS regclass) THEN '' ELSE c.relname::text END,
                       coalesce(pg_relation_filenode(c.oid), 0)::text
                FROM pg_class c
                WHERE c.oid = CAST(? AS regclass)
                   OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = CAST(? AS regclass))""",
                table, table, table), rs -> new String[] {rs.getString(1), rs.getString(2)})) {
            out.put(r[0], Long.parseLong(r[1]));
        }
        return out;
    }

    /** Runs one statement and returns the messages the server sent with it (at the session's level). */
    private static List<String> execute(Connection tx, String sql) throws SQLException {
        try (java.sql.Statement st = tx.createStatement()) {
            st.execute(sql);
            List<String> out = new ArrayList<>();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                out.add(String.valueOf(w.getMessage()));
            }
            return out;
        }
    }

    /**
     * The definition of a table as the comparison for "nothing to do" and "adds an index or a
     * sequence" sees it: columns (type, NOT NULL, default, identity, generated, collation),
     * constraints, indexes, and the sequences its columns own.
     */
    private static List<String> describe(Connection tx, String table) throws SQLException {
        return Rows.strings(tx, Statement.of("""
                WITH t AS (SELECT CAST(? AS regclass) AS oid)
                SELECT 'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
                       || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attidentity::text
                       || a.attgenerated::text || ' ' || coalesce(a.attcollation::regcollation::text, '')
                FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                UNION ALL
                SELECT 'constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid) || ' ' || k.convalidated
                FROM t JOIN pg_constraint k ON k.conrelid = t.oid
                UNION ALL
                SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM t JOIN pg_index i ON i.indrelid = t.oid
                UNION ALL
                SELECT 'sequence ' || s.seqrelid::regclass::text || ' ' || format_type(s.seqtypid, NULL)
                FROM t JOIN pg_depend dep ON dep.refobjid = t.oid AND dep.classid = 'pg_class'::regclass
                  AND dep.deptype IN ('a', 'i')
                JOIN pg_sequence s ON s.seqrelid = dep.objid
                ORDER BY 1""", table));
    }

    /** The server refused the user's SQL: exit 3 with its message, detail and hint. */
    static PgSwapException invalid(TableFacts f, String what, SQLException e) throws SQLException {
        if (PgErrors.isConnectionLost(e) || PgErrors.sqlState(e) != null && PgErrors.sqlState(e).startsWith("53")) {
            throw e;
        }
        String detail = PgErrors.detail(e);
        String hint = hint(e);
        String said = PgErrors.message(e) + (detail == null ? "" : " (" + detail + ")")
                + (hint == null ? "" : " (hint: " + hint + ")");
        // the server spoke of the temporary copy the subcommands were tried on: name the table instead
        said = said.replace("\"" + ALL + "\"", "\"" + f.name() + "\"").replace(ALL, f.name());
        return new PgSwapException(ExitCode.REFUSED, what + ": " + said + ". Nothing was changed", e,
                e.getSQLState());
    }

    private static String hint(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getHint();
        }
        return null;
    }
}
