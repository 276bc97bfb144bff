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
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A row that does not fit the new definition (a USING that fails on it, a value too large for a
 * narrower type, a new CHECK or NOT NULL it breaks) stops the copy or the replay. The message
 * gives the server's error and the key of such a row, found by copying halves of the table's
 * heap pages into an empty scratch copy with the new definition, each attempt rolled back, down
 * to one page and then one row: about one scan of the table, only after a failure.
 */
final class AlterRows {
    private static final String ROWS = "pgswap_alter_rows";

    private AlterRows() {
    }

    /** The failure as the user should see it, or null when it is not a data error. */
    static PgSwapException explain(SQLException e, boolean duringReplay, TableFacts f, SwapRecipe.Change change,
                                   SwapRecipe.Mapping mapping, Probe server) {
        if (!isDataError(e)) {
            return null;
        }
        String key;
        try {
            key = failingKey(f, change, mapping, server);
        } catch (SQLException | RuntimeException search) {
            key = null;
        }
        String detail = PgErrors.detail(e);
        return new PgSwapException(ExitCode.FAILED, (duringReplay ? "a row written to " + f.displayName()
                + " during the migration" : "a row of " + f.displayName()) + " does not fit the new definition: "
                + PgErrors.message(e) + (detail == null ? "" : " (" + detail + ")")
                + (key == null ? "" : "; for example the row with " + key)
                + ". Nothing was swapped and the helper objects were removed. Fix such rows (or the USING expression), "
                + "then run the same command again", e, e.getSQLState());
    }

    /** Data exceptions (class 22), and the NOT NULL and CHECK constraints the change may add. */
    static boolean isDataError(Throwable e) {
        String s = PgErrors.sqlState(e);
        return s != null && (s.startsWith("22") || s.equals(PgErrors.NOT_NULL_VIOLATION)
                || s.equals(PgErrors.CHECK_VIOLATION));
    }

    /** "id = 42" for a row that fails to copy now, or null when none does. */
    static String failingKey(TableFacts f, SwapRecipe.Change change, SwapRecipe.Mapping mapping, Probe server)
            throws SQLException {
        if (f.key().isEmpty()) {
            return null;
        }
        return server.scratch(tx -> {
            String probe = "pg_temp." + ROWS;
            Tx.execute(tx, List.of("CREATE TEMP TABLE " + ROWS + " (LIKE " + f.qualifiedName() + " INCLUDING DEFAULTS "
                    + "INCLUDING CONSTRAINTS INCLUDING IDENTITY INCLUDING GENERATED) ON COMMIT DROP"));
            Tx.run(tx, change.on(probe));
            List<Column> columns = new Inspector(tx).columns(Rows.longValue(tx, Statement.of(
                    "SELECT CAST(? AS regclass)::oid::bigint", probe)));
            ColumnMapping m = mapping.derive(f, columns);
            Statement select = m.selectList();
            String insert = "INSERT INTO " + probe + " (" + m.insertColumns() + ")\n" + m.overriding()
                    + "SELECT " + select.text() + "\nFROM ONLY " + f.qualifiedName() + " o\nWHERE ";
            Statement range = select.withText(insert + "o.ctid >= CAST(? AS tid) AND o.ctid < CAST(? AS tid)");
            Statement one = select.withText(insert + "o.ctid = CAST(? AS tid)");
            long lo = 0;
            long hi = Rows.longValue(tx, Statement.of("SELECT pg_relation_size(CAST(? AS regclass)) / "
                    + "current_setting('block_size')::bigint + 1", f.qualifiedName()));
            if (!fails(tx, range.with(tid(lo), tid(hi)))) {
                return null;
            }
            while (hi - lo > 1) {
                long mid = lo + (hi - lo) / 2;
                if (fails(tx, range.with(tid(lo), tid(mid)))) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            for (String ctid : Rows.strings(tx, Statement.of("SELECT ctid::text FROM ONLY " + f.qualifiedName()
                    + " WHERE ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid)", tid(lo), tid(lo + 1)))) {
                if (fails(tx, one.with(ctid))) {
                    return key(tx, f, ctid);
                }
            }
            return null;
        });
    }

    private static String tid(long page) {
        return "(" + page + ",0)";
    }

    /** Whether copying these rows fails with a data error; the attempt is always rolled back. */
    private static boolean fails(Connection tx, Statement insert) throws SQLException {
        Tx.execute(tx, List.of("SAVEPOINT pgswap_rows"));
        try (PreparedStatement ps = insert.prepare(tx)) {
            ps.executeUpdate();
            return false;
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            return true;
        } finally {
            Tx.execute(tx, List.of("ROLLBACK TO SAVEPOINT pgswap_rows"));
        }
    }

    private static String key(Connection tx, TableFacts f, String ctid) throws SQLException {
        List<Column> key = f.keyColumns();
        String names = key.size() == 1 ? key.get(0).name()
                : "(" + String.join(", ", key.stream().map(Column::name).toList()) + ")";
        String values = Rows.string(tx, Statement.of("SELECT " + (key.size() == 1
                ? "o." + Sql.ident(key.get(0).name()) + "::text"
                : "concat('(', concat_ws(', ', " + String.join(", ", key.stream().map(c -> "o." + Sql.ident(c.name())
                + "::text").toList()) + "), ')')") + " FROM ONLY " + f.qualifiedName() + " o WHERE o.ctid = CAST(? AS tid)",
                ctid));
        return names + " = " + values;
    }
}
