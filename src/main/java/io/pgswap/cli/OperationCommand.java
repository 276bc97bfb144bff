package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Engine;
import io.pgswap.engine.ProgressReporter;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.metrics.MetricsExporter;
import io.pgswap.ops.Operation;
import io.pgswap.plan.Plan;
import io.pgswap.retry.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command of one registered operation: its own parameters and options (the operation's
 * {@link Operation.Command}, added as a mixin), the options every operation takes, and the option
 * groups the operation asks for. Parses, builds the request, and hands it to the engine.
 */
@Command(sortOptions = false, usageHelpAutoWidth = true)
final class OperationCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RunOptions run;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOptions help;

    private final Operation<?> operation;
    private CommandSpec spec;
    private Operation.Command<?> args;
    private SwapTuningOptions swap;
    private BatchOptions batch;
    private ConcurrentOptions concurrent;
    private ThrottleOptions throttle;

    private OperationCommand(Operation<?> operation) {
        this.operation = operation;
    }

    static CommandLine create(Operation<?> op) {
        OperationCommand cmd = new OperationCommand(op);
        CommandSpec spec = CommandSpec.forAnnotatedObject(cmd);
        cmd.spec = spec;
        cmd.args = op.command();
        spec.addMixin("args", CommandSpec.forAnnotatedObject(cmd.args));
        if (op.options().contains(Operation.Options.SWAP)) {
            cmd.swap = new SwapTuningOptions();
            spec.addMixin("swap", CommandSpec.forAnnotatedObject(cmd.swap));
        }
        if (op.options().contains(Operation.Options.SWAP) || op.options().contains(Operation.Options.BACKFILL)) {
            cmd.batch = new BatchOptions();
            spec.addMixin("batch", CommandSpec.forAnnotatedObject(cmd.batch));
            cmd.throttle = new ThrottleOptions();
            spec.addMixin("throttle", CommandSpec.forAnnotatedObject(cmd.throttle));
        }
        if (op.options().contains(Operation.Options.CONCURRENT)) {
            cmd.concurrent = new ConcurrentOptions();
            spec.addMixin("concurrent", CommandSpec.forAnnotatedObject(cmd.concurrent));
        }
        spec.name(op.name());
        spec.usageMessage().footer(withExitCodes(spec.usageMessage().footer()));
        return new CommandLine(spec);
    }

    static String[] withExitCodes(String[] footer) {
        String[] codes = {"", "Exit codes: 0 done or nothing to do, 1 failed (the message says what state the table "
                + "is in), 2 usage error, 3 refused by preflight (nothing changed), 4 gave up after its retries "
                + "(resumable), 75 stopped at a safe point (resumable)."};
        String[] out = new String[footer.length + codes.length];
        System.arraycopy(footer, 0, out, 0, footer.length);
        System.arraycopy(codes, 0, out, footer.length, codes.length);
        return out;
    }

    @Override
    public Integer call() {
        output.apply();
        int code = ExitCode.FAILED.code();
        try {
            int[] planned = {ExitCode.OK.code()}; // a dry run's verdict
            code = CommandSupport.run(output, () -> {
                Request<?> request = request(operation, args);
                Tuning tuning = tuning();
                SwapOptions swapOptions = swapOptions();
                ConnectionSettings settings = run.withSessionSettings(connection.resolve());
                try (Db db = Db.open(settings, new SessionSettings(tuning.lockTimeout(), Duration.ofMinutes(1)),
                        tuning.poolSize())) {
                    if (run.dryRun) {
                        Plan plan = new Engine(db, tuning, swapOptions, throttle == null ? Throttle.Settings.NONE
                                : throttle.settings(), Clock.SYSTEM, new StopSignal(), Hooks.NONE).plan(request);
                        planned[0] = CommandSupport.printPlan(plan, settings.describe(), output);
                        String pauses = throttle == null ? null : throttle.settings().describe();
                        if (pauses != null) {
                            LOG.info("throttles: {}", pauses);
                        }
                        if (run.window != null && !run.window().contains(java.time.LocalTime.now())) {
                            LOG.warn("--window {} is closed now: a run started now stops at once with exit 75, "
                                    + "nothing done", run.window());
                        }
                        return null;
                    }
                    LOG.info("connected to {}", settings.describe());
                    Result r = CommandSupport.runEngine(db, tuning, swapOptions, throttle == null
                            ? Throttle.Settings.NONE : throttle.settings(), stopSignal(), run, output, request,
                            RecordedOptions.of(spec.commandLine().getParseResult()));
                    return r;
                }
            });
            if (code == ExitCode.OK.code()) {
                code = planned[0];
            }
        } finally {
            SignalStop.finished(code); // whatever happened: the signal hook must not mistake this for a stop
        }
        return code;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Request<?> request(Operation<?> op, Operation.Command<?> cmd) {
        return Request.of((Operation) op, (Record) cmd.args());
    }

    private Tuning tuning() {
        return Settings.tuning(run, swap, batch, concurrent);
    }

    private SwapOptions swapOptions() {
        return Settings.swapOptions(swap);
    }

    private StopSignal stopSignal() {
        return Settings.stopSignal(run);
    }
}
