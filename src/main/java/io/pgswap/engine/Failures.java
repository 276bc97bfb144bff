package io.pgswap.engine;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Tuning;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Tx;
import io.pgswap.pipeline.SwapPipeline;
import io.pgswap.retry.Clock;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed run leaves (I6). Before the swap: a stop, a lock give-up or a lost connection
 * stays resumable (the message says "rerun to resume"); any other failure removes the helper
 * objects, so the original is exactly as it was, with no trigger, except a checksum mismatch
 * ({@link io.pgswap.KeptFailure}), which keeps them for inspection. After the swap, and for
 * in-place recipes (every step leaves a valid table, I10), the state row keeps the step, and the
 * message says how the run continues or is undone.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private static final String REMOVED = "; nothing was swapped and the helper objects were removed, so ";

    private Failures() {
    }

    static PgSwapException handle(Connection c, MigrationRecord m, String table, Throwable e, Clock clock,
                                  Tuning tuning) {
        Tx.rollbackQuietly(c);
        MigrationRecord now = find(c, m);
        boolean resumable = e instanceof PgSwapException p
                ? p.exitCode() == ExitCode.STOPPED || p.exitCode() == ExitCode.GAVE_UP
                : transientError(e);
        boolean keep = resumable || e instanceof io.pgswap.KeptFailure || !now.isSwap() || SwapPipeline.swapped(now.phase()) || !now.isActive();
        PgSwapException out = explain(e, now, table, keep, resumable);
        if (keep) {
            record(c, m, out.getMessage());
        } else {
            try {
                Aborter.abort(c, now, MigrationRecord.FAILED, out.getMessage(), clock, tuning);
                LOG.info("removed the helper objects of migration #{}; {} is as it was", m.id(), table);
            } catch (SQLException | RuntimeException cleanup) {
                LOG.warn("could not remove the helper objects after the failure ({}); run 'pgswap abort {}'",
                        PgErrors.message(cleanup), table);
                // the message must not claim the removal that just failed
                String removed = REMOVED + table + " is as it was";
                if (out.getMessage().contains(removed)) {
                    out = new PgSwapException(ExitCode.FAILED, out.getMessage().replace(removed, "; nothing was "
                            + "swapped (" + table + " is intact), but removing the helper objects failed ("
                            + PgErrors.message(cleanup) + "): 'pgswap abort " + table + "' removes them"),
                            e, PgErrors.sqlState(e));
                    record(c, m, out.getMessage());
                }
            }
        }
        if (e instanceof Error err) {
            throw err;
        }
        return out;
    }

    /** A lost connection, a server shutting down, a full disk: the work done so far is still good. */
    private static boolean transientError(Throwable e) {
        String s = PgErrors.sqlState(e);
        return PgErrors.isConnectionLost(e) || (s != null && s.startsWith("53"));
    }

    private static PgSwapException explain(Throwable e, MigrationRecord m, String table, boolean keep,
                                           boolean resumable) {
        if (e instanceof PgSwapException p) {
            return p;
        }
        String what = e instanceof SQLException s ? "server error " + s.getSQLState() + ": " + PgErrors.message(s)
                : "internal error: " + e;
        String tail;
        if (resumable) {
            tail = "; the migration is kept: rerun the same command to resume";
        } else if (!keep) {
            tail = REMOVED + table + " is as it was"
                    + (e instanceof SQLException ? "" : ". Please report this");
        } else if (m.isSwap()) {
            tail = "; the swap is done (the new table is live); rerun the same command to finish the migration";
        } else {
            tail = "; the table is valid and migration #" + m.id() + " is at step " + m.phase()
                    + ": rerun the same command to continue, or 'pgswap abort " + table + "'";
        }
        return new PgSwapException(ExitCode.FAILED, what + tail, e, PgErrors.sqlState(e));
    }

    private static MigrationRecord find(Connection c, MigrationRecord m) {
        try {
            return StateStore.find(c, m.id()).orElse(m);
        } catch (SQLException e) {
            return m;
        }
    }

    private static void record(Connection c, MigrationRecord m, String error) {
        try {
            StateStore.recordError(c, m.id(), error);
        } catch (SQLException ignored) {
            // the state row keeps its last good step and checkpoint
        }
    }
}
