package io.pgswap.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How big the batches of a copy or a backfill are. */
final class BatchOptions {
    @Option(names = "--batch-time", paramLabel = "DURATION", defaultValue = "200ms", converter = DurationConverter.class,
            description = "The target duration of one batch; the batch size adapts to it (default: ${DEFAULT-VALUE}).")
    Duration batchTime;

    @Option(names = "--batch-size", paramLabel = "ROWS",
            description = "A fixed batch size in rows instead (approximate: batches are ranges of heap pages).")
    Long batchSize;
}
