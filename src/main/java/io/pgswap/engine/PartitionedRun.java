package io.pgswap.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.LockGate;
import io.pgswap.core.Target;
import io.pgswap.db.Db;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.plan.PlanStep;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.RunLock;
import io.pgswap.state.StateStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request on a partitioned table: the operation runs on every leaf partition in turn, in a
 * fixed order (schema, name), one migration each, then the operation's steps on the partitioned
 * table itself ({@link io.pgswap.ops.Operation#partitioned}). A rerun of the same command
 * continues the series: it resumes or retries the partition the previous run stopped at and goes on
 * with the ones after it; once every partition is done, a rerun starts a new series.
 */
final class PartitionedRun {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    record Leaf(long oid, String schema, String name, char relkind) {
        Target target() {
            return new Target(schema, name);
        }

        String display() {
            return QualifiedName.format(schema, name);
        }
    }

    private final Engine engine;
    private final Db db;
    private final LockGate gate;
    private final Duration lockTimeout;
    private final boolean revertWindow;

    PartitionedRun(Engine engine, Db db, LockGate gate, Duration lockTimeout, boolean revertWindow) {
        this.engine = engine;
        this.db = db;
        this.gate = gate;
        this.lockTimeout = lockTimeout;
        this.revertWindow = revertWindow;
    }

    /**
     * A revert swaps one table back; a partitioned table's partitions are swapped one by one, and one
     * swapped back alone would no longer fit the parent (a NOT NULL the parent now has, say).
     */
    private void refuseRevertWindow(TableFacts parent) {
        if (revertWindow) {
            throw PgSwapException.refused("--revert-window: " + parent.displayName() + " is partitioned, and pgswap "
                    + "cannot swap its partitions back (each was swapped on its own; one swapped back alone may no "
                    + "longer fit the partitioned table). Run it without --revert-window; nothing was changed");
        }
    }

    /** A partitioned table and the request with its arguments resolved and checked against it. */
    record Parent<A extends Record>(TableFacts facts, Request<A> request) {
    }

    /**
     * The partitioned table the request names, when its operation runs partition by partition
     * (empty for anything else), with the arguments resolved against it
     * ({@link io.pgswap.ops.Operation#resolvePartitioned}: the name of the parent's index, say).
     */
    static <A extends Record> Optional<Parent<A>> parent(Db db, Request<A> r) throws SQLException {
        try (Connection c = db.connection()) {
            Inspector inspector = new Inspector(c);
            long oid = inspector.resolveTable(r.target().schema(), r.target().table());
            if (!Rows.bool(c, Statement.of("SELECT relkind = 'p' FROM pg_class WHERE oid = ?::oid", oid))) {
                return Optional.empty();
            }
            TableFacts f = inspector.inspect(oid);
            A args = r.operation().resolvePartitioned(r.args(), f, new ScratchProbe(db, c));
            if (r.operation().partitioned(args, f).isEmpty()) {
                return Optional.empty(); // refused as a table would be, by the operation's checks
            }
            return Optional.of(new Parent<>(f, Request.of(r.operation(), args)));
        }
    }

    <A extends Record> Result run(Parent<A> named) throws SQLException {
        Request<A> r = named.request();
        TableFacts parent = named.facts();
        refuseRevertWindow(parent);
        List<InPlaceStep> after = stepsAfter(r, parent);
        Map<String, Long> took = new LinkedHashMap<>();
        Result last = null;
        int migrated = 0;
        try (Connection c = db.connection()) {
            if (!RunLock.tryLock(c, parent.oid())) {
                throw PgSwapException.refused("another pgswap run is working on " + parent.displayName() + ": "
                        + RunLock.holder(c, parent.oid()) + ". See 'pgswap status'");
            }
            try {
                List<Leaf> leaves = leaves(c, parent);
                int from = resumeFrom(c, r, leaves);
                if (from > 0) {
                    LOG.info("{}: continuing the series of the previous run at partition {} ({} of {}); the ones "
                            + "before it are done", parent.displayName(), leaves.get(from).display(), from + 1,
                            leaves.size());
                }
                for (int i = from; i < leaves.size(); i++) {
                    Leaf leaf = leaves.get(i);
                    LOG.info("partition {} of {}: {}", i + 1, leaves.size(), leaf.display());
                    long start = System.nanoTime();
                    try {
                        last = engine.runOne(forLeaf(r, leaf));
                        migrated++;
                    } catch (PgSwapException e) {
                        if (e.exitCode() == ExitCode.OK) {
                            LOG.info("partition {}: {}", leaf.display(), e.getMessage());
                            continue;
                        }
                        throw new PgSwapException(e.exitCode(), "partition " + leaf.display() + " (" + (i + 1) + " of "
                                + leaves.size() + ") of " + parent.displayName() + ": " + e.getMessage()
                                + (i > 0 ? " (the " + i + " partition(s) before it are done; running the same command "
                                + "again on " + parent.displayName() + " continues with this one)" : ""),
                                e, e.sqlState());
                    }
                    took.put(leaf.name(), (System.nanoTime() - start) / 1_000_000);
                }
                for (InPlaceStep s : after) {
                    runOnParent(c, s, parent, leaves);
                }
            } finally {
                RunLock.unlock(c, parent.oid());
            }
        }
        var p = engine.progress();
        return new Result(ExitCode.OK, "done", migrated + " partition(s) migrated", last == null ? 0 : last.migrationId(),
                parent.displayName(), r.operation().name(), "partitions", took, p.rowsCopied(), p.rowsReplayed(),
                p.swapAttempts(), p.lockHeldMillis(), null, last == null ? List.of() : last.warnings());
    }

    /** The dry run: one step per partition (its own plan, summed up), then the steps on the partitioned table. */
    <A extends Record> Plan plan(Parent<A> named) throws SQLException {
        Request<A> r = named.request();
        TableFacts parent = named.facts();
        refuseRevertWindow(parent);
        List<InPlaceStep> after = stepsAfter(r, parent);
        List<PlanStep> steps = new ArrayList<>();
        List<Plan.Finding> findings = new ArrayList<>();
        List<Leaf> leaves;
        int from;
        try (Connection c = db.connection()) {
            leaves = leaves(c, parent);
            from = resumeFrom(c, r, leaves);
        }
        long heap = 0;
        long index = 0;
        long toast = 0;
        long rows = 0;
        boolean swaps = false;
        for (int i = from; i < leaves.size(); i++) {
            Leaf leaf = leaves.get(i);
            try {
                Plan p = engine.planOne(forLeaf(r, leaf));
                steps.add(summary(leaf, i, leaves.size(), p, parent));
                swaps |= "swap".equals(p.recipe());
                heap += p.heapBytes();
                index += p.indexBytes();
                toast += p.toastBytes();
                rows += p.estimatedRows();
                p.findings().stream().filter(f -> !"info".equals(f.severity()))
                        .forEach(f -> findings.add(new Plan.Finding(f.severity(), leaf.display() + ": " + f.message())));
            } catch (PgSwapException e) {
                if (e.exitCode() != ExitCode.OK) {
                    throw new PgSwapException(e.exitCode(), "partition " + leaf.display() + " of "
                            + parent.displayName() + ": " + e.getMessage(), e, e.sqlState());
                }
                steps.add(new PlanStep("partition " + leaf.name(), "nothing to do: " + e.getMessage(), List.of(),
                        List.of(), true, Duration.ZERO, null));
            }
        }
        for (InPlaceStep s : after) {
            steps.add(new PlanStep(s.name(), s.description(), onParent(s, parent), s.locks(), true, s.estimate(),
                    s.note()));
        }
        findings.add(0, Plan.Finding.info(leaves.size() + " leaf partition(s), each migrated on its own (one migration "
                + "each, in this order)" + (from > 0 ? "; the previous run's series is continued: the " + from
                + " partition(s) before " + leaves.get(from).display() + " are done" : "")
                + ". The partitioned table " + parent.displayName() + (swaps ? " is locked (ACCESS EXCLUSIVE, "
                + "bounded by --lock-timeout) only inside each partition's swap, for DETACH and ATTACH PARTITION"
                + (after.isEmpty() ? "" : ", and by the final step(s) on it") : after.isEmpty() ? " is not locked"
                : " is locked only by the final step(s) on it, bounded by --lock-timeout")));
        return new Plan(parent.displayName(), r.operation().name(), r.describe(), r.args(), "partitions",
                "a partitioned table holds no rows itself: every leaf partition is migrated in turn" + (swaps
                        ? ", so the lock on the partitioned table is only ever held for one partition's swap"
                        : " on its own") + (after.isEmpty() ? "" : ", then the partitioned table itself"),
                null, parent.serverVersionNum(), heap, index, toast, rows, steps, findings,
                r.operation().alternatives(r.args(), parent));
    }

    private static PlanStep summary(Leaf leaf, int i, int n, Plan p, TableFacts parent) {
        List<Statement> sql = new ArrayList<>();
        LinkedHashSet<LockUse> locks = new LinkedHashSet<>();
        Duration estimate = Duration.ZERO;
        for (PlanStep s : p.steps()) {
            locks.addAll(s.locks());
            estimate = estimate.plus(s.estimate() == null ? Duration.ZERO : s.estimate());
            if (s.name().equals("swap") || !"swap".equals(p.recipe())) {
                sql.addAll(s.sql());
            }
        }
        boolean touchesParent = locks.stream().anyMatch(l -> l.relation().equals(parent.qualifiedName())
                && l.level() == LockLevel.ACCESS_EXCLUSIVE);
        return new PlanStep("partition " + leaf.name(), "partition " + (i + 1) + " of " + n + ", " + leaf.display()
                + ": " + p.recipe() + " (" + String.join(", ", p.steps().stream().map(PlanStep::name).toList())
                + "), as 'pgswap " + p.operation() + " ... " + leaf.display() + " --dry-run' shows in full; "
                + (p.recipe().equals("swap") ? "its swap transaction:" : "its statements:"), sql, List.copyOf(locks),
                true, estimate, touchesParent ? "ACCESS EXCLUSIVE on " + parent.displayName() + " only inside this "
                + "partition's swap transaction (DETACH and ATTACH PARTITION, milliseconds)" : null);
    }

    private static <A extends Record> Request<A> forLeaf(Request<A> r, Leaf leaf) {
        return Request.of(r.operation(), withTable(r.operation().forPartition(r.args()), leaf.target()));
    }

    private static <A extends Record> List<InPlaceStep> stepsAfter(Request<A> r, TableFacts parent) {
        List<InPlaceStep> after = r.operation().partitioned(r.args(), parent).orElseThrow();
        r.operation().check(r.args(), parent); // nothing to do comes first
        return after;
    }

    /**
     * A step on the partitioned table itself. One that blocks writes on it (SET NOT NULL and CREATE
     * INDEX recurse into every partition) takes the parent's lock first, then waits for each
     * partition's at most a tenth of the lock timeout: every write through the partitioned table
     * waits while the parent is held. Under that lock no partition can be attached or created, and
     * the leaves must be the ones the run migrated: one added meanwhile would have the step do its
     * work (a scan, an index build) under the lock. An attempt that does not fit is rolled back
     * and retried.
     */
    private void runOnParent(Connection c, InPlaceStep s, TableFacts parent, List<Leaf> migrated) throws SQLException {
        if (s.done() != null && Rows.bool(c, s.done())) {
            LOG.info("{}: already done", s.description());
            return;
        }
        LOG.info("{}", s.description());
        List<Statement> sql = onParent(s, parent);
        int locking = sql.size() - s.sql().size();
        gate.run(c, s.locks(), s.description(), tx -> {
            Tx.run(tx, sql.subList(0, locking));
            if (locking > 0) {
                List<String> now = leaves(tx, parent).stream().map(Leaf::display).toList();
                List<String> then = migrated.stream().map(Leaf::display).toList();
                if (!now.equals(then)) {
                    List<String> added = now.stream().filter(l -> !then.contains(l)).toList();
                    throw PgSwapException.failed("the partitions of " + parent.displayName() + " changed during the run"
                            + (added.isEmpty() ? "" : " (new: " + String.join(", ", added) + ")") + ", so '"
                            + s.description() + "' did not run: it would do the new partitions' work under its lock. "
                            + "The partitions migrated so far keep their change; run the same command again to "
                            + "migrate the new ones and finish", null);
                }
            }
            Tx.run(tx, sql.subList(locking, sql.size()));
            return null;
        });
    }

    /** The step's statements, after the parent's lock and the short timeout when it blocks writes on the parent. */
    private List<Statement> onParent(InPlaceStep s, TableFacts parent) {
        LockLevel level = s.locks().stream().filter(l -> l.relation().equals(parent.qualifiedName()))
                .map(LockUse::level).max(Enum::compareTo).orElse(LockLevel.NONE);
        if (level.blocks() == LockLevel.Blocks.NOTHING) {
            return s.sql();
        }
        List<Statement> out = new ArrayList<>();
        out.add(Statement.of("LOCK TABLE ONLY " + parent.qualifiedName() + " IN " + level.mode() + " MODE"));
        out.add(Statement.of(io.pgswap.core.LockGate.belowDeadlockTimeout(
                io.pgswap.swap.SwapLocks.whileParentHeld(lockTimeout))));
        out.addAll(s.sql());
        return out;
    }

    /** Every leaf partition under the table, sub-partitions' leaves included, by schema and name. */
    static List<Leaf> leaves(Connection c, TableFacts parent) throws SQLException {
        List<Leaf> out = Rows.list(c, Statement.of("""
                SELECT c.oid::bigint, n.nspname, c.relname, c.relkind
                FROM pg_partition_tree(CAST(? AS oid)::regclass) t
                JOIN pg_class c ON c.oid = t.relid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE t.isleaf
                ORDER BY n.nspname, c.relname""", parent.oid()), rs -> new Leaf(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4).charAt(0)));
        List<String> foreign = out.stream().filter(l -> l.relkind() != 'r').map(Leaf::display).toList();
        if (!foreign.isEmpty()) {
            throw PgSwapException.refused(parent.displayName() + " has partition(s) that are not tables: "
                    + String.join(", ", foreign) + " (foreign tables); pgswap migrates a partitioned table only when "
                    + "every leaf is a table. Run it on the table partitions one by one instead");
        }
        if (out.isEmpty()) {
            throw PgSwapException.nothingToDo(parent.displayName() + " has no partitions; nothing to do");
        }
        return out;
    }

    /**
     * Where the series continues: the newest migration of this request on one of the leaves marks
     * where the previous run got to, if the leaves before it have done migrations of this request in
     * the same order (a series); an unfinished, failed or aborted one is taken up again, a done one
     * is followed by the next leaf. A finished series, or none, starts at the first leaf.
     */
    static int resumeFrom(Connection c, Request<?> r, List<Leaf> leaves) throws SQLException {
        if (!Rows.bool(c, Statement.of("SELECT to_regclass('pgswap.migrations') IS NOT NULL"))) {
            return 0;
        }
        Map<Long, Integer> position = new LinkedHashMap<>();
        for (int i = 0; i < leaves.size(); i++) {
            position.put(leaves.get(i).oid(), i);
        }
        List<MigrationRecord> mine = StateStore.all(c).stream()
                .filter(m -> position.containsKey(m.tableOid()) && ArgsJson.same(m, r)).toList();
        MigrationRecord newest = mine.stream().max((a, b) -> Long.compare(a.id(), b.id())).orElse(null);
        if (newest == null) {
            return 0;
        }
        int at = position.get(newest.tableOid());
        boolean done = MigrationRecord.DONE.equals(newest.phase());
        int from = done ? at + 1 : at;
        if (from >= leaves.size()) {
            return 0;
        }
        return doneBefore(leaves, at, newest.id(), mine).size() == at ? from : 0;
    }

    /**
     * The series before leaf {@code at}: on each leaf before it, from the nearest back, the newest done
     * migration among {@code same} (the series' request) older than the one after it, unbroken;
     * newest first. A series is complete up to {@code at} when there is one for every leaf before it.
     */
    static List<MigrationRecord> doneBefore(List<Leaf> leaves, int at, long id, List<MigrationRecord> same) {
        List<MigrationRecord> out = new ArrayList<>();
        long bound = id;
        for (int j = at - 1; j >= 0; j--) {
            long leaf = leaves.get(j).oid();
            long before = bound;
            Optional<MigrationRecord> prior = same.stream().filter(m -> m.tableOid() == leaf && m.id() < before
                    && MigrationRecord.DONE.equals(m.phase())).max((a, b) -> Long.compare(a.id(), b.id()));
            if (prior.isEmpty()) {
                break;
            }
            out.add(prior.get());
            bound = prior.get().id();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <A extends Record> A withTable(A args, Target t) {
        try {
            ObjectNode tree = JSON.valueToTree(args);
            ObjectNode table = tree.putObject("table");
            table.put("schema", t.schema());
            table.put("table", t.table());
            return (A) JSON.treeToValue(tree, args.getClass());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot name partition " + t + " in " + args, e);
        }
    }
}
