package io.pgswap.copy;

import java.time.Duration;

/** Adapts a batch size so batches take about the target time: at most x2 up or /2 down per step. */
final class BatchSizer {
    private BatchSizer() {
    }

    static long next(long current, Duration took, Duration target, long max) {
        double ratio = (double) target.toNanos() / Math.max(1, took.toNanos());
        ratio = Math.max(0.5, Math.min(2.0, ratio));
        return Math.max(1, Math.min(max, Math.round(current * ratio)));
    }
}
