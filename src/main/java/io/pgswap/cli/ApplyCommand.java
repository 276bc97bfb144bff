package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.apply.Applier;
import io.pgswap.apply.ApplyPlan;
import io.pgswap.apply.MigrationFile;
import io.pgswap.apply.Planner;
import io.pgswap.core.LockGate;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.lint.CatalogFacts;
import io.pgswap.lint.FileResult;
import io.pgswap.lint.Linter;
import io.pgswap.lint.pgck.PgCodeKeeperParser;
import io.pgswap.retry.Clock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "apply", sortOptions = false,
        description = {
            "Run a migration file statement by statement, the risky statements through pgswap's safe recipes.",
            "",
            "The file is linted first (see 'pgswap lint') against the connected server. Then, in order: a "
                + "statement that is harmless as written runs as written, in its own transaction, its lock wait "
                + "bounded by --lock-timeout and retried (after waiting out long transactions that hold the table); "
                + "a statement that would block the table for as long as it is big runs as the pgswap command that "
                + "does the same without the long lock (CREATE INDEX as add-index, SET NOT NULL as add-not-null, "
                + "a CHECK or FOREIGN KEY as add-check or add-foreign-key, a column type change as alter, ...); "
                + "an ALTER TABLE is split between its subcommands when only some of them are risky. An explicit "
                + "BEGIN ... COMMIT block runs as one transaction, and is refused when it locks several tables "
                + "(the deadlock lint's PGS010 explains) or holds a risky statement.",
            "",
            "Nothing runs while any statement is refused: one with no safe recipe (name it with "
                + "--allow-blocking to run it as written anyway), a block as above, a statement that does not "
                + "parse (exit 2).",
            "",
            "Progress is recorded per step in pgswap.applied_files under the file's name with its checksum: "
                + "running the same file again continues after the last completed step (a pgswap operation "
                + "resumes where it stopped), a file applied completely has nothing to do, and a file that "
                + "changed since is refused (--continue-changed accepts it when the steps already applied are "
                + "unchanged). Session settings the file makes (SET search_path, ...) hold for the statements "
                + "after them and for the pgswap operations; its SET lock_timeout is replaced by --lock-timeout."},
        footer = {"", "Examples:",
            "  pgswap apply db/migrate/V42__orders.sql --dry-run",
            "  pgswap apply V42__orders.sql --url postgresql://app@db/shop",
            "  pgswap apply V43__cleanup.sql --allow-blocking 12 --window 01:00-05:00",
            "",
            "Exit codes: 0 applied, or nothing left to do; 1 a statement failed (the message says which and how "
                + "many steps before it are applied); 2 usage error or a statement that cannot be parsed; 3 refused "
                + "before anything ran (no safe recipe, a multi-table block, a changed file); 4 gave up waiting for a "
                + "lock (run again to continue); 75 stopped at a safe point (run again to continue)."})
final class ApplyCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Parameters(index = "0", paramLabel = "FILE",
            description = "The migration file: SQL as psql runs it (its variables replaced, psql's own settings such as "
                    + "\\set ON_ERROR_STOP passed over; other backslash commands are refused).")
    Path file;

    @Option(names = "--allow-blocking", paramLabel = "LINE|RULE", split = ",",
            description = "Run a statement with no safe recipe as written anyway, holding its lock for as long as it "
                    + "takes: the line its statement starts on, or a rule id (PGS008) for every statement that rule "
                    + "flags. Repeatable.")
    List<String> allowBlocking = List.of();

    @Option(names = "--continue-changed",
            description = "Accept a file that changed since an earlier run of it, when the steps that run already "
                    + "applied are unchanged: continue with the file as it is now.")
    boolean continueChanged;

    @Option(names = "--rerun-started",
            description = "Run again a CALL that an earlier run started and did not see finish (it was killed, or "
                    + "lost its connection). A procedure may COMMIT part of its work, so by default such a step is "
                    + "refused until you have checked what it did.")
    boolean rerunStarted;

    @Mixin
    PsqlVariableOptions psql;

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

    @Override
    public Integer call() {
        output.apply();
        int code = ExitCode.FAILED.code();
        try {
            code = CommandSupport.run(output, this::body);
            if (code == ExitCode.OK.code()) {
                code = verdict;
            }
        } finally {
            SignalStop.finished(code);
        }
        return code;
    }

    /** A verdict given without an exception: 3 when the plan refuses statements (dry run or not). */
    private int verdict = ExitCode.OK.code();

    private io.pgswap.engine.Result body() throws SQLException {
        for (String a : allowBlocking) {
            if (!a.strip().matches("[0-9]+|(?i)PGS[0-9]{3}")) {
                throw PgSwapException.usage("--allow-blocking " + a + ": give the line a statement starts on "
                        + "(12) or a rule id (PGS008)");
            }
        }
        MigrationFile f = MigrationFile.read(file).withVariables(psql.variables);
        Tuning tuning = Settings.tuning(run, swap, batch, concurrent);
        SwapOptions swapOptions = Settings.swapOptions(swap);
        Throttle.Settings throttleSettings = throttle.settings();
        ConnectionSettings settings = run.withSessionSettings(connection.resolve());
        SessionSettings session = new SessionSettings(tuning.lockTimeout(), Duration.ofMinutes(1));
        try (Db db = Db.open(settings, session, 2); Connection c = db.connection()) {
            ApplyPlan plan = plan(f, c);
            if (!plan.lint().syntaxErrors().isEmpty()) {
                for (FileResult.SyntaxError e : plan.lint().syntaxErrors()) {
                    LOG.error("pgswap: {}:{}:{}: cannot parse the statement: {}", file, e.line(), e.column(),
                            e.message());
                }
                throw PgSwapException.usage(f.name() + ": " + plan.lint().syntaxErrors().size() + " statement(s) "
                        + "cannot be parsed; nothing ran");
            }
            if (run.dryRun) {
                io.pgswap.apply.ApplyStart start = io.pgswap.apply.ApplyStart.of(c, plan, continueChanged);
                ApplyPrinter.plan(plan, start.from(), settings.describe(), output.json(), tuning);
                if (!plan.refusals().isEmpty()) {
                    // the plan (its JSON has the refusals) is the one document; the verdict is the exit code
                    LOG.error("pgswap: {}: {} statement(s) refused (in the plan above), nothing would run",
                            plan.file().name(), plan.refusals().size());
                    verdict = ExitCode.REFUSED.code();
                }
                return null;
            }
            if (!plan.refusals().isEmpty()) {
                // each refusal once, with its line and advice; the JSON document carries them all
                ApplyPrinter.refusals(plan, output.json());
                LOG.error("pgswap: {}: {} statement(s) refused (above), nothing ran", plan.file().name(),
                        plan.refusals().size());
                verdict = ExitCode.REFUSED.code();
                return null;
            }
            LOG.info("connected to {}", settings.describe());
            StopSignal stop = Settings.stopSignal(run);
            LockGate gate = new LockGate(Clock.SYSTEM, tuning, stop, new Progress());
            Applier applier = new Applier(c, gate, Clock.SYSTEM, stop, (request, fileSettings) -> {
                ConnectionSettings carried = settings;
                for (var e : fileSettings.entrySet()) {
                    carried = carried.withParameter(e.getKey(), e.getValue());
                }
                try (Db opDb = Db.open(carried, session, tuning.poolSize())) {
                    return CommandSupport.runEngine(new io.pgswap.engine.Engine(opDb, tuning, swapOptions,
                            throttleSettings, Clock.SYSTEM, stop, io.pgswap.core.Hooks.NONE).recordingOptions(
                            RecordedOptions.of(spec.commandLine().getParseResult())).swapOptionsForSwapsOnly(), run,
                            output, request);
                }
            });
            Applier.Outcome outcome = applier.apply(plan, continueChanged, rerunStarted);
            LOG.info("{}", outcome.message());
            if (output.json()) {
                System.out.println(Json.write(ApplyPrinter.outcomeJson(plan, outcome)));
            }
            return null;
        }
    }

    private ApplyPlan plan(MigrationFile f, Connection c) throws SQLException {
        CatalogFacts facts = new CatalogFacts(c);
        Linter linter = new Linter(new PgCodeKeeperParser(), LintCommand.serverTarget(facts, null), facts, false,
                psql.variables);
        FileResult lint = linter.lint(file.toString(), f.text());
        Set<String> allowed = new LinkedHashSet<>();
        allowBlocking.forEach(a -> allowed.add(a.strip()));
        Set<String> lines = new java.util.HashSet<>();
        lint.statements().forEach(sr -> lines.add(Integer.toString(sr.statement().source().line())));
        for (String a : allowed) {
            if (a.matches("[0-9]+") && !lines.contains(a)) {
                throw PgSwapException.usage("--allow-blocking " + a + ": no statement of " + f.name() + " starts on "
                        + "line " + a + " (give the line its statement starts on; --dry-run lists them)");
            }
            if (!a.matches("[0-9]+") && java.util.Arrays.stream(io.pgswap.lint.Rule.values())
                    .noneMatch(r -> r.id().equalsIgnoreCase(a))) {
                throw PgSwapException.usage("--allow-blocking " + a + ": there is no rule " + a + " (docs/lint-rules.md "
                        + "lists them)");
            }
        }
        return Planner.plan(f, lint, allowed);
    }
}
