package io.pgswap.pipeline;

import io.pgswap.catalog.LockLevel;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import io.pgswap.swap.RevertSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a revert window, wherever it is noticed (a later run on the table, {@code pgswap
 * cleanup}, {@code pgswap status}): the reverse capture triggers leave the live table (ACCESS
 * EXCLUSIVE for a moment, bounded and retried), then the trigger function and the reverse log go,
 * the migration is done, and the old table is dropped in its own transaction when that was asked
 * for; otherwise it is kept, as after a swap without a window.
 */
public final class RevertWindow {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private RevertWindow() {
    }

    /** The statements {@link #close} runs, for plans and dry runs ({@code liveTable}: quoted, or null if gone). */
    public static List<String> closeStatements(MigrationRecord m, String liveTable, boolean dropOld) {
        List<String> out = new ArrayList<>(RevertSql.closeWindow(liveTable, names(m)));
        if (dropOld && m.oldTable() != null) {
            out.add("DROP TABLE IF EXISTS " + Sql.qualified(m.schema(), m.oldTable()));
        }
        return out;
    }

    /** Ends the window of {@code m} (at step revert-window) now; {@code dropOld}: also drop the old table. */
    public static void close(Connection c, MigrationRecord m, LockGate gate, boolean dropOld) throws SQLException {
        String live = liveTable(c, m);
        String table = QualifiedName.format(m.schema(), m.table());
        List<LockUse> locks = live == null ? List.of() : List.of(new LockUse(live, LockLevel.ACCESS_EXCLUSIVE));
        gate.run(c, locks, "ending the revert window of " + table, tx -> {
            Tx.execute(tx, RevertSql.closeWindow(live, names(m)));
            StateStore.setPhase(tx, m.id(), MigrationRecord.DONE);
            return null;
        });
        String old = m.oldTable() == null ? null : Sql.qualified(m.schema(), m.oldTable());
        if (dropOld && old != null) {
            gate.run(c, List.of(new LockUse(old, LockLevel.ACCESS_EXCLUSIVE)), "dropping the old table", tx -> {
                Tx.execute(tx, List.of("DROP TABLE IF EXISTS " + old));
                return null;
            });
            LOG.info("the revert window of migration #{} on {} ended: the reverse trigger and its log are removed, "
                    + "and the old table {} is dropped", m.id(), table, old);
        } else {
            LOG.info("the revert window of migration #{} on {} ended: the reverse trigger and its log are removed; "
                    + "the old table is kept as {} (drop it when the workload is quiet: DROP TABLE {};)", m.id(), table,
                    old, old);
        }
    }

    /** The table the migration's state row names now (the new table after the swap), quoted, or null if gone. */
    static String liveTable(Connection c, MigrationRecord m) throws SQLException {
        return Rows.first(c, Statement.of("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = ?::oid""", m.tableOid()), rs -> Sql.qualified(rs.getString(1), rs.getString(2)))
                .orElse(null);
    }

    private static Names names(MigrationRecord m) {
        return new Names(m.id(), m.schema(), m.table());
    }
}
