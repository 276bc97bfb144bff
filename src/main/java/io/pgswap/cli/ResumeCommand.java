package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Target;
import io.pgswap.retry.Clock;
import io.pgswap.engine.Engine;
import io.pgswap.plan.Plan;
import io.pgswap.core.Tuning;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Resume;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateAccess;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", sortOptions = false,
        description = {"Continue an unfinished migration from where it stopped, with the arguments it was started with.",
            "",
            "Running the original command again does the same; resume saves retyping it. The run's options "
                    + "come along (how it locks, paces, throttles and swaps: --checksum, --revert-window, --drop-old, "
                    + "--max-rate, --pause-file, ...); an option given here replaces the recorded one. --max-runtime, "
                    + "--window and --no-swap hold for one run only and are not recorded. With nothing to resume it "
                    + "says so and exits 0."},
        footer = {"", "Examples:", "  pgswap resume", "  pgswap resume sales.orders --window 01:00-05:00"})
final class ResumeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Parameters(index = "0", arity = "0..1", paramLabel = "[SCHEMA.]TABLE",
            description = "The table (a partitioned table: its unfinished partition's migration); may be left "
                    + "out when exactly one migration is unfinished.")
    String table;

    @Spec
    CommandSpec spec;

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

    /**
     * This command as if given the options the migration recorded, then its own: an option given
     * here replaces the recorded one. Once swapped, the recorded --revert-window is left out (the
     * window is set; given here, it moves the window's end).
     */
    private ResumeCommand startedWith(MigrationRecord m, List<String> recorded) {
        List<String> args = RecordedOptions.resumed(recorded, spec.commandLine().getParseResult(),
                m.oldTable() != null);
        ResumeCommand as = new ResumeCommand();
        try {
            new CommandLine(as).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw PgSwapException.usage("the options migration #" + m.id() + " was started with (" + String.join(" ",
                    recorded) + ") do not parse here: " + e.getMessage() + "; give the options again with the "
                    + "original command instead of resume");
        }
        return as;
    }

    @Override
    public Integer call() {
        output.apply();
        int code = ExitCode.FAILED.code();
        try {
            int[] planned = {ExitCode.OK.code()}; // a dry run's verdict
            code = CommandSupport.run(output, () -> {
                Target target = table == null ? null : Target.parse(table);
                Settings.tuning(run, swap, batch, concurrent); // resume's own options are checked before connecting
                ConnectionSettings settings = connection.resolve();
                MigrationRecord m;
                List<String> recorded;
                try (Db db = Db.open(settings, new SessionSettings(run.lockTimeout, Duration.ofMinutes(1)), 1);
                     Connection c = db.connection()) {
                    StateAccess.check(c, StateAccess.Need.WRITE);
                    Optional<MigrationRecord> found = Resume.migration(c, target);
                    if (found.isEmpty()) { // exit 0, and with --output json its document
                        throw PgSwapException.nothingToDo("no unfinished pgswap migration"
                                + (table == null ? "" : " of " + table) + "; nothing to resume");
                    }
                    m = found.get();
                    recorded = StateStore.runOptions(c, m.id());
                }
                // the options the run was started with, those given here replacing them
                ResumeCommand as = startedWith(m, recorded);
                Tuning tuning = Settings.tuning(as.run, as.swap, as.batch, as.concurrent);
                // the session settings the migration started with (recorded as --session-setting), or given here
                try (Db db = Db.open(as.run.withSessionSettings(settings), new SessionSettings(tuning.lockTimeout(),
                        Duration.ofMinutes(1)),
                        tuning.poolSize())) {
                    if (run.dryRun) { // the plan of the rest of the run, as the original command's dry run shows it
                        Plan plan = new Engine(db, tuning, Settings.swapOptions(as.swap), as.throttle.settings(),
                                Clock.SYSTEM, new io.pgswap.core.StopSignal(), io.pgswap.core.Hooks.NONE)
                                .plan(Resume.request(m));
                        planned[0] = CommandSupport.printPlan(plan, settings.describe(), output);
                        return null;
                    }
                    LOG.info("connected to {}", settings.describe());
                    List<String> kept = RecordedOptions.of(as.spec.commandLine().getParseResult());
                    if (!recorded.isEmpty()) {
                        LOG.info("resuming migration #{} with the options it was started with, those given now "
                                + "replacing them: {}", m.id(), kept.stream().map(io.pgswap.core.ShellWords::quote)
                                .collect(java.util.stream.Collectors.joining(" ")));
                    }
                    return CommandSupport.runEngine(db, tuning, Settings.swapOptions(as.swap),
                            as.throttle.settings(), Settings.stopSignal(as.run), as.run, output, Resume.request(m),
                            kept);
                }
            });
            if (code == ExitCode.OK.code()) {
                code = planned[0];
            }
        } finally {
            SignalStop.finished(code);
        }
        return code;
    }
}
