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

    @Option(names = "--duty-cycle", paramLabel = "auto|PCT", defaultValue = "auto",
            description = "The share of the time the copy (or backfill) batches may work; after each batch pgswap "
                    + "rests for the rest of the cycle, with no transaction open (default: ${DEFAULT-VALUE}). auto "
                    + "works without rests while the server is idle and at " + io.pgswap.core.ServerLoad.BUSY_DUTY_CYCLE
                    + "%% in batches of at most 50 ms while other sessions are active, and below 100%% index builds "
                    + "on the shadow use no parallel workers. E.g. --duty-cycle 25 for a gentler copy, --duty-cycle 100 "
                    + "for full speed under load.")
    String dutyCycle;

    @Option(names = "--max-rate", paramLabel = "ROWS/s",
            description = "The most rows per second the copy (or backfill) moves, over all its jobs; pgswap rests "
                    + "between batches to keep to it (default: no bound). E.g. --max-rate 20000.")
    Long maxRate;
}
