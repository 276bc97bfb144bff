package io.pgswap.engine;

import io.pgswap.capture.Capture;
import io.pgswap.db.Tx;
import io.pgswap.plan.Names;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Sql;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.Phase;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes every helper object of a migration that has not swapped: the capture triggers first
 * (so nothing more is logged), then the function, the log and the shadow. The original table's
 * data is never touched; only the triggers are dropped from it, each under lock_timeout.
 */
public final class Aborter {
    private Aborter() {
    }

    public static void abort(Connection c, MigrationRecord m, Phase finalPhase, String error, Clock clock,
                             Duration budget) throws SQLException {
        Names n = new Names(m.id(), m.schema(), m.table());
        String table = currentName(c, m.tableOid());
        List<String> drops = new ArrayList<>(Capture.drop(table, n));
        drops.add("DROP TABLE IF EXISTS " + n.shadow());
        Tx.withLockRetry(c, clock, budget, "removing the capture trigger from " + io.pgswap.sql.QualifiedName.format(m.schema(), m.table()),
                tx -> {
                    Tx.execute(tx, drops);
                    StateStore.setPhase(tx, m.id(), finalPhase);
                    if (error != null) {
                        StateStore.recordError(tx, m.id(), error);
                    }
                    return null;
                });
    }

    /** The table's current qualified name (it may have been renamed since), or null if it is gone. */
    static String currentName(Connection c, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = ?::oid""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Sql.qualified(rs.getString(1), rs.getString(2)) : null;
            }
        }
    }
}
