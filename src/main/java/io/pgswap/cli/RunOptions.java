package io.pgswap.cli;

import io.pgswap.PgSwapException;
import io.pgswap.engine.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every operation command takes: plan or run, lock bound, time limits, metrics, progress. */
final class RunOptions {
    @Option(names = "--dry-run",
            description = "Print the plan (steps, SQL, locks, estimates) and change nothing; it runs in a READ ONLY "
                    + "transaction.")
    boolean dryRun;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "The longest wait for any one lock pgswap asks for (default: ${DEFAULT-VALUE}); queries "
                    + "that arrive meanwhile wait behind the request, so keep it short. 0 is refused.")
    Duration lockTimeout;

    @Option(names = "--lock-retry", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long a short lock (trigger, constraint) is retried before giving up with exit 4 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration lockRetry;

    @Option(names = "--max-runtime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop at the next safe point (between batches or steps, never inside the swap) after this "
                    + "long; exit 75, resumable by running the same command again.")
    Duration maxRuntime;

    @Option(names = "--window", paramLabel = "HH:MM-HH:MM",
            description = "Work only inside this daily window (local time, may wrap midnight); outside it, or when "
                    + "it closes, stop at a safe point with exit 75, resumable.")
    String window;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "Write Prometheus metrics to this file every few seconds, atomically (for node_exporter's "
                    + "textfile collector).")
    Path metricsFile;

    @Option(names = "--metrics-port", paramLabel = "[HOST:]PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics while the run lasts (HOST defaults "
                    + "to 127.0.0.1; 0 picks a free port).")
    String metricsPort;

    @Option(names = "--progress-interval", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "How often progress is reported (default: ${DEFAULT-VALUE}).")
    Duration progressInterval;

    @Option(names = io.pgswap.core.SessionValues.OPTION, paramLabel = "NAME=VALUE",
            description = "Give pgswap's sessions this setting, as PGOPTIONS='-c NAME=VALUE' would (repeatable): "
                    + "TimeZone, DateStyle, IntervalStyle, search_path, lc_monetary, lc_numeric, lc_time, bytea_output "
                    + "or default_text_search_config, which decide how values are converted. A migration records "
                    + "the values it started with, and 'pgswap resume' and 'pgswap revert' use them again.")
    java.util.Map<String, String> sessionSettings;

    /** {@code settings} with the --session-setting values, which win over PGOPTIONS' (a later -c wins). */
    io.pgswap.db.ConnectionSettings withSessionSettings(io.pgswap.db.ConnectionSettings settings) {
        io.pgswap.db.ConnectionSettings out = settings;
        if (sessionSettings != null) {
            for (var e : sessionSettings.entrySet()) {
                out = out.withParameter(sessionSetting(e.getKey()), e.getValue());
            }
        }
        return out;
    }

    private static String sessionSetting(String name) {
        return io.pgswap.core.SessionValues.NAMES.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> PgSwapException.usage(io.pgswap.core.SessionValues.OPTION + " " + name + ": not one "
                        + "of " + String.join(", ", io.pgswap.core.SessionValues.NAMES)));
    }

    void validate() {
        if (sessionSettings != null) {
            sessionSettings.keySet().forEach(RunOptions::sessionSetting);
        }
        if (lockTimeout.isZero()) {
            throw PgSwapException.usage("--lock-timeout must be positive (0 means 'wait forever' to PostgreSQL)");
        }
        if (progressInterval.isZero()) {
            throw PgSwapException.usage("--progress-interval must be positive");
        }
        if (maxRuntime != null && maxRuntime.isZero()) {
            throw PgSwapException.usage("--max-runtime must be positive");
        }
        if (window != null) {
            window();
        }
        if (metricsPort != null) {
            Metrics.address(metricsPort);
        }
        if (metricsFile != null && metricsFile.toAbsolutePath().getParent() != null
                && !Files.isDirectory(metricsFile.toAbsolutePath().getParent())) {
            throw PgSwapException.usage("--metrics-file: directory " + metricsFile.toAbsolutePath().getParent()
                    + " does not exist");
        }
    }

    Window window() {
        try {
            return Window.parse(window);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage(e.getMessage());
        }
    }
}
