package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.DryRun;
import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Migrator;
import io.pgswap.engine.Operation;
import io.pgswap.engine.ProgressReporter;
import io.pgswap.engine.Result;
import io.pgswap.engine.StopSignal;
import io.pgswap.engine.Window;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgswap.metrics.MetricsExporter;
import io.pgswap.metrics.MigrationMetrics;
import java.net.InetSocketAddress;
import io.pgswap.ExitCode;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import io.pgswap.plan.Plan;
import io.pgswap.retry.Clock;
import io.pgswap.sql.QualifiedName;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;

/** What add-not-null and repack share: parse the target, build the spec, run or plan. */
abstract class MigrateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MigrationOptions options;

    @Mixin
    OutputOptions output;

    abstract MigrationSpec spec();

    /** After connecting: lets a command complete its spec from the database (resume does). */
    MigrationSpec resolve(Db db, MigrationSpec spec) throws java.sql.SQLException {
        return spec;
    }

    @Override
    public Integer call() {
        output.apply();
        int code = ExitCode.FAILED.code();
        try {
        code = CommandSupport.run(output, () -> {
            MigrationSpec requested = spec();
            ConnectionSettings settings = connection.resolve();
            try (Db db = Db.open(settings, new SessionSettings(requested.lockTimeout(), Duration.ofMinutes(1)),
                    3 + requested.indexJobs())) {
                MigrationSpec spec = resolve(db, requested);
                if (spec == null) {
                    return null;
                }
                if (spec.dryRun()) {
                    Plan plan = DryRun.plan(db, spec);
                    if (output.json()) {
                        System.out.println(Json.write(PlanPrinter.json(plan, settings.describe())));
                    } else {
                        PlanPrinter.text(plan, settings.describe(), System.out);
                    }
                    return null;
                }
                LOG.info("connected to {}", settings.describe());
                StopSignal stop = stopSignal();
                Migrator migrator = new Migrator(db, spec, Clock.SYSTEM, stop);
                Result r;
                MeterRegistry registry = new SimpleMeterRegistry();
                MigrationMetrics.bind(registry, migrator.progress(),
                        (spec.schema() == null ? "" : spec.schema() + ".") + spec.table());
                try (ProgressReporter reporter = new ProgressReporter(migrator.progress(), options.progressInterval,
                        output.liveProgress());
                     MetricsExporter metrics = new MetricsExporter(registry, options.metricsFile, metricsAddress(),
                             Duration.ofSeconds(5))) {
                    r = migrator.run();
                }
                summary(r);
                return r;
            }
        });
        } finally {
            SignalStop.finished(code); // whatever happened: the signal hook must not mistake this for a stop
        }
        return code;
    }

    /**
     * The stop signal of this run: requested by --max-runtime, by the end of --window, and by
     * SIGTERM/SIGINT (see {@link SignalStop}). Outside the window nothing starts at all.
     */
    private StopSignal stopSignal() {
        StopSignal stop = new StopSignal();
        if (options.maxRuntime != null) {
            stop.requestAfter(options.maxRuntime, "--max-runtime " + options.maxRuntime.toSeconds() + " s reached");
        }
        if (options.window != null) {
            Window w = window();
            Duration left = w.remaining(ZonedDateTime.now());
            if (left.isZero()) {
                throw new PgSwapException(ExitCode.STOPPED, "outside the window " + w + " (now "
                        + LocalTime.now().withNano(0) + "); nothing done. The next run inside the window resumes");
            }
            stop.requestAfter(left, "the window " + w + " closed");
        }
        SignalStop.install(stop);
        return stop;
    }

    private Window window() {
        try {
            return Window.parse(options.window);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage(e.getMessage());
        }
    }

    private void summary(Result r) {
        StringBuilder phases = new StringBuilder();
        r.phaseMillis().forEach((k, v) -> phases.append(phases.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(PlanPrinter.human(v)));
        LOG.info("done: {} {} (migration #{}): {}; {} rows copied, {} log rows replayed, {} swap attempt(s), "
                        + "ACCESS EXCLUSIVE held {} ms", r.operation(), r.table(), r.migrationId(), phases,
                r.rowsCopied(), r.rowsReplayed(), r.swapAttempts(), r.lockHeldMillis());
    }

    private InetSocketAddress metricsAddress() {
        if (options.metricsPort == null) {
            return null;
        }
        String text = options.metricsPort.trim();
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon);
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw PgSwapException.usage("--metrics-port must be [HOST:]PORT, e.g. 9187 or 0.0.0.0:9187");
        }
    }

    /** Parses [SCHEMA.]TABLE.COLUMN (withColumn) or [SCHEMA.]TABLE. */
    static List<String> target(String text, boolean withColumn) {
        List<String> parts;
        try {
            parts = QualifiedName.parse(text);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage("cannot read '" + text + "': " + e.getMessage());
        }
        int min = withColumn ? 2 : 1;
        if (parts.size() < min || parts.size() > min + 1) {
            throw PgSwapException.usage("'" + text + "' should be " + (withColumn ? "[SCHEMA.]TABLE.COLUMN"
                    : "[SCHEMA.]TABLE") + "; quote names that contain dots: '\"my.table\".col'");
        }
        return parts;
    }

    MigrationSpec build(Operation op, List<String> parts, boolean withColumn, String fill) {
        String schema = parts.size() == (withColumn ? 3 : 2) ? parts.get(0) : null;
        String table = parts.get(schema == null ? 0 : 1);
        String column = withColumn ? parts.get(parts.size() - 1) : null;
        if (options.batchSize != null && options.batchSize < 1) {
            throw PgSwapException.usage("--batch-size must be at least 1");
        }
        if (options.progressInterval.isZero()) {
            throw PgSwapException.usage("--progress-interval must be positive");
        }
        if (options.maxRuntime != null && options.maxRuntime.isZero()) {
            throw PgSwapException.usage("--max-runtime must be positive");
        }
        if (options.window != null) {
            window();
        }
        if (options.noSwap && options.dropOld) {
            throw PgSwapException.usage("--no-swap and --drop-old contradict each other");
        }
        if (options.metricsPort != null) {
            metricsAddress();
        }
        if (options.metricsFile != null && options.metricsFile.toAbsolutePath().getParent() != null
                && !java.nio.file.Files.isDirectory(options.metricsFile.toAbsolutePath().getParent())) {
            throw PgSwapException.usage("--metrics-file: directory " + options.metricsFile.toAbsolutePath().getParent()
                    + " does not exist");
        }
        if (options.noSwap && options.dryRun) {
            throw PgSwapException.usage("--no-swap has no effect with --dry-run; drop one of them");
        }
        try {
            return new MigrationSpec(op, schema, table, column, fill, options.dryRun, options.lockTimeout,
                    options.swapTimeout, options.maxAttempts, options.batchTime,
                    options.batchSize == null ? 0 : options.batchSize, options.replayBatch, options.indexJobs,
                    options.dropOld, options.noSwap, options.rebuildMatviews);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage(e.getMessage());
        }
    }

    static Map<String, Object> resultJson(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("migration_id", r.migrationId());
        m.put("table", r.table());
        m.put("operation", r.operation());
        m.put("outcome", r.outcome());
        m.put("exit_code", r.exitCode().code());
        m.put("message", r.message());
        m.put("phase_ms", r.phaseMillis());
        m.put("rows_copied", r.rowsCopied());
        m.put("rows_replayed", r.rowsReplayed());
        m.put("swap_attempts", r.swapAttempts());
        m.put("access_exclusive_ms", r.lockHeldMillis());
        m.put("old_table", r.oldTable());
        m.put("warnings", r.warnings());
        return m;
    }

}
