package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * NOT VALID CHECK constraints and the batched UPDATEs of in-place recipes: PostgreSQL checks every
 * row an UPDATE writes against every CHECK constraint of the table, validated or not, so a backfill
 * that reaches a row breaking a NOT VALID one fails there. Found before anything is created.
 */
final class NotValidChecks {
    private NotValidChecks() {
    }

    /**
     * Refuses (exit 3) a backfill that updates every row when a row breaks a NOT VALID CHECK
     * constraint of the table; {@code backfill}: what updates them, for the message ("the backfill
     * of column c"). (add-not-null's fill, which updates the NULL rows only, is checked by {@link FillValue}.)
     */
    static void refuseBroken(Connection c, TableFacts f, String backfill) throws SQLException {
        List<String[]> checks = Rows.list(c, Statement.of("""
                SELECT conname, pg_get_expr(conbin, conrelid) FROM pg_constraint
                WHERE conrelid = ?::oid AND contype = 'c' AND NOT convalidated ORDER BY conname""", f.oid()),
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        for (String[] k : checks) {
            String where = " FROM ONLY " + f.qualifiedName() + " WHERE NOT (" + k[1] + ")";
            long broken = Rows.longValue(c, Statement.of("SELECT count(*)" + where));
            if (broken > 0) {
                throw PgSwapException.refused(backfill + " updates every row of " + f.displayName() + ", and "
                        + "PostgreSQL checks every updated row against each CHECK constraint, a NOT VALID one too: "
                        + broken + " of those rows break the NOT VALID constraint " + k[0] + " (" + k[1] + "), so the "
                        + "backfill would "
                        + "fail at the first of them. Fix those rows (SELECT *" + where + ") or drop the constraint, "
                        + "then run again; nothing was changed");
            }
        }
    }

    /**
     * A backfill batch that failed on a constraint other than {@code own} (pgswap's, or null): the
     * message names it; null when the failure is not such a violation.
     */
    static PgSwapException otherConstraint(SQLException e, TableFacts f, String own, String backfill) {
        String named = PgErrors.constraint(e);
        if (!PgErrors.isIntegrityViolation(e) || named == null || named.equals(own)) {
            return null;
        }
        return new PgSwapException(ExitCode.FAILED, backfill + " updated a row of " + f.displayName() + " that "
                + "breaks its constraint " + named + " (" + PgErrors.message(e) + "): PostgreSQL checks every updated "
                + "row against each constraint, a NOT VALID one too. The rows updated so far keep their values: fix "
                + "the rows that break " + named + " and run the same command again to continue, or 'pgswap abort "
                + f.displayName() + "' to remove what pgswap added", e, e.getSQLState());
    }
}
