package io.pgswap.inplace;

import io.pgswap.copy.CopySql;
import io.pgswap.core.LockGate;
import io.pgswap.copy.PageBatches;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executes one in-place step the way its kind requires, with the state row moved in step. */
final class StepExecutor {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private final InPlaceContext ctx;
    private final Connection work;
    private final Connection control;
    private final MigrationRecord m;

    StepExecutor(InPlaceContext ctx, Connection work, Connection control, MigrationRecord m) {
        this.ctx = ctx;
        this.work = work;
        this.control = control;
        this.m = m;
    }

    void execute(InPlaceStep step, String next, List<String> pending) throws SQLException {
        switch (step.kind()) {
            case DDL -> ctx.gate().run(work, step.locks(), step.description(), tx -> {
                Tx.run(tx, step.sql());
                StateStore.stepDone(tx, m.id(), step.name(), false, next, pending);
                return null;
            });
            case CONCURRENT -> {
                concurrent(step);
                StateStore.stepDone(control, m.id(), step.name(), false, next, pending);
            }
            case BACKFILL -> {
                backfill(step);
                StateStore.stepDone(control, m.id(), step.name(), false, next, pending);
            }
            default -> throw new IllegalStateException("unknown step kind " + step.kind());
        }
    }

    /**
     * Statements that cannot run in a transaction ({@code ... CONCURRENTLY}), one at a time, each
     * through the shared index actions ({@link ConcurrentIndex}): the first lock request is made
     * only when no long transaction holds a conflicting lock, is bounded by the lock timeout and
     * retried; the waits for older transactions that follow block no reads or writes and are
     * bounded by the wait timeout; leftovers of an earlier attempt are removed first.
     */
    private void concurrent(InPlaceStep step) throws SQLException {
        StateStore.stepStarted(control, m.id(), step.name());
        ConcurrentIndex actions = new ConcurrentIndex(ctx, work, control, m, step);
        for (Statement s : step.sql()) {
            ctx.stop().check();
            actions.run(s);
        }
    }

    /**
     * A batched UPDATE over the heap pages the table had when the step started, each batch its
     * own short transaction with its checkpoint; row-lock waits behind the application are bounded
     * by lock_timeout and the batch is retried.
     */
    private void backfill(InPlaceStep step) throws SQLException {
        String table = ctx.facts().qualifiedName();
        long from = m.copyNextPage();
        long end = m.copyEndPage();
        if (!m.stepsDone().contains(step.name() + ":started")) {
            end = Rows.longValue(work, CopySql.tablePages(table));
            from = 0;
            StateStore.startCopy(control, m.id(), step.name(), end, 0);
            StateStore.stepStarted(control, m.id(), step.name());
        }
        ctx.progress().pages(from, end);
        PageBatches batches = new PageBatches(ctx.facts(), ctx.tuning());
        Statement update = step.sql().get(0);
        long next = from;
        while (next < end) {
            ctx.throttle().await(work); // a safe point: stop or pause here, with no transaction open
            long to = Math.min(end, next + batches.pages());
            long started = ctx.clock().nanoTime();
            long rows = batch(update.with(CopySql.pageRange(next, to)), next, to);
            batches.took(ctx.clock().since(started));
            ctx.progress().copied(to - next, rows);
            next = to;
        }
    }

    private long batch(Statement update, long from, long to) throws SQLException {
        return Tx.withLockRetry(work, ctx.clock(), ctx.tuning().lockBudget(), "backfilling pages " + from + "-" + to, tx -> {
            LockGate.setLockTimeout(tx, ctx.tuning().lockTimeout());
            long rows;
            try (PreparedStatement ps = update.prepare(tx)) {
                rows = ps.executeUpdate();
            }
            ctx.hooks().inCopyBatch(tx, from, to);
            StateStore.checkpoint(tx, m.id(), to, rows);
            return rows;
        });
    }
}
