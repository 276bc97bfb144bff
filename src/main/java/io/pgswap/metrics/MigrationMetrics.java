package io.pgswap.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.pgswap.core.Progress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one run, all read from {@link Progress} when exported: nothing is added to the
 * copy or replay loops. Names are stable; every meter carries a {@code table} tag, and the
 * per-step meters a {@code step} tag with the plan's step names (known once the run has its
 * recipe, so {@link #sync} registers them as they appear).
 */
public final class MigrationMetrics {
    static final String[] SWAP_OUTCOMES = {"swapped", "lock_timeout", "retryable_error", "error"};

    private final MeterRegistry registry;
    private final Progress progress;
    private final Tags tags;
    private final Set<String> stepsBound = ConcurrentHashMap.newKeySet();

    private MigrationMetrics(MeterRegistry registry, Progress progress, String table) {
        this.registry = registry;
        this.progress = progress;
        this.tags = Tags.of("table", table);
    }

    public static MigrationMetrics bind(MeterRegistry r, Progress p, String table) {
        MigrationMetrics m = new MigrationMetrics(r, p, table);
        m.bindFixed();
        return m;
    }

    private void bindFixed() {
        MeterRegistry r = registry;
        Progress p = progress;
        Tags t = tags;
        FunctionCounter.builder("pgswap.rows.copied", p, Progress::rowsCopied)
                .description("rows copied into the shadow table or updated by a backfill").tags(t).register(r);
        FunctionCounter.builder("pgswap.rows.replayed", p, Progress::rowsReplayed)
                .description("change-log rows applied to the shadow table").tags(t).register(r);
        FunctionCounter.builder("pgswap.rows.checksummed", p, Progress::rowsChecksummed)
                .description("rows of the original compared with the shadow by the checksum").tags(t).register(r);
        Gauge.builder("pgswap.checksum.differing", p, Progress::checksumDiffering)
                .description("keys the checksum found differing (before they are compared again after a replay)")
                .baseUnit("keys").tags(t).strongReference(true).register(r);
        Gauge.builder("pgswap.copy.rate", new RateTracker(p), RateTracker::rowsPerSecond)
                .description("copy rate over the last export interval").baseUnit("rows_per_second").tags(t)
                .strongReference(true).register(r);
        Gauge.builder("pgswap.copy.progress", p, x -> x.pagesTotal() == 0 ? 0 : (double) x.pagesDone() / x.pagesTotal())
                .description("fraction of the heap pages copied").baseUnit("ratio").tags(t).strongReference(true)
                .register(r);
        Gauge.builder("pgswap.log.backlog", p, x -> Math.max(0, x.backlogRows()))
                .description("change-log rows waiting for replay (approximate)").baseUnit("rows").tags(t)
                .strongReference(true).register(r);
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
                .description("time the swap held ACCESS EXCLUSIVE on the table").baseUnit("seconds").tags(t)
                .strongReference(true).register(r);
        FunctionCounter.builder("pgswap.throttle", p, x -> x.throttledNanos() / 1e9)
                .description("time spent paused by a throttle").baseUnit("seconds").tags(t).register(r);
    }

    /** Registers the per-step meters of steps that appeared since the last call. */
    public void sync() {
        for (String step : progress.steps()) {
            if (stepsBound.add(step)) {
                Gauge.builder("pgswap.step.duration", progress.stepNanos(),
                                m -> m.getOrDefault(step, new AtomicLong()).get() / 1e9)
                        .description("time spent in each step").baseUnit("seconds").tags(tags.and("step", step))
                        .strongReference(true).register(registry);
                Gauge.builder("pgswap.step", progress, x -> step.equals(x.step()) ? 1 : 0)
                        .description("1 for the step the run is in").tags(tags.and("step", step))
                        .strongReference(true).register(registry);
            }
        }
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
