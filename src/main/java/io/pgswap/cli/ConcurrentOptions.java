package io.pgswap.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a CONCURRENTLY build may wait for older transactions (it blocks no reads or writes meanwhile). */
final class ConcurrentOptions {
    @Option(names = "--wait-timeout", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "The longest wait of a CONCURRENTLY build for transactions older than it (default: "
                    + "${DEFAULT-VALUE}); while it waits, reads and writes go on, and progress names the session.")
    Duration waitTimeout;
}
