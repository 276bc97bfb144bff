package io.pgswap.engine;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.Inspector;
import io.pgswap.core.Target;
import io.pgswap.sql.QualifiedName;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Finds the unfinished migration to continue, and the request it was started with. */
public final class Resume {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("pgswap");
    private Resume() {
    }

    /** The migration's request for people ("add-not-null status --fill 'x'"), or its operation's name. */
    public static String describe(MigrationRecord m) {
        try {
            return ArgsJson.request(m).describe();
        } catch (RuntimeException e) {
            return m.operation();
        }
    }

    /** Whether an unfinished migration's state row no longer describes its table (restored from a dump?). */
    public static boolean orphaned(Connection c, MigrationRecord m) throws SQLException {
        return m.isActive() && Cleanup.orphaned(c, m, -1);
    }

    /**
     * The request of the one unfinished migration (of {@code table} when given); empty when there
     * is none. Orphaned migrations (restored from a dump) are not resumable: 'pgswap abort' removes them.
     */
    public static Optional<Request<?>> find(Connection c, Target table) throws SQLException {
        Optional<MigrationRecord> m = migration(c, table);
        return m.isEmpty() ? Optional.empty() : Optional.of(ArgsJson.request(m.get()));
    }

    /** The request a stored migration was started with (its arguments, its table as recorded). */
    public static Request<?> request(MigrationRecord m) {
        return ArgsJson.request(m);
    }

    /** The one unfinished migration (of {@code table} when given), as {@link #find} chooses it. */
    public static Optional<MigrationRecord> migration(Connection c, Target table) throws SQLException {
        List<MigrationRecord> active = StateStore.all(c).stream().filter(MigrationRecord::isActive).toList();
        if (table != null) {
            long oid = new Inspector(c).resolveTable(table.schema(), table.table());
            java.util.Set<Long> tree = new Inspector(c).withPartitions(oid); // a partitioned table: its partitions' runs
            active = active.stream().filter(m -> tree.contains(m.tableOid())).toList();
        }
        List<MigrationRecord> live = new java.util.ArrayList<>();
        for (MigrationRecord m : active) {
            if (!Cleanup.orphaned(c, m, -1)) {
                live.add(m);
            }
        }
        if (live.isEmpty()) {
            return Optional.empty();
        }
        if (live.size() > 1) {
            throw PgSwapException.usage("several migrations are unfinished ("
                    + live.stream().map(m -> "#" + m.id() + " " + QualifiedName.format(m.schema(), m.table())).toList()
                    + "); name the table: pgswap resume TABLE");
        }
        MigrationRecord m = live.get(0);
        if (table != null && !m.table().equals(table.table())) {
            LOG.info("{} is partitioned: resuming migration #{} of its partition {}; run the original command on {} "
                    + "again to continue with the partitions after it", table, m.id(),
                    QualifiedName.format(m.schema(), m.table()), table);
        }
        return Optional.of(m);
    }
}
