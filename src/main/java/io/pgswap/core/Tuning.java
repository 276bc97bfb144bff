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
 * @param indexJobs    indexes built at the same time on the shadow
 * @param waitTimeout  longest wait of a CONCURRENTLY build for older transactions (it blocks nobody meanwhile)
 */
public record Tuning(Duration lockTimeout, Duration lockBudget, Duration swapBudget, int maxAttempts,
                     Duration batchTime, long batchRows, int replayBatch, int indexJobs, Duration waitTimeout) {
    public static final Duration DEFAULT_LOCK_BUDGET = Duration.ofMinutes(5);

    public static Tuning defaults() {
        return new Tuning(Duration.ofMillis(200), DEFAULT_LOCK_BUDGET, Duration.ofMinutes(10), 200,
                Duration.ofMillis(200), 0, 5000, 1, Duration.ofHours(1));
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
        if (indexJobs < 1) {
            throw new IllegalArgumentException("--index-jobs must be at least 1");
        }
        if (waitTimeout.isZero() || waitTimeout.isNegative()) {
            throw new IllegalArgumentException("--wait-timeout must be positive");
        }
    }

    public Tuning withLockTimeout(Duration d) {
        return new Tuning(d, lockBudget, swapBudget, maxAttempts, batchTime, batchRows, replayBatch, indexJobs,
                waitTimeout);
    }
}
