package io.pgswap.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The swap's options: attempts, batches, replay, index builds, and what happens around the swap. */
final class SwapTuningOptions {
    @Option(names = "--swap-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "The time budget for swap attempts before giving up with exit 4 (default: ${DEFAULT-VALUE}).")
    Duration swapTimeout;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "200",
            description = "The most swap attempts before giving up with exit 4 (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--replay-batch", paramLabel = "ROWS", defaultValue = "5000",
            description = "Log rows applied per replay transaction (default: ${DEFAULT-VALUE}).")
    int replayBatch;

    @Option(names = "--copy-jobs", paramLabel = "auto|N", defaultValue = "auto",
            description = "Connections that copy the table at the same time, each its own range of heap pages "
                    + "(default: ${DEFAULT-VALUE}). auto uses the server's cores (this machine's when the server is on "
                    + "localhost, otherwise max_parallel_maintenance_workers + 1) while the server is idle, and one "
                    + "job while other sessions are active; e.g. --copy-jobs 1 for the gentlest copy.")
    String copyJobs;

    @Option(names = "--index-jobs", paramLabel = "auto|N", defaultValue = "auto",
            description = "Indexes built at the same time on the shadow (default: ${DEFAULT-VALUE}). auto builds twice "
                    + "as many as --copy-jobs auto would copy with while the server is idle (a build's serial tail then "
                    + "overlaps another's sort), and one at a time while it is busy; builds side by side share the cores out (each gets "
                    + "the parallel workers left once every build has its own process); more is faster but competes with "
                    + "the application for CPU and WAL, e.g. --index-jobs 2.")
    String indexJobs;

    @Option(names = "--drop-old", description = "Drop the old table after the swap, in its own transaction "
            + "(default: keep it and print the DROP statement).")
    boolean dropOld;

    @Option(names = "--no-swap", description = "Copy and keep the shadow in sync, but stop before the swap (exit 0); "
            + "a later run without it swaps.")
    boolean noSwap;

    @Option(names = "--rebuild-matviews", description = "Rebuild materialized views that read the table inside the "
            + "swap (their queries run while the table is locked, so the lock is held that much longer); without it "
            + "such a table is refused.")
    boolean rebuildMatviews;

    @Option(names = "--checksum", negatable = true,
            description = "Compare the original and the shadow chunk by chunk before the swap (each chunk in one "
                    + "snapshot, keys still in the change log left out); a key that still differs after the next "
                    + "replay stops the run with exit 1 and keeps the helper objects for inspection. Off by default "
                    + "(it reads both tables once more); the plan says whether it runs.")
    Boolean checksum;

    @Option(names = "--revert-window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After the swap, keep a reverse capture trigger on the new table for this long, so that "
                    + "'pgswap revert TABLE' can swap back without losing the writes made meanwhile (default: 0, "
                    + "none). The old table is kept until the window ends. On a later run of a migration in its "
                    + "window: the window ends this long from now (0 ends it now).")
    Duration revertWindow;
}
