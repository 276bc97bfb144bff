package io.pgswap.cli;

import io.pgswap.PgSwapException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** --lock-timeout for the commands that only drop pgswap's own objects (abort, cleanup). */
final class LockTimeoutOption {
    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "longest wait for the lock that drops a capture trigger (default: ${DEFAULT-VALUE}); "
                    + "retried with backoff; 0 is refused")
    Duration lockTimeout;

    Duration value() {
        if (lockTimeout.isZero()) {
            throw PgSwapException.usage("--lock-timeout must be positive (0 means 'wait forever')");
        }
        return lockTimeout;
    }
}
