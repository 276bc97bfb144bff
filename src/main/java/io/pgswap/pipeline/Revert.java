package io.pgswap.pipeline;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.LockLevel;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.PlanStep;
import io.pgswap.replay.ReplaySql;
import io.pgswap.shadow.ShadowCheck;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import io.pgswap.swap.Swapper;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * {@code pgswap revert}: the swap again, with the roles of the two tables exchanged. The context
 * is the reversed one: its facts are the new table's (the live table), its names
 * {@link io.pgswap.core.Names#reversed()} (its "shadow" is the old table, its log the reverse log),
 * its mapping the recipe's reverse mapping (the new table's row as {@code o}, the old table's
 * columns). So the same code does the same work with the same discipline: the replay catches the
 * old table up with the writes made since the swap, the {@link Swapper} locks the old table, the
 * related relations and the live one in that order under a short lock_timeout, checks the new
 * table's fingerprint, drains the reverse log under the lock, renames and re-points every
 * dependent, and drops the reverse triggers; the finish validates the re-added foreign keys and
 * drops the reverse log. A run that dies after the swap back resumes at {@code revert-finish}.
 */
public final class Revert {
    /** Step names of a revert, for its plan, progress and metrics; the state row's are revert-window, revert-finish. */
    public static final String REPLAY = "revert-replay";
    public static final String SWAP_BACK = "revert";
    public static final String FINISH = SwapPipeline.REVERT_FINISH;

    private Revert() {
    }

    public static List<String> stepNames() {
        return List.of(REPLAY, SWAP_BACK, FINISH);
    }

    /** The revert's plan, from the same statements its run sends. */
    public static List<PlanStep> plan(SwapContext r) {
        PlanStep replay = new PlanStep(REPLAY, "apply the reverse change log to the old table (per batch: take the "
                + "oldest log rows by id, delete those keys from the old table, re-insert their current rows from the "
                + "new table through the reverse of the column mapping)",
                List.of(Statement.of(ReplaySql.takeBatch(r.facts(), r.names()), r.tuning().replayBatch()),
                        Statement.of(ReplaySql.deleteFromShadow(r.facts(), r.names())),
                        ReplaySql.insertIntoShadow(r.facts(), r.names(), r.mapping())),
                List.of(new LockUse(r.facts().qualifiedName(), LockLevel.ACCESS_SHARE)), true, Duration.ofMillis(100),
                "repeated until the backlog is small, then between swap attempts");
        PlanStep swap = new SwapStepImpl().plan(r);
        PlanStep back = new PlanStep(SWAP_BACK, swap.description().replace("swap the tables by renaming",
                "swap the old table back in by renaming") + "; the new table's definition must be what it was at the "
                + "end of the swap", swap.sql(), swap.locks(), swap.transactional(), swap.estimate(), swap.note());
        PlanStep finish = new FinishStep().plan(r);
        return List.of(replay, back, new PlanStep(FINISH, finish.description().replace("drop the log and the trigger "
                + "function", "drop the reverse log and its trigger function").replace("the old table",
                "the table swapped out"), finish.sql(), finish.locks(),
                finish.transactional(), finish.estimate(), finish.note()));
    }

    /**
     * Runs the revert from the step the state row records: revert-window (catch up, swap back) or
     * revert-finish. {@code fingerprint}: the new table's, recorded when the forward finish was done.
     */
    public static void run(SwapContext r, Connection work, Connection control, long id, String fingerprint,
                           long filenode) throws SQLException {
        SwapStep.Connections conns = new SwapStep.Connections(work, control);
        MigrationRecord m = record(control, id);
        if (SwapPipeline.REVERT_WINDOW.equals(m.phase())) {
            step(r, REPLAY, () -> {
                ShadowCheck.shadow(work, r.facts(), r.names());
                r.replayer().catchUp(work, r.tuning().replayBatch(), r.stop());
            });
            step(r, SWAP_BACK, () -> new Swapper(sequencesBack(r), r.names(), r.tuning(), r.options(), r.gate(), r.replayer(),
                    r.progress(), r.stop(), r.clock(), new SecureRandom(), fingerprint, filenode, r.hooks(),
                    FINISH, (tx, rewrites) -> StateStore.reverted(tx, id)).swap(work, control));
            m = record(control, id);
        }
        if (FINISH.equals(m.phase())) {
            MigrationRecord at = m;
            step(r, FINISH, () -> new FinishStep().run(r, conns, at, MigrationRecord.DONE));
        }
    }

    /**
     * The new table's facts for the swap back, without the sequences of the columns the change
     * added (a new identity or serial column): the old table has no such column, so they stay with
     * the new table, which is kept aside.
     */
    private static io.pgswap.catalog.TableFacts sequencesBack(SwapContext r) {
        java.util.Set<String> back = new java.util.HashSet<>();
        r.replayer().mapping().entries().forEach(e -> back.add(e.column()));
        return r.facts().withSequences(r.facts().sequences().stream().filter(s -> back.contains(s.column())).toList());
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    private static void step(SwapContext r, String name, Work work) throws SQLException {
        r.progress().enter(name);
        long start = r.clock().nanoTime();
        try {
            work.run();
        } finally {
            r.progress().stepTook(name, r.clock().since(start).toNanos());
        }
        r.hooks().afterStep(name);
    }

    private static MigrationRecord record(Connection c, long id) throws SQLException {
        return StateStore.find(c, id).orElseThrow(() -> new PgSwapException(io.pgswap.ExitCode.FAILED,
                "the state row of migration #" + id + " disappeared; see 'pgswap status'"));
    }
}
