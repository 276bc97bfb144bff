package io.pgswap.engine;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Tuning;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.Recipe;
import io.pgswap.retry.Clock;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.RunLock;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes what a migration added, and nothing else (I6, I11). A swap that has not happened: the
 * capture triggers first (so nothing more is logged), then the function, the log and the shadow;
 * the original's data is never touched. An in-place migration: the undo of every step pgswap ran,
 * last first (a step that was already done before pgswap came is left alone).
 */
public final class Aborter {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private Aborter() {
    }

    /**
     * {@code pgswap abort TABLE}: undoes the table's unfinished migration, or an orphaned one that
     * names the table (its state row points at an OID the table no longer has: restored from a
     * dump). Returns what was done (or, with {@code dryRun}, would be done); empty when there is
     * nothing to abort.
     */
    public static List<String> forTable(Connection c, io.pgswap.core.Target t, boolean dryRun, Clock clock,
                                        Tuning tuning) throws SQLException {
        return series(c, t, dryRun, clock, tuning).undone();
    }

    /**
     * What {@code abort} undid and what it could not: on a partitioned table, the unfinished
     * partition's migration, and with it the series it belongs to (the partitions the same command
     * finished before it: their index builds undone as well, as a unique index on some partitions
     * only is still enforced); a partition the series swapped, or gave a constraint, keeps its change
     * ({@code kept}: said, and then the table is not called as it was).
     */
    public record Aborted(List<String> undone, List<String> kept) {
    }

    public static Aborted series(Connection c, io.pgswap.core.Target t, boolean dryRun, Clock clock,
                                 Tuning tuning) throws SQLException {
        long oid = new Inspector(c).resolveTable(t.schema(), t.table());
        String table = QualifiedName.format(t.schema() == null ? Rows.string(c, Statement.of(
                "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?::oid",
                oid)) : t.schema(), t.table());
        java.util.Set<Long> tree = new Inspector(c).withPartitions(oid); // a partitioned table: its partitions' runs
        List<MigrationRecord> mine = new ArrayList<>();
        for (MigrationRecord m : StateStore.all(c)) {
            if (m.isActive() && (tree.contains(m.tableOid()) || Cleanup.orphaned(c, m, -1)
                    && Rows.bool(c, Statement.of("SELECT to_regclass(?)::oid::bigint = ?",
                    Sql.qualified(m.schema(), m.table()), oid)))) {
                mine.add(m);
            }
        }
        List<String> done = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<MigrationRecord> before = new ArrayList<>();
        for (MigrationRecord m : mine) {
            if (m.tableOid() != oid && tree.contains(m.tableOid())) {
                before.addAll(seriesBefore(c, oid, m));
            }
        }
        for (MigrationRecord m : mine) {
            if (!RunLock.tryLock(c, m.tableOid()) || !RunLock.tryLock(c, oid)) {
                throw io.pgswap.PgSwapException.refused("a pgswap run is working on " + table + " right now: "
                        + RunLock.holder(c, oid) + "; stop it (Ctrl-C or SIGTERM) first");
            }
            try {
                if (m.isSwap() && io.pgswap.pipeline.SwapPipeline.REVERT_WINDOW.equals(m.phase())) {
                    throw io.pgswap.PgSwapException.refused("migration #" + m.id() + " already swapped " + table
                            + " and keeps its revert window open: 'pgswap revert " + table + "' swaps back; the "
                            + "window ends by itself, or now with 'pgswap resume " + table + " --revert-window 0'");
                }
                if (m.isSwap() && io.pgswap.pipeline.SwapPipeline.swapped(m.phase())) {
                    throw io.pgswap.PgSwapException.refused("migration #" + m.id() + " already swapped " + table
                            + "; there is nothing to undo before the swap. Run the same command again to finish it");
                }
                boolean own = tree.contains(m.tableOid());
                MigrationRecord target = own ? m : withTable(m, oid);
                List<String> sql = describe(c, target);
                if (!dryRun) {
                    abort(c, target, MigrationRecord.ABORTED, own ? null
                            : "orphaned (its state row named another OID: restored from a dump?); aborted", clock, tuning);
                }
                done.add("migration #" + m.id() + " (" + m.operation() + (m.tableOid() == oid || !own ? ""
                        : " of partition " + QualifiedName.format(m.schema(), m.table())) + ", at step " + m.phase() + ")"
                        + (sql.isEmpty() ? "" : ": " + String.join("; ", sql)));
            } finally {
                RunLock.unlock(c, m.tableOid());
                RunLock.unlock(c, oid);
            }
        }
        for (MigrationRecord m : before) {
            String partition = "partition " + QualifiedName.format(m.schema(), m.table());
            if (m.isSwap()) {
                kept.add(partition + " keeps the change of migration #" + m.id() + " (" + m.operation() + ", swapped: "
                        + "a swap is not undone)");
                continue;
            }
            if (!"add-index".equals(m.operation())) { // a constraint made of the index is not undone by dropping it
                kept.add(partition + " keeps what migration #" + m.id() + " (" + m.operation() + ", done before in the "
                        + "same series) made; abort undoes only the index builds of a finished partition");
                continue;
            }
            List<String> sql = describe(c, m);
            if (!dryRun) {
                if (!RunLock.tryLock(c, m.tableOid())) {
                    throw io.pgswap.PgSwapException.refused("a pgswap run is working on " + partition + " right now: "
                            + RunLock.holder(c, m.tableOid()) + "; stop it (Ctrl-C or SIGTERM) first");
                }
                try {
                    abort(c, m, MigrationRecord.ABORTED, "undone with the rest of its series by 'pgswap abort "
                            + table + "'", clock, tuning);
                } finally {
                    RunLock.unlock(c, m.tableOid());
                }
            }
            done.add("migration #" + m.id() + " (" + m.operation() + " of " + partition + ", done before in the same "
                    + "series)" + (sql.isEmpty() ? "" : ": " + String.join("; ", sql)));
        }
        return new Aborted(done, kept);
    }

    /**
     * The done migrations of the series that {@code m}, an unfinished migration of one of the leaves
     * of partitioned table {@code parentOid}, belongs to: the same request on each leaf before its
     * one, in the order the series ran them, unbroken; newest first.
     */
    private static List<MigrationRecord> seriesBefore(Connection c, long parentOid, MigrationRecord m) throws SQLException {
        List<PartitionedRun.Leaf> leaves = PartitionedRun.leaves(c, new Inspector(c).inspect(parentOid));
        int at = -1;
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i).oid() == m.tableOid()) {
                at = i;
            }
        }
        List<MigrationRecord> same = StateStore.all(c).stream().filter(x -> ArgsJson.sameSeries(x, m)).toList();
        return PartitionedRun.doneBefore(leaves, at, m.id(), same);
    }

    private static MigrationRecord withTable(MigrationRecord m, long oid) {
        return new MigrationRecord(m.id(), oid, m.schema(), m.table(), m.operation(), m.args(), m.recipe(), m.phase(),
                m.fingerprint(), m.copyNextPage(), m.copyEndPage(), m.copyFilenode(), m.rowsCopied(), m.rowsReplayed(),
                m.swapAttempts(), m.oldTable(), m.startedAt(), m.updatedAt(), m.host(), m.pid(), m.lastError(),
                m.stepsDone(), m.pending(), m.waiting());
    }

    /** The statements {@link #abort} would run, for {@code abort --dry-run}. */
    public static List<String> describe(Connection c, MigrationRecord m) throws SQLException {
        List<String> out = new ArrayList<>();
        if (m.isSwap()) {
            swapHelpers(c, m).forEach(out::add);
        } else {
            for (InPlaceStep.Undo u : undos(c, m)) {
                u.sql().forEach(s -> out.add(s.text()));
            }
        }
        return out;
    }

    public static void abort(Connection c, MigrationRecord m, String finalPhase, String error, Clock clock,
                             Tuning tuning) throws SQLException {
        LockGate gate = new LockGate(clock, tuning, new StopSignal(), new Progress());
        String what = "undoing migration #" + m.id() + " of " + QualifiedName.format(m.schema(), m.table());
        if (m.isSwap()) {
            String table = currentName(c, m.tableOid());
            List<LockUse> locks = table == null ? List.of() : List.of(new LockUse(table, LockLevel.ACCESS_EXCLUSIVE));
            List<String> drops = swapHelpers(c, m);
            gate.run(c, locks, what, tx -> {
                Tx.execute(tx, drops);
                finish(tx, m, finalPhase, error);
                return null;
            });
            return;
        }
        for (InPlaceStep.Undo u : undos(c, m)) {
            if (u.transactional()) {
                gate.run(c, u.locks(), what, tx -> {
                    Tx.run(tx, u.sql());
                    return null;
                });
            } else {
                gate.clear(c, u.locks(), tuning.lockBudget());
                Tx.run(c, u.sql());
            }
        }
        finish(c, m, finalPhase, error);
    }

    private static void finish(Connection c, MigrationRecord m, String finalPhase, String error) throws SQLException {
        StateStore.setPhase(c, m.id(), finalPhase);
        StateStore.setPending(c, m.id(), List.of()); // undone: the run leaves nothing on the table any more
        if (error != null) {
            StateStore.recordError(c, m.id(), error);
        }
    }

    private static List<String> swapHelpers(Connection c, MigrationRecord m) throws SQLException {
        Names n = new Names(m.id(), m.schema(), m.table());
        List<String> drops = new ArrayList<>(Capture.drop(currentName(c, m.tableOid()), n));
        drops.add("DROP TABLE IF EXISTS " + n.shadow());
        return drops;
    }

    /** The undo of every step pgswap ran (found steps excluded), last step first. */
    private static List<InPlaceStep.Undo> undos(Connection c, MigrationRecord m) throws SQLException {
        Request<?> r = ArgsJson.request(m);
        TableFacts f = new Inspector(c).inspect(m.tableOid());
        Recipe recipe = recipe(r, f, new Names(m.id(), f.schema(), f.name()));
        List<InPlaceStep.Undo> out = new ArrayList<>();
        if (recipe instanceof InPlaceRecipe i) {
            for (InPlaceStep s : i.steps()) {
                boolean ran = m.stepsDone().contains(s.name()) || m.stepsDone().contains(s.name() + ":started");
                if (ran && !m.stepsDone().contains(s.name() + ":found") && !s.undo().isEmpty()) {
                    out.add(0, s.undo());
                }
            }
        }
        return out;
    }

    private static <A extends Record> Recipe recipe(Request<A> r, TableFacts f, Names n) {
        return r.operation().recipe(r.args(), f, n);
    }

    /** The table's current qualified name (it may have been renamed since), or null if it is gone. */
    static String currentName(Connection c, long oid) throws SQLException {
        return Rows.first(c, Statement.of("""
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = ?::oid""", oid), rs -> Sql.qualified(rs.getString(1), rs.getString(2))).orElse(null);
    }
}
