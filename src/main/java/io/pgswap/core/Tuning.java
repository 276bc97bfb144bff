package io.pgswap.core;

import java.time.Duration;

/**
 * How a run paces itself, validated once: lock waits, retry budgets, batch sizes, parallelism.
 *
 * @param lockTimeout  longest wait for any one lock request (never 0: PostgreSQL reads 0 as forever)
 * @param lockBudget   how long pgswap keeps retrying a short lock (a trigger, a constraint) before giving up
 * @param swapBudget   time budget of the swap's attempts
 * @param maxAttempts  most swap attempts
 * @param batchTime    target duration of one copy or backfill batch
 * @param batchRows    fixed batch size in rows, or 0 to adapt to {@code batchTime}
 * @param replayBatch  log rows applied per replay transaction
 * @param indexJobs    indexes built at the same time on the shadow, or 0 ({@link Pacing#AUTO}) to choose from the server
 * @param waitTimeout  longest wait of a CONCURRENTLY build for older transactions (it blocks nobody meanwhile)
 * @param pacing       copy jobs, duty cycle and rate bound of the copy and backfills (see {@link ServerLoad#decide})
 */
public record Tuning(Duration lockTimeout, Duration lockBudget, Duration swapBudget, int maxAttempts,
                     Duration batchTime, long batchRows, int replayBatch, int indexJobs, Duration waitTimeout,
                     Pacing pacing) {
    public static final Duration DEFAULT_LOCK_BUDGET = Duration.ofMinutes(5);

    public static Tuning defaults() {
        return new Tuning(Duration.ofMillis(200), DEFAULT_LOCK_BUDGET, Duration.ofMinutes(10), 200,
                Duration.ofMillis(200), 0, 5000, Pacing.AUTO, Duration.ofHours(1), Pacing.DEFAULT);
    }

    /** Tuning with the automatic pace ({@link Pacing#DEFAULT}). */
    public Tuning(Duration lockTimeout, Duration lockBudget, Duration swapBudget, int maxAttempts,
                  Duration batchTime, long batchRows, int replayBatch, int indexJobs, Duration waitTimeout) {
        this(lockTimeout, lockBudget, swapBudget, maxAttempts, batchTime, batchRows, replayBatch, indexJobs, waitTimeout,
                Pacing.DEFAULT);
    }

    public Tuning {
        if (lockTimeout.isZero() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("--lock-timeout must be positive (0 means 'wait forever' to PostgreSQL)");
        }
        if (lockBudget.isNegative() || lockBudget.isZero()) {
            throw new IllegalArgumentException("the lock retry budget must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--max-attempts must be at least 1");
        }
        if (batchTime.isZero() || batchTime.isNegative()) {
            throw new IllegalArgumentException("--batch-time must be positive");
        }
        if (batchRows < 0) {
            throw new IllegalArgumentException("--batch-size must be positive");
        }
        if (replayBatch < 1) {
            throw new IllegalArgumentException("--replay-batch must be at least 1");
        }
        if (indexJobs < 0 || indexJobs > Pacing.MAX_JOBS) {
            throw new IllegalArgumentException("--index-jobs must be auto or 1 to " + Pacing.MAX_JOBS);
        }
        if (pacing == null) {
            throw new IllegalArgumentException("pacing must be given");
        }
        if (waitTimeout.isZero() || waitTimeout.isNegative()) {
            throw new IllegalArgumentException("--wait-timeout must be positive");
        }
    }

    public Tuning withLockTimeout(Duration d) {
        return new Tuning(d, lockBudget, swapBudget, maxAttempts, batchTime, batchRows, replayBatch, indexJobs,
                waitTimeout, pacing);
    }

    public Tuning withBatchTime(Duration d) {
        return new Tuning(lockTimeout, lockBudget, swapBudget, maxAttempts, d, batchRows, replayBatch, indexJobs,
                waitTimeout, pacing);
    }

    /** Connections a run may open: control, work and a spare, plus the most jobs copying or building at once. */
    public int poolSize() {
        int jobs = Math.max(indexJobs == Pacing.AUTO ? Pacing.MAX_JOBS : indexJobs,
                pacing.copyJobs() == Pacing.AUTO ? Pacing.MAX_JOBS : pacing.copyJobs());
        return 3 + jobs;
    }
}
