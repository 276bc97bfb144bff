package io.pgswap.state;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One row of pgswap.migrations. {@code phase} is the name of the step the migration is at (the
 * next one to run, from the plan's vocabulary: "capture", "copy", "swap", "validate", ...) or one
 * of the end states {@link #DONE}, {@link #ABORTED}, {@link #FAILED}. {@code args} is the
 * operation's arguments as JSON; {@code stepsDone} the in-place steps finished so far, each as
 * "name" (pgswap did it) or "name:found" (it was already done); {@code pending} what a stopped
 * in-place run leaves on the table (a NOT VALID constraint, an INVALID index); {@code waiting} what a
 * running migration waits for now (a throttle's pause), or null.
 */
public record MigrationRecord(long id, long tableOid, String schema, String table, String operation, String args,
                              String recipe, String phase, String fingerprint, long copyNextPage, long copyEndPage,
                              long copyFilenode, long rowsCopied, long rowsReplayed, int swapAttempts,
                              String oldTable, OffsetDateTime startedAt, OffsetDateTime updatedAt, String host,
                              Integer pid, String lastError, List<String> stepsDone, List<String> pending,
                              String waiting) {
    public static final String DONE = "done";
    public static final String ABORTED = "aborted";
    public static final String FAILED = "failed";

    public boolean isActive() {
        return isActive(phase);
    }

    public static boolean isActive(String phase) {
        return !DONE.equals(phase) && !ABORTED.equals(phase) && !FAILED.equals(phase);
    }

    public boolean isSwap() {
        return "swap".equals(recipe);
    }
}
