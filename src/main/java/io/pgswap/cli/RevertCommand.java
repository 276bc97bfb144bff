package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.ProgressReporter;
import io.pgswap.engine.Result;
import io.pgswap.engine.Reverter;
import io.pgswap.metrics.MetricsExporter;
import io.pgswap.plan.Plan;
import io.pgswap.retry.Clock;
import io.pgswap.state.StateAccess;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revert", sortOptions = false,
        description = {"Swap a table back to what it was before its last swap, within the swap's revert window.",
            "",
            "A swap run with --revert-window D keeps the old table and puts a reverse capture trigger on the new "
                    + "one, so every write made after the swap is logged. revert replays those writes into the old "
                    + "table through the reverse of the column mapping, then swaps it back in with the same "
                    + "discipline as the swap: one short ACCESS EXCLUSIVE lock, bounded by --lock-timeout and retried, "
                    + "the log drained under the lock, the new table's definition checked against the one the swap "
                    + "left, and views, rules, foreign keys in and out, publications and sequences re-pointed. The "
                    + "new table is kept (or dropped with --drop-old); the reverse trigger and log are removed. A "
                    + "revert that stops or fails changes nothing: run it again.",
            "",
            "An add-not-null that is reverted leaves the column nullable again (the old table never had the NOT "
                    + "NULL)."},
        footer = {"", "Examples:", "  pgswap add-not-null orders.status --fill unknown --revert-window 1d",
            "  pgswap revert orders --dry-run", "  pgswap revert orders",
            "", "Exit codes: 0 reverted, 1 failed (nothing reverted, or swapped back and the finish is left: run it "
                    + "again), 2 usage error, 3 refused (no revert window, the window ended, the new table's "
                    + "definition changed; nothing changed), 4 gave up after its retries (run it again), 75 stopped "
                    + "at a safe point (run it again)."})
final class RevertCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE", description = "The table to swap back.")
    String table;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RunOptions run;

    @Option(names = "--swap-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "The time budget for the attempts to swap back before giving up with exit 4 (default: "
                    + "${DEFAULT-VALUE}).")
    Duration swapTimeout;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "200",
            description = "The most attempts to swap back before giving up with exit 4 (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--replay-batch", paramLabel = "ROWS", defaultValue = "5000",
            description = "Reverse log rows applied per transaction (default: ${DEFAULT-VALUE}).")
    int replayBatch;

    @Option(names = "--drop-old", description = "Drop the table the revert swaps out (the new one) once the revert is "
            + "done, in its own transaction (default: keep it and print the DROP statement).")
    boolean dropOld;

    @Option(names = "--rebuild-matviews", description = "Rebuild materialized views that read the table inside the "
            + "swap back (their queries run while the table is locked); without it such a table is refused.")
    boolean rebuildMatviews;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOptions help;

    @Override
    public Integer call() {
        output.apply();
        int code = ExitCode.FAILED.code();
        try {
            int[] planned = {ExitCode.OK.code()}; // a dry run's verdict
            code = CommandSupport.run(output, () -> {
                Target t = Target.parse(table);
                run.validate();
                if (swapTimeout.isZero() || swapTimeout.isNegative()) {
                    throw PgSwapException.usage("--swap-timeout must be positive");
                }
                Tuning d = Tuning.defaults();
                Tuning tuning;
                try {
                    tuning = new Tuning(run.lockTimeout, run.lockRetry, swapTimeout, maxAttempts, d.batchTime(), 0,
                            replayBatch, 1, d.waitTimeout());
                } catch (IllegalArgumentException e) {
                    throw PgSwapException.usage(e.getMessage());
                }
                SwapOptions options = new SwapOptions(false, dropOld, rebuildMatviews);
                ConnectionSettings settings = run.withSessionSettings(recordedSessionSettings(connection.resolve(),
                        t, tuning.lockTimeout()));
                try (Db db = Db.open(settings, new SessionSettings(tuning.lockTimeout(), Duration.ofMinutes(1)), 3)) {
                    try (Connection c = db.connection()) {
                        StateAccess.check(c, run.dryRun ? StateAccess.Need.READ : StateAccess.Need.WRITE);
                    }
                    if (run.dryRun) {
                        Plan plan = new Reverter(db, tuning, options, Clock.SYSTEM, new io.pgswap.core.StopSignal(),
                                Hooks.NONE).plan(t);
                        planned[0] = CommandSupport.printPlan(plan, settings.describe(), output);
                        return null;
                    }
                    LOG.info("connected to {}", settings.describe());
                    Reverter reverter = new Reverter(db, tuning, options, Clock.SYSTEM, Settings.stopSignal(run),
                            Hooks.NONE);
                    Result r;
                    try (ProgressReporter reporter = new ProgressReporter(reverter.progress(), run.progressInterval,
                            output.liveProgress());
                         MetricsExporter metrics = Metrics.start(run, reverter.progress(), t.toString())) {
                        r = reverter.run(t);
                    }
                    CommandSupport.summary(r);
                    return r;
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

    /**
     * {@code settings} with the session settings the table's migration recorded when it started
     * (TimeZone, DateStyle, ...), so the rows written since the swap go back converted as the copy
     * converted them; as they are when there is no such migration (the revert then says why).
     */
    private static ConnectionSettings recordedSessionSettings(ConnectionSettings settings, Target t,
                                                              Duration lockTimeout) throws java.sql.SQLException {
        try (Db db = Db.open(settings, new SessionSettings(lockTimeout, Duration.ofMinutes(1)), 1);
             java.sql.Connection c = db.connection()) {
            if (!io.pgswap.db.Rows.bool(c, io.pgswap.sql.Statement.of(
                    "SELECT to_regclass('pgswap.migrations') IS NOT NULL"))) {
                return settings;
            }
            long oid;
            try {
                oid = new io.pgswap.catalog.Inspector(c).resolveTable(t.schema(), t.table());
            } catch (PgSwapException e) {
                return settings;
            }
            var m = io.pgswap.state.StateStore.findActive(c, oid);
            ConnectionSettings out = settings;
            if (m.isPresent()) {
                for (var e : io.pgswap.core.SessionValues.recorded(io.pgswap.state.StateStore.runOptions(c,
                        m.get().id())).entrySet()) {
                    out = out.withParameter(e.getKey(), e.getValue());
                }
            }
            return out;
        }
    }
}
