package io.pgswap.core;

/**
 * What a swap does besides the change itself.
 *
 * @param noSwap          copy and keep the shadow in sync, stop before the swap
 * @param dropOld         drop the old table after the swap, in its own transaction
 * @param rebuildMatviews rebuild materialized views that read the table inside the swap (else refuse)
 */
public record SwapOptions(boolean noSwap, boolean dropOld, boolean rebuildMatviews) {
    public static final SwapOptions DEFAULT = new SwapOptions(false, false, false);

    public SwapOptions {
        if (noSwap && dropOld) {
            throw new IllegalArgumentException("--no-swap and --drop-old contradict each other");
        }
    }
}
