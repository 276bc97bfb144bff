package io.pgswap.copy;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Hooks;
import io.pgswap.core.Jobs;
import io.pgswap.core.Names;
import io.pgswap.core.Pacer;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Tx;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.retry.Backoff;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Statement;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batched copy. Each batch copies the live rows of a range of heap pages (a TID range scan:
 * sequential reads, any key type) in its own short transaction, and moves the checkpoint in
 * that same transaction, so a killed run resumes exactly where it stopped and no snapshot is held
 * for longer than one batch.
 *
 * <p>Up to the pace's copy jobs copy at the same time, each on its own connection; their batches
 * commit in page order ({@link CopyRanges}), so the checkpoint stays exact. A job beyond the
 * pace's current count waits, and every job rests after a batch as the {@link Pacer} says.
 *
 * <p>The shadow has no index yet, so a batch is a plain INSERT ... SELECT. Rows written after
 * the capture started are in the log; a row a batch sees twice (moved by an UPDATE to a later
 * page) is in the log too, and is removed before the key index is built. The replay starts
 * only after the whole copy has committed (I4).
 */
public final class Copier {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    /** How often a job that the pace leaves out looks again. */
    private static final Duration RESTING_JOB_RECHECK = Duration.ofMillis(200);

    private final TableFacts facts;
    private final Names names;
    private final ColumnMapping mapping;
    private final SwapRecipe.Errors errors;
    private final Tuning tuning;
    private final Progress progress;
    private final StopSignal stop;
    private final Clock clock;
    private final Hooks hooks;
    private final Throttle throttle;
    private final Db db;
    private final Pacer pacer;

    public Copier(TableFacts facts, Names names, ColumnMapping mapping, SwapRecipe.Errors errors, Tuning tuning,
                  Progress progress, StopSignal stop, Clock clock, Hooks hooks, Throttle throttle, Db db, Pacer pacer) {
        this.throttle = throttle;
        this.facts = facts;
        this.names = names;
        this.mapping = mapping;
        this.errors = errors;
        this.tuning = tuning;
        this.progress = progress;
        this.stop = stop;
        this.clock = clock;
        this.hooks = hooks;
        this.db = db;
        this.pacer = pacer;
    }

    /**
     * Copies pages [from, end) with up to {@code jobs} connections; returns rows copied. A batch
     * that cannot get its lock in time (another session holds ACCESS EXCLUSIVE on the table for a
     * moment: a DDL, autovacuum truncating it) rolls back with every later batch; the copy then
     * goes on from the last committed page after a backoff, within the lock budget (then exit 4,
     * resumable from that page).
     */
    public long copy(Connection c, long from, long end, int jobs) throws SQLException {
        Statement sql = CopySql.copyBatch(facts, names, mapping);
        PageBatches batches = new PageBatches(facts, tuning, pacer.pace().batchTime());
        AtomicLong total = new AtomicLong();
        long since = clock.nanoTime();
        for (int attempt = 1; ; attempt++) {
            CopyRanges ranges = new CopyRanges(from, end, batches);
            int n = (int) Math.max(1, Math.min(jobs, Math.max(1, end - from)));
            try {
                // a job with no connection to spare (max_connections, the pool) is left out: the others copy its share
                Jobs.run(n, "copy", db, c, (index, conn) -> work(index, conn, sql, ranges, total), () -> { });
                return total.get();
            } catch (SQLException e) {
                if (!PgErrors.isRetryable(e)) {
                    throw e;
                }
                if (ranges.committedTo() > from) {
                    since = clock.nanoTime(); // it got on since the last wait: the budget starts again
                    attempt = 1;
                }
                from = ranges.committedTo();
                Duration wait = Backoff.LOCK.delay(attempt, ThreadLocalRandom.current());
                if (clock.since(since).plus(wait).compareTo(tuning.lockBudget()) > 0) {
                    throw new PgSwapException(io.pgswap.ExitCode.GAVE_UP, "copy: a batch did not get its lock on "
                            + facts.displayName() + " within " + tuning.lockBudget().toSeconds() + " s of retries ("
                            + PgErrors.message(e) + "); the copy stopped at page " + from + " of " + end
                            + ". Rerun the same command to go on from there, or 'pgswap abort " + facts.displayName()
                            + "'", e, e.getSQLState());
                }
                LOG.info("copy: a batch waited too long for a lock on {} ({}); going on from page {} in {} ms",
                        facts.displayName(), PgErrors.message(e), from, wait.toMillis());
                Tx.sleep(clock, wait);
            }
        }
    }

    private void work(int index, Connection c, Statement sql, CopyRanges ranges, AtomicLong total)
            throws SQLException {
        CopyRanges.Range r = null;
        try {
            while (true) {
                throttle.await(c); // a safe point: stop or pause here, with no transaction open
                pacer.refresh(c);
                if (index >= pacer.pace().copyJobs()) {
                    if (ranges.exhausted()) {
                        return;
                    }
                    Tx.sleep(clock, RESTING_JOB_RECHECK); // the pace wants fewer jobs now
                    continue;
                }
                r = ranges.take();
                if (r == null) {
                    return;
                }
                long started = clock.nanoTime();
                long rows = batch(c, sql.with(CopySql.pageRange(r.from(), r.to())), r, ranges);
                ranges.committed(r);
                Duration took = clock.since(started);
                ranges.took(took, pacer.pace().batchTime());
                total.addAndGet(rows);
                progress.copied(r.to() - r.from(), rows);
                r = null;
                if (ranges.exhausted()) {
                    pacer.rest(rows, took); // counted, but no rest after the last batch: nothing is left to pace
                } else {
                    pacer.after(rows, took, stop);
                }
            }
        } catch (SQLException | RuntimeException e) {
            ranges.failed(r);
            throw e;
        }
    }

    private long batch(Connection c, Statement sql, CopyRanges.Range r, CopyRanges ranges) throws SQLException {
        try {
            return Tx.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, tx -> {
                long rows;
                try (PreparedStatement ps = sql.prepare(tx)) {
                    rows = ps.executeUpdate();
                }
                hooks.inCopyBatch(tx, r.from(), r.to());
                try {
                    ranges.awaitTurn(r); // commit in page order: the checkpoint below is then exact
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PgSwapException(io.pgswap.ExitCode.STOPPED, "interrupted");
                }
                StateStore.checkpoint(tx, names.migrationId(), r.to(), rows);
                return rows;
            });
        } catch (SQLException e) {
            if (PgErrors.isRetryable(e)) {
                throw e; // the copy goes on from the last committed batch
            }
            var explained = errors.explain(e, false);
            if (explained != null) {
                throw explained;
            }
            throw e;
        }
    }
}
