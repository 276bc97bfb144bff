package io.pgswap.plan;

import java.time.Duration;

/**
 * Rates used for the plan's estimates, measured on a 2-core VM with the shared bench
 * (PostgreSQL 15, 2M rows): INSERT ... SELECT of the heap about 60 MB/s, B-tree builds about
 * 40 MB/s of finished index, a sequential scan about 400 MB/s. Real servers are usually faster;
 * treat estimates as an upper-side guide.
 */
public final class Estimates {
    public static final double COPY_BYTES_PER_SECOND = 60e6;
    public static final double INDEX_BYTES_PER_SECOND = 40e6;
    public static final double SCAN_BYTES_PER_SECOND = 400e6;

    private Estimates() {
    }

    public static Duration of(long bytes, double rate) {
        return Duration.ofMillis(Math.max(1, Math.round(bytes / rate * 1000)));
    }
}
