package io.pgswap.engine;

import java.time.Duration;

/**
 * What the user asked for, validated once and then frozen.
 *
 * @param schema       null = resolve through search_path
 * @param column       the column for add-not-null, else null
 * @param fill         value for NULLs (add-not-null --fill), else null
 * @param batchRows    fixed copy batch size in rows, or 0 to adapt to {@code batchTime}
 * @param rebuildMatviews rebuild materialized views that read the table inside the swap (else refuse)
 */
public record MigrationSpec(
        Operation operation,
        String schema,
        String table,
        String column,
        String fill,
        boolean dryRun,
        Duration lockTimeout,
        Duration swapBudget,
        int maxAttempts,
        Duration batchTime,
        long batchRows,
        int replayBatch,
        int indexJobs,
        boolean dropOld,
        boolean noSwap,
        boolean rebuildMatviews) {

    public MigrationSpec(Operation operation, String schema, String table, String column, String fill, boolean dryRun,
                         Duration lockTimeout, Duration swapBudget, int maxAttempts, Duration batchTime, long batchRows,
                         int replayBatch, int indexJobs, boolean dropOld, boolean noSwap) {
        this(operation, schema, table, column, fill, dryRun, lockTimeout, swapBudget, maxAttempts, batchTime,
                batchRows, replayBatch, indexJobs, dropOld, noSwap, false);
    }

    /** The same request without the trailing options most callers leave at their defaults. */
    public MigrationSpec(Operation operation, String schema, String table, String column, String fill, boolean dryRun,
                         Duration lockTimeout, Duration swapBudget, int maxAttempts, Duration batchTime, long batchRows,
                         int replayBatch, int indexJobs, boolean dropOld) {
        this(operation, schema, table, column, fill, dryRun, lockTimeout, swapBudget, maxAttempts, batchTime,
                batchRows, replayBatch, indexJobs, dropOld, false, false);
    }

    public MigrationSpec {
        if (lockTimeout.isZero() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("--lock-timeout must be positive (0 means 'wait forever' to PostgreSQL)");
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
        if (operation == Operation.ADD_NOT_NULL && column == null) {
            throw new IllegalArgumentException("add-not-null needs TABLE.COLUMN");
        }
    }

    public String target() {
        return io.pgswap.sql.QualifiedName.format(schema, table, column);
    }
}
