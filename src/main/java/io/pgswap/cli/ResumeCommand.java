package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Engine;
import io.pgswap.engine.ProgressReporter;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.engine.Resume;
import io.pgswap.metrics.MetricsExporter;
import io.pgswap.retry.Clock;
import io.pgswap.state.StateAccess;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "resume", sortOptions = false,
        description = {"Continue an unfinished migration from where it stopped, with the arguments it was started with.",
            "",
            "Running the original command again does the same; resume saves retyping it. With nothing to "
                    + "resume it says so and exits 0."},
        footer = {"", "Examples:", "  pgswap resume", "  pgswap resume sales.orders --window 01:00-05:00"})
final class ResumeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Parameters(index = "0", arity = "0..1", paramLabel = "[SCHEMA.]TABLE",
            description = "The table (a partitioned table: its unfinished partition's migration); may be left "
                    + "out when exactly one migration is unfinished.")
    String table;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RunOptions run;

    @Mixin
    SwapTuningOptions swap;

    @Mixin
    BatchOptions batch;

    @Mixin
    ConcurrentOptions concurrent;

    @Mixin
    ThrottleOptions throttle;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOptions help;

    @Override
    public Integer call() {
        output.apply();
        int code = ExitCode.FAILED.code();
        try {
            code = CommandSupport.run(output, () -> {
                if (run.dryRun) {
                    throw PgSwapException.usage("resume has no --dry-run; run the original command with --dry-run, "
                            + "or see 'pgswap status'");
                }
                Target target = table == null ? null : Target.parse(table);
                Tuning tuning = Settings.tuning(run, swap, batch, concurrent);
                ConnectionSettings settings = connection.resolve();
                try (Db db = Db.open(settings, new SessionSettings(tuning.lockTimeout(), Duration.ofMinutes(1)),
                        tuning.poolSize())) {
                    Optional<Request<?>> request;
                    try (Connection c = db.connection()) {
                        StateAccess.check(c, run.dryRun ? StateAccess.Need.READ : StateAccess.Need.WRITE);
                        request = Resume.find(c, target);
                    }
                    if (request.isEmpty()) {
                        LOG.info("no unfinished pgswap migration{}; nothing to resume",
                                table == null ? "" : " of " + table);
                        return null;
                    }
                    LOG.info("connected to {}", settings.describe());
                    Result r = CommandSupport.runEngine(db, tuning, Settings.swapOptions(swap), throttle.settings(),
                            Settings.stopSignal(run), run, output, request.get());
                    return r;
                }
            });
        } finally {
            SignalStop.finished(code);
        }
        return code;
    }
}
