package io.pgswap.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pgswap.engine.Progress;
import io.pgswap.state.Phase;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one run, all read from {@link Progress} when exported: nothing is added to the
 * copy or replay loops. Names are stable; every meter carries a {@code table} tag.
 */
public final class MigrationMetrics {
    static final String[] SWAP_OUTCOMES = {"swapped", "lock_timeout", "retryable_error", "error"};
    static final String[] PHASES = {"capture", "copy", "indexes", "sync"};

    private MigrationMetrics() {
    }

    public static void bind(MeterRegistry r, Progress p, String table) {
        Tags t = Tags.of("table", table);
        FunctionCounter.builder("pgswap.rows.copied", p, Progress::rowsCopied)
                .description("rows copied into the shadow table").tags(t).register(r);
        FunctionCounter.builder("pgswap.rows.replayed", p, Progress::rowsReplayed)
                .description("change-log rows applied to the shadow table").tags(t).register(r);
        Gauge.builder("pgswap.copy.rate", new RateTracker(p), RateTracker::rowsPerSecond)
                .description("copy rate over the last export interval").baseUnit("rows_per_second").tags(t).strongReference(true).register(r);
        Gauge.builder("pgswap.copy.progress", p, x -> x.pagesTotal() == 0 ? 0 : (double) x.pagesDone() / x.pagesTotal())
                .description("fraction of the heap pages copied").baseUnit("ratio").tags(t).strongReference(true).register(r);
        Gauge.builder("pgswap.log.backlog", p, x -> Math.max(0, x.backlogRows()))
                .description("change-log rows waiting for replay (approximate)").baseUnit("rows").tags(t).strongReference(true).register(r);
        Gauge.builder("pgswap.log.backlog.size", p, x -> Math.max(0, x.backlogBytes()))
                .description("size of the change log").baseUnit("bytes").tags(t).strongReference(true).register(r);
        for (String outcome : SWAP_OUTCOMES) {
            FunctionCounter.builder("pgswap.swap.attempts", p.swapOutcomes(),
                            m -> m.getOrDefault(outcome, new AtomicLong()).get())
                    .description("swap attempts by outcome").tags(t.and("outcome", outcome)).register(r);
        }
        FunctionCounter.builder("pgswap.lock.wait", p, x -> x.lockWaitNanos() / 1e9)
                .description("time spent waiting for the swap's ACCESS EXCLUSIVE lock").baseUnit("seconds")
                .tags(t).register(r);
        Gauge.builder("pgswap.access.exclusive", p, x -> x.lockHeldMillis() / 1000.0)
                .description("time the swap held ACCESS EXCLUSIVE on the table").baseUnit("seconds").tags(t).strongReference(true).register(r);
        for (String phase : PHASES) {
            Map<String, AtomicLong> nanos = p.phaseNanos();
            Gauge.builder("pgswap.phase.duration", nanos, m -> m.getOrDefault(phase, new AtomicLong()).get() / 1e9)
                    .description("time spent in each phase").baseUnit("seconds").tags(t.and("phase", phase)).strongReference(true).register(r);
        }
        for (Phase phase : Phase.values()) {
            Gauge.builder("pgswap.phase", p, x -> x.phase() == phase ? 1 : 0)
                    .description("1 for the phase the run is in").tags(t.and("phase", phase.name().toLowerCase()))
                    .strongReference(true).register(r);
        }
        Gauge.builder("pgswap.throttle", p, x -> 0)
                .description("time spent throttled (pgswap does not throttle yet; always 0)").baseUnit("seconds")
                .tags(t).register(r);
    }

    /** rows/s between two reads. */
    static final class RateTracker {
        private final Progress p;
        private long lastRows;
        private long lastNanos = System.nanoTime();
        private double rate;

        RateTracker(Progress p) {
            this.p = p;
        }

        synchronized double rowsPerSecond() {
            long now = System.nanoTime();
            if (now - lastNanos > 500_000_000L) {
                long rows = p.rowsCopied();
                rate = (rows - lastRows) / ((now - lastNanos) / 1e9);
                lastRows = rows;
                lastNanos = now;
            }
            return rate;
        }
    }
}
