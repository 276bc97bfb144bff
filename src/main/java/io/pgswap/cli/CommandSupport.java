package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.engine.Engine;
import io.pgswap.engine.ProgressReporter;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.metrics.MetricsExporter;
import io.pgswap.retry.Clock;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a command body: maps failures to exit codes and messages, writes the JSON document. */
final class CommandSupport {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    interface Body {
        /** Returns a Result to report, or null when the body printed its own output. */
        Result run() throws Exception;
    }

    private CommandSupport() {
    }

    static int run(OutputOptions output, Body body) {
        try {
            Result r = body.run();
            if (r != null && output.json()) {
                System.out.println(Json.write(resultJson(r)));
            }
            return r == null ? ExitCode.OK.code() : r.exitCode().code();
        } catch (Exception | Error e) {
            ExitCode code = Errors.exitCode(e);
            String msg = Errors.message(e);
            if (code == ExitCode.OK) {
                LOG.info(msg);
            } else if (code == ExitCode.STOPPED) {
                LOG.warn("pgswap: {}", msg);
            } else {
                LOG.error("pgswap: {}", msg);
                if (output.verbose) {
                    LOG.error("stack trace", e);
                }
            }
            if (output.json()) {
                System.out.println(Json.outcome(code, msg));
            }
            return code.code();
        }
    }

    /**
     * Prints a dry run's plan and returns its exit code: 0, or 3 when a finding says the run would
     * not go through (the plan is printed all the same, so the user sees what would run), for CI.
     */
    static int printPlan(io.pgswap.plan.Plan plan, String connection, OutputOptions output) {
        PlanPrinter.print(plan, connection, output.json());
        if (plan.runWouldNotGoThrough()) {
            LOG.error("pgswap: the dry run found that a run now would not go through (the [error] above); exit 3");
            return ExitCode.REFUSED.code();
        }
        return ExitCode.OK.code();
    }

    /**
     * Runs one request through the engine with progress reports and metrics, and logs the summary;
     * {@code recorded}: the options the migration records for a later 'pgswap resume' ({@link RecordedOptions}).
     */
    static Result runEngine(Db db, Tuning tuning, SwapOptions swapOptions, Throttle.Settings throttle, StopSignal stop,
                            RunOptions run, OutputOptions output, Request<?> request, List<String> recorded)
            throws SQLException {
        return runEngine(new Engine(db, tuning, swapOptions, throttle, Clock.SYSTEM, stop, Hooks.NONE)
                .recordingOptions(recorded), run, output, request);
    }

    static Result runEngine(Engine engine, RunOptions run, OutputOptions output, Request<?> request)
            throws SQLException {
        Result r;
        try (ProgressReporter reporter = new ProgressReporter(engine.progress(), run.progressInterval,
                output.liveProgress());
             MetricsExporter metrics = Metrics.start(run, engine.progress(), request.target().toString())) {
            r = engine.run(request);
        }
        summary(r);
        return r;
    }

    static void summary(Result r) {
        StringBuilder steps = new StringBuilder();
        r.stepMillis().forEach((k, v) -> steps.append(steps.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(PlanPrinter.human(v)));
        switch (r.outcome()) {
            case "swapped" -> LOG.info("done: {} {} (migration #{}): {}; {} rows copied, {} log rows replayed, "
                            + "{} swap attempt(s), ACCESS EXCLUSIVE held {} ms{}", r.operation(), r.table(),
                    r.migrationId(), steps, r.rowsCopied(), r.rowsReplayed(), r.swapAttempts(), r.lockHeldMillis(),
                    r.revertUntil() == null ? "" : "; the revert window is open until " + r.revertUntil()
                            + ": 'pgswap revert " + r.table() + "' swaps back, with the writes made meanwhile");
            case "revert_window" -> LOG.info("migration #{} of {} keeps its revert window open until {}: 'pgswap "
                    + "revert {}' swaps back; nothing else to do until then", r.migrationId(), r.table(),
                    r.revertUntil(), r.table());
            case "reverted" -> LOG.info("reverted {} (migration #{}): {}; {} reverse log rows replayed, {} attempt(s), "
                    + "ACCESS EXCLUSIVE held {} ms{}", r.table(), r.migrationId(), steps, r.rowsReplayed(),
                    r.swapAttempts(), r.lockHeldMillis(), r.oldTable() == null ? "" : "; the new table is kept as "
                    + r.oldTable() + " (drop it when the workload is quiet)");
            case "synced" -> LOG.info("in sync, not swapped: {} {} (migration #{}): {}; {} rows copied, {} log rows "
                    + "replayed; the capture trigger keeps logging until a run without --no-swap swaps or "
                    + "'pgswap abort' removes it", r.operation(), r.table(), r.migrationId(), steps, r.rowsCopied(),
                    r.rowsReplayed());
            default -> LOG.info("done: {} {} (migration #{}): {}", r.operation(), r.table(), r.migrationId(), steps);
        }
    }

    static Map<String, Object> resultJson(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("migration_id", r.migrationId());
        m.put("table", r.table());
        m.put("operation", r.operation());
        m.put("recipe", r.recipe());
        m.put("outcome", r.outcome());
        m.put("exit_code", r.exitCode().code());
        m.put("message", r.message());
        m.put("step_ms", r.stepMillis());
        m.put("rows_copied", r.rowsCopied());
        m.put("rows_replayed", r.rowsReplayed());
        m.put("swap_attempts", r.swapAttempts());
        m.put("access_exclusive_ms", r.lockHeldMillis());
        m.put("old_table", r.oldTable());
        m.put("revert_until", r.revertUntil());
        m.put("warnings", r.warnings());
        return m;
    }
}
