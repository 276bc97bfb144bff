package io.pgswap.inplace;

import io.pgswap.catalog.TableFacts;
import io.pgswap.db.Rows;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What the index actions ask the catalog about one table's indexes, read only. */
final class IndexCatalog {
    private final Connection work;
    private final TableFacts facts;

    IndexCatalog(Connection work, TableFacts facts) {
        this.work = work;
        this.facts = facts;
    }

    /** Whether an INVALID index of that name (or a REINDEX copy of it) is on the table. */
    boolean invalidLeft(String schema, String index) {
        try {
            return Rows.bool(work, Statement.of("""
                    SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                                   JOIN pg_namespace n ON n.oid = c.relnamespace
                                   WHERE n.nspname = ? AND (c.relname = ? OR starts_with(c.relname, ? || '_cc'))
                                     AND NOT i.indisvalid AND i.indrelid = CAST(? AS oid))""", schema, index, index,
                    facts.oid()));
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * "2 value(s) occur more than once (5 rows), e.g. (a)=(7) 3 times; ..." from the index's own
     * definition (its key expressions and predicate as the server prints them).
     */
    String duplicates(String schema, String index) throws SQLException {
        Object[] def = Rows.first(work, Statement.of("""
                SELECT ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k
                             ORDER BY k),
                       pg_get_expr(i.indpred, i.indrelid, true), NULLSNOTDISTINCT
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?""".replace("NULLSNOTDISTINCT",
                facts.serverVersionNum() >= 150000 ? "i.indnullsnotdistinct" : "false"), schema, index),
                rs -> new Object[] {Rows.strings(rs.getArray(1)), rs.getString(2), rs.getBoolean(3)}).orElseThrow(
                        () -> new SQLException("the index is gone"));
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) def[0];
        List<String> where = new ArrayList<>();
        if (def[1] != null) {
            where.add("(" + def[1] + ")");
        }
        if (!(Boolean) def[2]) {
            keys.forEach(k -> where.add("(" + k + ") IS NOT NULL"));
        }
        String cols = String.join(", ", keys);
        // the key expressions are the server's own text, which may contain '?' (a jsonb operator): no bind values here
        String sql = "WITH d AS (SELECT ROW(" + cols + ")::text AS v, count(*) AS n FROM ONLY "
                + facts.qualifiedName() + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " GROUP BY " + cols + " HAVING count(*) > 1)\n"
                + "SELECT count(*), coalesce(sum(n), 0),\n"
                + "       (SELECT string_agg(" + Sql.literal("(" + cols + ")=") + " || v || ' ' || n || ' times', '; ')\n"
                + "        FROM (SELECT v, n FROM d ORDER BY n DESC, v LIMIT 5) s)\n"
                + "FROM d";
        try (java.sql.Statement st = work.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return "a duplicate was written while the index was built (none is left now)";
            }
            return rs.getLong(1) + " value(s) of (" + cols + ") occur more than once (" + rs.getLong(2) + " rows), e.g. "
                    + rs.getString(3);
        }
    }

    /**
     * INVALID indexes on the table named like REINDEX CONCURRENTLY names its copies of this index
     * ({@code name_ccnew}, {@code name_ccold}, perhaps cut short and numbered) with its definition:
     * {name, is the new copy}.
     */
    List<Object[]> leftovers(String schema, String index) throws SQLException {
        return Rows.list(work, Statement.of("""
                SELECT c.relname, c.relname ~ '_ccnew[0-9]*$'
                FROM pg_index x
                JOIN pg_class xc ON xc.oid = x.indexrelid
                JOIN pg_namespace n ON n.oid = xc.relnamespace
                JOIN pg_index i ON i.indrelid = x.indrelid AND i.indexrelid <> x.indexrelid AND NOT i.indisvalid
                JOIN pg_class c ON c.oid = i.indexrelid
                WHERE n.nspname = ? AND xc.relname = ? AND c.relname ~ '_cc(new|old)[0-9]*$'
                  AND starts_with(xc.relname, regexp_replace(c.relname, '_cc(new|old)[0-9]*$', ''))
                  AND substr(pg_get_indexdef(i.indexrelid), length(format('CREATE %sINDEX %I ON ',
                             CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END, c.relname)) + 1)
                    = substr(pg_get_indexdef(x.indexrelid), length(format('CREATE %sINDEX %I ON ',
                             CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END, xc.relname)) + 1)
                ORDER BY c.relname""", schema, index), rs -> new Object[] {rs.getString(1), rs.getBoolean(2)});
    }

    long size(String index) throws SQLException {
        Long s = Rows.longValue(work, Statement.of("SELECT pg_relation_size(to_regclass(?))", index));
        return s == null ? 0 : s;
    }

    String pretty(long bytes) throws SQLException {
        return Rows.string(work, Statement.of("SELECT pg_size_pretty(CAST(? AS bigint))", bytes));
    }
}
