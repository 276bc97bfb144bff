package io.pgswap.ops;

import io.pgswap.catalog.TableFacts;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.plan.Plan;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Locale;

/**
 * For the plan: how many of the table's rows a new constraint's validation would reject. Counted
 * on a table of a few hundred pages; on a bigger one, estimated from a block sample of about as
 * many pages, so the plan stays fast whatever the table's size (and the query is cut off after a
 * few seconds). Read only.
 */
final class ViolationSample {
    static final long PAGES = 300;
    private static final long PAGE_BYTES = 8192;
    private static final String TIMEOUT = "5s";

    private ViolationSample() {
    }

    /**
     * @param violates   a condition that is true for a row the constraint rejects
     * @param alias      the name {@code violates} gives the table's rows (null: the table's own name)
     * @param constraint the constraint, as the finding names it
     * @param find       the query that lists the rejected rows, for the user to run
     * @return nothing for a partitioned table (its rows are in the partitions, which the plan does not
     *     sample) or one with FORCE ROW LEVEL SECURITY (the sample would see only what the policies show)
     */
    static List<Plan.Finding> findings(Connection c, TableFacts f, String violates, String alias, String constraint,
                                       String find) throws SQLException {
        if (f.relkind() != 'r' || f.forceRowSecurity()) {
            return List.of();
        }
        long pages = Math.max(1, f.heapBytes() / PAGE_BYTES);
        boolean counted = pages <= PAGES;
        String from = "FROM ONLY " + f.qualifiedName() + (alias == null ? "" : " " + alias)
                + (counted ? "" : String.format(Locale.ROOT, " TABLESAMPLE SYSTEM (%.6f)", 100.0 * PAGES / pages));
        Statement q = Statement.of("SELECT count(*) FILTER (WHERE v), count(*) FROM (SELECT (" + violates + ") AS v "
                + from + ") x");
        long[] n;
        boolean inTransaction = !c.getAutoCommit();
        Savepoint sp = inTransaction ? c.setSavepoint() : null;
        try {
            if (inTransaction) {
                Rows.first(c, Statement.of("SELECT set_config('statement_timeout', ?, true)", TIMEOUT), rs -> null);
            }
            n = Rows.first(c, q, rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElseThrow();
        } catch (SQLException e) {
            if (sp == null) {
                throw e;
            }
            c.rollback(sp); // the statement_timeout goes with it
            return List.of(Plan.Finding.info("rows violating " + constraint + " not estimated ("
                    + PgErrors.message(e) + "); they are: " + find));
        }
        if (sp != null) {
            c.rollback(sp);
        }
        return List.of(finding(n[0], n[1], counted, f.estimatedRows(), constraint, find));
    }

    static Plan.Finding finding(long violating, long examined, boolean counted, long estimatedRows, String constraint,
                                String find) {
        if (violating == 0) {
            return Plan.Finding.info(counted ? "no row violates " + constraint + " (all " + examined + " counted)"
                    : "no row of a sample of " + examined + " (of about " + estimatedRows + ") violates " + constraint
                    + "; the validation checks every row");
        }
        String how = counted ? violating + " of the " + examined + " rows violate " + constraint
                : "about " + Math.max(violating, Math.round((double) violating * estimatedRows / Math.max(1, examined)))
                + " rows violate " + constraint + " (" + violating + " of a sample of " + examined + ")";
        return Plan.Finding.warning(how + ": the validation will fail until they are fixed (the constraint then "
                + "stays NOT VALID and checks new writes). They are: " + find);
    }
}
