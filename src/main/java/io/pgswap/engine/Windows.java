package io.pgswap.engine;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.LockGate;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Tuning;
import io.pgswap.pipeline.RevertWindow;
import io.pgswap.pipeline.SwapPipeline;
import io.pgswap.retry.Clock;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.RunLock;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Revert windows seen from outside their migration: a later run of another request on the table,
 * {@code pgswap status} and {@code pgswap cleanup} end a window that is over. Each end takes the
 * table's run lock first, so it never races a revert.
 */
public final class Windows {
    private Windows() {
    }

    /**
     * {@code m}, an unfinished migration of {@code f}, stands in the way of another request. If it
     * waits in a revert window that is over, ends the window and returns true (in a dry run:
     * returns true without changing anything); otherwise refuses, saying what to do.
     */
    static boolean makeWay(Connection c, TableFacts f, MigrationRecord m, Clock clock, Tuning tuning)
            throws SQLException {
        String t = f.displayName();
        java.util.Optional<String> running = io.pgswap.state.RunLock.heldBy(c, f.oid());
        if (running.isPresent()) {
            throw PgSwapException.refused("a pgswap run is working on " + t + " right now (migration #" + m.id() + ", "
                    + m.operation() + ", at step " + m.phase() + "): " + running.get() + ". Wait for it to finish "
                    + "(see 'pgswap status'), then run this command again");
        }
        if (!SwapPipeline.REVERT_WINDOW.equals(m.phase())) {
            throw PgSwapException.refused(t + " has an unfinished migration #" + m.id() + " (" + m.operation()
                    + ", at step " + m.phase() + "); finish it with 'pgswap resume " + t + "' or remove it with "
                    + "'pgswap abort " + t + "'");
        }
        StateStore.RevertState st = StateStore.revertState(c, m.id()).orElseThrow();
        if (!st.expired()) {
            throw PgSwapException.refused(t + " keeps the revert window of migration #" + m.id() + " ("
                    + Resume.describe(m) + ") open until " + st.until() + ": 'pgswap revert " + t + "' swaps back; to "
                    + "end the window now, run 'pgswap resume " + t + " --revert-window 0', then this command again");
        }
        if (!c.isReadOnly()) {
            end(c, m, st, clock, tuning);
        }
        return true;
    }

    /** The revert windows that are over and not ended yet, for dry runs. */
    public static List<String> expired(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (MigrationRecord m : StateStore.all(c)) {
            StateStore.RevertState st = SwapPipeline.REVERT_WINDOW.equals(m.phase())
                    ? StateStore.revertState(c, m.id()).orElse(null) : null;
            if (st != null && st.expired()) {
                out.add("the revert window of migration #" + m.id() + " on "
                        + io.pgswap.sql.QualifiedName.format(m.schema(), m.table()) + " (ended " + st.until() + ")");
            }
        }
        return out;
    }

    /** Ends every revert window that is over; returns what was ended ("migration #N of T"). */
    public static List<String> endExpired(Connection c, Clock clock, Tuning tuning) throws SQLException {
        List<String> out = new ArrayList<>();
        for (MigrationRecord m : StateStore.all(c)) {
            if (!SwapPipeline.REVERT_WINDOW.equals(m.phase())) {
                continue;
            }
            StateStore.RevertState st = StateStore.revertState(c, m.id()).orElse(null);
            if (st != null && st.expired() && end(c, m, st, clock, tuning)) {
                out.add("the revert window of migration #" + m.id() + " on "
                        + io.pgswap.sql.QualifiedName.format(m.schema(), m.table()) + " (ended " + st.until() + ")");
            }
        }
        return out;
    }

    /** Ends the window unless a run holds the table (a revert, say); returns whether it did. */
    private static boolean end(Connection c, MigrationRecord m, StateStore.RevertState st, Clock clock, Tuning tuning)
            throws SQLException {
        if (!RunLock.tryLock(c, m.tableOid())) {
            return false;
        }
        try {
            MigrationRecord now = StateStore.find(c, m.id()).orElse(m);
            if (!SwapPipeline.REVERT_WINDOW.equals(now.phase())) {
                return false;
            }
            RevertWindow.close(c, now, new LockGate(clock, tuning, new StopSignal(), new Progress()), st.dropOld());
            return true;
        } finally {
            RunLock.unlock(c, m.tableOid());
        }
    }
}
