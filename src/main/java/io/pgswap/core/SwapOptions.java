package io.pgswap.core;

import java.time.Duration;

/**
 * What a swap does besides the change itself.
 *
 * @param noSwap          copy and keep the shadow in sync, stop before the swap
 * @param dropOld         drop the old table after the swap (after the revert window, if there is one), in its
 *                        own transaction
 * @param rebuildMatviews rebuild materialized views that read the table inside the swap (else refuse)
 * @param checksum        compare the original and the shadow before the swap: TRUE (--checksum), FALSE
 *                        (--no-checksum), or null for the recipe's default
 * @param revertWindow    how long after the swap {@code pgswap revert} can swap back (a reverse capture trigger
 *                        logs the writes meanwhile); zero for none, null when not given (on a later run of a
 *                        migration in its window: keep the window as it is)
 */
public record SwapOptions(boolean noSwap, boolean dropOld, boolean rebuildMatviews, Boolean checksum,
                          Duration revertWindow) {
    public static final SwapOptions DEFAULT = new SwapOptions(false, false, false);

    public SwapOptions(boolean noSwap, boolean dropOld, boolean rebuildMatviews) {
        this(noSwap, dropOld, rebuildMatviews, null, null);
    }

    public SwapOptions {
        if (noSwap && dropOld) {
            throw new IllegalArgumentException("--no-swap and --drop-old contradict each other");
        }
        if (revertWindow != null && revertWindow.isNegative()) {
            throw new IllegalArgumentException("--revert-window must not be negative");
        }
    }

    /** Whether the checksum runs, given the recipe's default. */
    public boolean checksumOn(boolean recipeDefault) {
        return checksum == null ? recipeDefault : checksum;
    }

    /** Whether a revert window was asked for (a positive --revert-window). */
    public boolean hasRevertWindow() {
        return revertWindow != null && !revertWindow.isZero();
    }
}
