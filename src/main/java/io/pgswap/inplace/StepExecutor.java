package io.pgswap.inplace;

import io.pgswap.copy.CopySql;
import io.pgswap.core.LockGate;
import io.pgswap.core.Pacer;
import io.pgswap.core.ServerLoad;
import io.pgswap.core.Tuning;
import io.pgswap.copy.PageBatches;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
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
                // the state row first (same transaction), then the statements in one round trip when they
                // carry no values: every round trip after the first lock is time the table stays locked
                StateStore.stepDone(tx, m.id(), step.name(), false, next, pending);
                if (step.sql().stream().allMatch(st -> st.params().isEmpty())) {
                    Tx.executeInOneTrip(tx, step.sql().stream().map(Statement::text).toList());
                } else {
                    Tx.run(tx, step.sql());
                }
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
     * A batched UPDATE over the heap pages the table had when the step started; each batch is its
     * own short READ COMMITTED transaction that moves the checkpoint (copy_next_page) with it, so a
     * stopped, killed or failed run resumes at the first page not yet done. Rows written after the
     * step started are not its business (the recipe's default or fill trigger covers them), and
     * the statement's own WHERE skips rows it has nothing to do for, so a batch repeated after a
     * crash changes nothing that was done.
     *
     * <p>A batch holds the row locks of every row it changed until it commits, and an application
     * writer of one of those rows waits that long, so the batch size adapts (like the copy's) to a
     * target of at most a quarter of --lock-timeout, the bound the user set on waits behind
     * pgswap; and an adaptive batch that runs past half of it (a busy server, a page of wide
     * rows) is cancelled by statement_timeout, rolled back and done again at half the size, so no
     * writer waits much longer than that for it. A row lock the application holds makes a batch
     * (of one page, or a fixed --batch-size) wait at most lock_timeout; it is then rolled back and
     * retried with backoff (within the lock budget, then exit 4, resumable). The stop signal
     * (--max-runtime, --window, SIGTERM) is honoured between batches and between retries.
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
        } else {
            LOG.info("{}: resuming at page {} of {}", step.name(), from, end);
        }
        ctx.progress().pages(from, end);
        // an UPDATE is much slower per page than the copy's INSERT: start small, the size doubles while batches are short
        Tuning tuning = backfillTuning(ctx.tuning());
        PageBatches batches = new PageBatches(ctx.facts(), tuning, PageBatches.MIN_FIRST_PAGES);
        Pacer pacer = Pacer.start(tuning, ctx.clock(), c -> ServerLoad.read(c, ctx.db().settings().host()), work);
        Statement update = step.sql().get(0);
        long next = from;
        boolean adaptive = ctx.tuning().batchRows() == 0;
        Duration cap = ctx.tuning().lockTimeout().dividedBy(2);
        while (next < end) {
            ctx.throttle().await(work); // a safe point: stop or pause here, with no transaction open
            pacer.refresh(work);
            long to = Math.min(end, next + batches.pages());
            long started = ctx.clock().nanoTime();
            long rows;
            try {
                rows = batch(update.with(CopySql.pageRange(next, to)), next, to,
                        adaptive && batches.pages() > 1 ? cap : null);
            } catch (TooSlow e) {
                batches.tooSlow();
                LOG.debug("{}: pages {}-{} ran past {} ms; again with {} pages", step.name(), next, to, cap.toMillis(),
                        batches.pages());
                continue;
            }
            Duration took = ctx.clock().since(started);
            Duration target = pacer.pace().batchTime();
            batches.took(took, target.compareTo(tuning.batchTime()) < 0 ? target : tuning.batchTime());
            ctx.progress().copied(to - next, rows);
            next = to;
            pacer.after(rows, took, ctx.stop());
        }
    }

    /** A batch that ran past its statement_timeout and was rolled back. */
    private static final class TooSlow extends RuntimeException {
        TooSlow() {
            super(null, null, false, false);
        }
    }

    /** The run's tuning with the backfill's batch target: --batch-time, at most a quarter of --lock-timeout. */
    static Tuning backfillTuning(Tuning t) {
        Duration target = t.lockTimeout().dividedBy(4);
        if (target.toMillis() < 1) {
            target = Duration.ofMillis(1);
        }
        if (t.batchTime().compareTo(target) <= 0) {
            return t;
        }
        return t.withBatchTime(target);
    }

    private long batch(Statement update, long from, long to, Duration cap) throws SQLException {
        return Tx.withLockRetry(work, ctx.clock(), ctx.tuning().lockBudget(), "backfilling pages " + from + "-" + to,
                (attempt, left) -> ctx.stop().check(), tx -> {
                    LockGate.setLockTimeout(tx, ctx.tuning().lockTimeout());
                    long rows;
                    if (cap != null) {
                        setStatementTimeout(tx, cap.toMillis() + "ms");
                    }
                    try (PreparedStatement ps = update.prepare(tx)) {
                        rows = ps.executeUpdate();
                    } catch (SQLException e) {
                        if (cap != null && PgErrors.is(e, PgErrors.QUERY_CANCELED)) {
                            throw new TooSlow();
                        }
                        throw e;
                    }
                    if (cap != null) {
                        setStatementTimeout(tx, "0");
                    }
                    ctx.hooks().inCopyBatch(tx, from, to);
                    StateStore.checkpoint(tx, m.id(), to, rows);
                    return rows;
                });
    }

    private static void setStatementTimeout(Connection tx, String value) throws SQLException {
        Rows.first(tx, Statement.of("SELECT set_config('statement_timeout', ?, true)", value), rs -> rs.getString(1));
    }
}
