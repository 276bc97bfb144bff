package io.pgswap.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by the commands that migrate a table. */
final class MigrationOptions {
    @Option(names = "--dry-run", description = "print the plan (steps, SQL, locks, estimates) and change nothing")
    boolean dryRun;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "longest wait for any lock on the table (default: ${DEFAULT-VALUE}); "
                    + "queries arriving meanwhile wait behind the request, so keep it short. 0 is refused")
    Duration lockTimeout;

    @Option(names = "--swap-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "time budget for swap attempts before giving up with exit 4 (default: ${DEFAULT-VALUE})")
    Duration swapTimeout;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "200",
            description = "most swap attempts before giving up with exit 4 (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--batch-time", paramLabel = "DURATION", defaultValue = "200ms", converter = DurationConverter.class,
            description = "target duration of one copy batch; the batch size adapts to it (default: ${DEFAULT-VALUE})")
    Duration batchTime;

    @Option(names = "--batch-size", paramLabel = "ROWS",
            description = "fixed copy batch size in rows (approximate: batches are ranges of heap pages); "
                    + "disables adaptation")
    Long batchSize;

    @Option(names = "--replay-batch", paramLabel = "ROWS", defaultValue = "5000",
            description = "log rows applied per replay transaction (default: ${DEFAULT-VALUE})")
    int replayBatch;

    @Option(names = "--index-jobs", paramLabel = "N", defaultValue = "1",
            description = "indexes built at the same time on the shadow (default: ${DEFAULT-VALUE}; more is faster "
                    + "but competes with the application for CPU and WAL: measured on 2 cores, 2 jobs cut 0.5 s "
                    + "off a 2M-row table and raised the worst client latency from ~30 ms to ~100 ms)")
    int indexJobs;

    @Option(names = "--drop-old", description = "drop the old table after the swap, in its own transaction "
            + "(default: keep it and print the DROP statement)")
    boolean dropOld;

    @Option(names = "--max-runtime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop at the next safe point (between batches, never inside the swap) after this long; "
                    + "exit 75, resumable by running the same command again")
    Duration maxRuntime;

    @Option(names = "--window", paramLabel = "HH:MM-HH:MM",
            description = "only work inside this daily window (local time, may wrap midnight); outside it, or when "
                    + "it closes, stop at a safe point with exit 75, resumable")
    String window;

    @Option(names = "--no-swap", description = "copy and keep the shadow in sync, but stop before the swap (exit 0); "
            + "a later run without it swaps")
    boolean noSwap;

    @Option(names = "--rebuild-matviews", description = "rebuild materialized views that read the table inside the "
            + "swap (their queries run while the table is locked, so the lock is held that much longer); "
            + "without it such a table is refused")
    boolean rebuildMatviews;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "write Prometheus metrics to this file every few seconds, atomically "
                    + "(for node_exporter's textfile collector)")
    java.nio.file.Path metricsFile;

    @Option(names = "--metrics-port", paramLabel = "[HOST:]PORT",
            description = "serve Prometheus metrics at http://HOST:PORT/metrics while the run lasts "
                    + "(HOST defaults to 127.0.0.1; 0 picks a free port)")
    String metricsPort;

    @Option(names = "--progress-interval", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "how often progress is reported (default: ${DEFAULT-VALUE})")
    Duration progressInterval;
}
