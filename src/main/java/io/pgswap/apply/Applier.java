package io.pgswap.apply;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.Version;
import io.pgswap.catalog.LockLevel;
import io.pgswap.core.LockGate;
import io.pgswap.core.StopSignal;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.lint.TableLock;
import io.pgswap.plan.LockUse;
import io.pgswap.retry.Backoff;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Statement;
import io.pgswap.state.AppliedFiles;
import io.pgswap.state.StateSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a migration file's steps in order on one session (so that the file's SET search_path and
 * the like hold for the statements after it), each SQL step in its own transaction with a lock
 * wait bounded by lock_timeout and retried, after waiting out long transactions that hold a
 * conflicting lock; each pgswap step through the engine. A step's completion is recorded in
 * {@code pgswap.applied_files}, in the step's own transaction when it has one, so a re-run of
 * the same file continues after the last completed step.
 */
public final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    /**
     * Runs one pgswap operation for a step, on sessions with these settings of the file's session
     * (name to value: the search_path, the time zone, the date order, ...).
     */
    @FunctionalInterface
    public interface OperationRunner {
        Result run(Request<?> request, Map<String, String> settings) throws SQLException;
    }

    /**
     * The settings of the file's session that the operations' sessions take: the ones that decide
     * which table a name means and what a cast, a default, a fill or a USING expression gives
     * (a {@code SET TimeZone} before a timestamp change, {@code SET DateStyle} before a cast of
     * text to date, the text search configuration of {@code to_tsvector(text)}).
     */
    static final List<String> CARRIED_SETTINGS = io.pgswap.core.SessionValues.NAMES;

    /** What one step did in this run. */
    public record StepOutcome(int number, Step step, String status, long millis, String message) {
    }

    /**
     * What the run did: {@code outcome} is applied or nothing_to_do; {@code oldTables} are the
     * tables the swaps of this run kept (without --drop-old), to drop when the workload is quiet.
     */
    public record Outcome(String outcome, int stepsBefore, List<StepOutcome> steps, List<String> oldTables,
                          String message) {
        public Outcome {
            steps = List.copyOf(steps);
            oldTables = List.copyOf(oldTables);
        }
    }

    private final Connection session;
    private final LockGate gate;
    private final Duration lockTimeout;
    private final Duration lockBudget;
    private final Clock clock;
    private final StopSignal stop;
    private final OperationRunner operations;
    private final List<String> oldTables = new ArrayList<>();
    private boolean rerunStarted;
    private RecordKeeper record;

    public Applier(Connection session, LockGate gate, Clock clock, StopSignal stop, OperationRunner operations) {
        this.session = session;
        this.gate = gate;
        this.lockTimeout = gate.tuning().lockTimeout();
        this.lockBudget = gate.tuning().lockBudget();
        this.clock = clock;
        this.stop = stop;
        this.operations = operations;
    }

    /** {@code rerunStarted}: run a CALL again that an earlier run started and did not see finish. */
    public Outcome apply(ApplyPlan plan, boolean continueChanged, boolean rerunStarted) throws SQLException {
        this.rerunStarted = rerunStarted;
        MigrationFile f = plan.file();
        record = new RecordKeeper(session);
        StateSchema.ensure(session);
        if (!AppliedFiles.tryLock(session, f.name())) {
            throw PgSwapException.refused("another pgswap apply of " + f.name() + " is running in this database; "
                    + "nothing ran");
        }
        ApplyStart start = ApplyStart.of(session, plan, continueChanged);
        int total = plan.steps().size();
        if (start.record().isPresent() && start.from() >= total && !start.changed()) {
            String when = start.record().get().finishedAt() == null ? ""
                    : " on " + start.record().get().finishedAt().toLocalDateTime().withNano(0);
            return new Outcome("nothing_to_do", total, List.of(), List.of(), f.name() + " was applied completely"
                    + when + "; nothing to do");
        }
        long pid = ProcessHandle.current().pid();
        if (start.record().isEmpty()) {
            AppliedFiles.start(session, f.name(), f.checksum(), plan.stepHashes(), Version.host(), pid,
                    Version.VERSION);
        } else {
            AppliedFiles.resume(session, f.name(), f.checksum(), plan.stepHashes(), Version.host(), pid,
                    Version.VERSION);
            AppliedFiles.Entry e = start.record().get();
            if (start.from() > 0 && start.from() == e.stepsDone() && total == e.stepHashes().size()) {
                LOG.info("{}: {} of {} steps were applied by an earlier run; continuing at step {} (line {})",
                        f.name(), start.from(), total, start.from() + 1,
                        start.from() < total ? plan.steps().get(start.from()).line() : "-");
            } else if (start.from() > 0) {
                LOG.info("{}: {} of {} steps were applied by an earlier run; with them applied the file plans as {} "
                        + "steps, and the ones left are its last {}: continuing at step {} (line {})", f.name(),
                        e.stepsDone(), e.stepHashes().size(), total, total - start.from(), start.from() + 1,
                        start.from() < total ? plan.steps().get(start.from()).line() : "-");
            }
        }
        SessionSteps.restore(session, plan, start.from());
        // the earlier run's numbering, moved with the plan when it now plans differently (see resumeAt)
        Integer started = start.record().map(AppliedFiles.Entry::startedStep)
                .map(i -> i - start.record().get().stepsDone() + start.from()).orElse(null);
        List<StepOutcome> outcomes = new ArrayList<>();
        for (int i = start.from(); i < total; i++) {
            stop.check();
            Step step = plan.steps().get(i);
            long t0 = clock.nanoTime();
            String label = "step " + (i + 1) + "/" + total + " (line " + step.line() + ")";
            LOG.info("{}: {}", label, step.describe());
            try {
                String note = run(f.name(), i, step, started != null && started == i);
                long ms = clock.since(t0).toMillis();
                outcomes.add(new StepOutcome(i + 1, step, "done", ms, note));
                LOG.info("{}: done in {} ms{}", label, ms, note == null ? "" : " (" + note + ")");
            } catch (PgSwapException e) {
                recordFailure(f.name(), e.getMessage());
                // a refusal is exit 3 only while this run has changed nothing; after steps of its own it failed
                ExitCode code = e.exitCode() == ExitCode.REFUSED && i > start.from() ? ExitCode.FAILED : e.exitCode();
                throw new PgSwapException(code, label + ": " + e.getMessage() + resumeHint(f, i, code), e,
                        e.sqlState());
            } catch (SQLException e) {
                recordFailure(f.name(), PgErrors.message(e));
                java.util.regex.Matcher old = KEPT_OLD_TABLE.matcher(PgErrors.message(e) + "\n"
                        + java.util.Objects.requireNonNullElse(PgErrors.detail(e), ""));
                String kept = old.find() ? old.group() : null;
                String fix = kept != null ? "the old table " + kept + " that an earlier step's swap kept still uses what "
                        + "this statement changes: drop it (DROP TABLE " + kept + ") and run the same pgswap apply "
                        + "again, or run the file with --drop-old" : "fix the statement and run pgswap apply again "
                        + "with --continue-changed (or fix what it needs in the database and run the same pgswap "
                        + "apply again)";
                String detail = PgErrors.detail(e);
                boolean block = step instanceof Step.Sql sql && sql.block();
                throw new PgSwapException(ExitCode.FAILED, label + " failed: " + PgErrors.message(e)
                        + (detail == null || detail.isBlank() ? "" : " (" + detail.strip() + ")") + " (in: "
                        + step.describe() + (block ? "; the block was rolled back, none of it is applied" : "")
                        + "). " + (i == 0 ? "Nothing of the file is applied" : i + " step(s) "
                        + "before it are applied and recorded") + "; " + fix, e, e.getSQLState());
            }
        }
        record.write(() -> AppliedFiles.finished(session, f.name()));
        return new Outcome("applied", start.from(), outcomes, oldTables, f.name() + ": " + outcomes.size()
                + " step(s) applied" + (start.from() > 0 ? " after " + start.from() + " applied earlier" : "")
                + (oldTables.isEmpty() ? "" : "; the swaps kept the old tables " + String.join(", ", oldTables)
                        + ": drop them when the workload is quiet"));
    }

    /** The name of an old table a swap kept, in the server's message about what depends on what. */
    private static final java.util.regex.Pattern KEPT_OLD_TABLE =
            java.util.regex.Pattern.compile("(?:[\\w$]+\\.)?\"?pgswap_old_\\d+_[^\\s\"]+\"?");

    private static String resumeHint(MigrationFile f, int step, ExitCode code) {
        String before = step == 0 ? "" : "; the " + step + " step(s) before it are applied and recorded";
        return switch (code) {
            case STOPPED, GAVE_UP -> before + "; run the same pgswap apply again to continue with this step";
            case OK -> "";
            default -> step == 0 ? "; nothing of the file is applied: once this is fixed, run the same pgswap apply "
                    + "again" : before + "; once this is fixed, the same pgswap apply continues with this step";
        };
    }

    private void recordFailure(String name, String message) {
        try {
            if (!session.getAutoCommit()) {
                session.rollback();
                session.setAutoCommit(true);
            }
            record.write(() -> AppliedFiles.failed(session, name, message));
        } catch (SQLException ignored) {
            // the session itself is gone: the record keeps the steps done, which is what matters
        }
    }

    /** Runs one step; returns a note for the log, or null. */
    private String run(String name, int index, Step step, boolean startedBefore) throws SQLException {
        if (step instanceof Step.Command c) {
            return command(name, index, c);
        }
        Step.Sql s = (Step.Sql) step;
        if (startedBefore && s.role() == Step.Role.CALL && !rerunStarted) {
            throw PgSwapException.refused("an earlier run started this CALL and did not see it finish (it failed, "
                    + "or the run was stopped or killed): the procedure may have committed part of its work, so it is not run again unasked. Check what it "
                    + "did, then run the same pgswap apply with --rerun-started to run it again, or, if it completed, "
                    + "remove the CALL from the file and run it with --continue-changed");
        }
        if (s.noTransaction() != null || s.role() == Step.Role.CALL) {
            return outsideTransaction(name, index, s, startedBefore);
        }
        List<LockUse> locks = lockUses(s.locks());
        // a block's transaction modes come before any query (the lock_timeout's set_config is one)
        List<String> first = new ArrayList<>();
        if (s.modes() != null) {
            first.add("SET TRANSACTION " + s.modes());
        }
        int leading = 0;
        while (s.block() && leading < s.statements().size() && SET_TRANSACTION.matcher(s.statements().get(leading))
                .lookingAt()) {
            first.add(s.statements().get(leading++));
        }
        List<String> rest = s.statements().subList(leading, s.statements().size());
        // a READ ONLY block cannot write the record: it changes nothing, so it is recorded after its COMMIT
        boolean readOnly = first.stream().anyMatch(m -> m.toUpperCase(java.util.Locale.ROOT).matches(
                "(?s).*\\bREAD\\s+ONLY\\b.*"));
        inTransaction(s, locks, first, tx -> {
            try (java.sql.Statement st = tx.createStatement()) {
                for (String sql : rest) {
                    st.execute(sql);
                }
            }
            if (!readOnly) {
                record.inTransaction(tx, () -> AppliedFiles.done(tx, name, index + 1));
            }
            return null;
        });
        if (readOnly) {
            record.write(() -> AppliedFiles.done(session, name, index + 1));
        }
        return s.note();
    }

    /** SET TRANSACTION (ISOLATION LEVEL, READ ONLY, DEFERRABLE, SNAPSHOT), after any comments. */
    private static final java.util.regex.Pattern SET_TRANSACTION = java.util.regex.Pattern.compile(
            "(?is)(?:\\s|--[^\\n]*\\n|/\\*.*?\\*/)*SET\\s+TRANSACTION\\b");

    /**
     * One transaction with lock_timeout, retried on a lock timeout or deadlock within the lock
     * budget; before each attempt, waits while a long transaction holds a conflicting lock.
     * {@code first}: statements that must come before any query of the transaction.
     */
    private <T> T inTransaction(Step.Sql s, List<LockUse> locks, List<String> first, Tx.Work<T> work)
            throws SQLException {
        long t0 = clock.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Duration left = lockBudget.minus(clock.since(t0));
            Duration timeout = gate.clear(session, locks, left.isNegative() ? Duration.ZERO : left);
            try {
                return Tx.inTransaction(session, Connection.TRANSACTION_READ_COMMITTED, tx -> {
                    try (java.sql.Statement st = tx.createStatement()) {
                        for (String sql : first) {
                            st.execute(sql);
                        }
                    }
                    LockGate.setLockTimeout(tx, timeout);
                    return work.run(tx);
                });
            } catch (SQLException e) {
                retryOrThrow(e, attempt, t0, s);
            }
        }
    }

    private void retryOrThrow(SQLException e, int attempt, long t0, Step s) throws SQLException {
        if (!PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE) && !PgErrors.is(e, PgErrors.DEADLOCK)) {
            throw e;
        }
        Duration wait = Backoff.LOCK.delay(attempt, ThreadLocalRandom.current());
        if (clock.since(t0).plus(wait).compareTo(lockBudget) > 0) {
            throw new PgSwapException(ExitCode.GAVE_UP, "the lock did not come within " + lockBudget.toSeconds()
                    + " s of retries (" + PgErrors.message(e) + "); a long transaction on the table? see "
                    + "pg_stat_activity", e, e.getSQLState());
        }
        LOG.debug("{}: {} (attempt {}), retrying in {} ms", s.describe(), e.getSQLState(), attempt, wait.toMillis());
        stop.check();
        Tx.sleep(clock, wait);
    }

    /**
     * VACUUM, DROP INDEX CONCURRENTLY and the like, and CALL (a procedure may COMMIT, which it can
     * only outside a transaction block): marked started, run in autocommit with lock_timeout,
     * retried; a DROP that finds its object gone after a started attempt is done.
     */
    private String outsideTransaction(String name, int index, Step.Sql s, boolean startedBefore) throws SQLException {
        record.write(() -> AppliedFiles.started(session, name, index));
        List<LockUse> locks = lockUses(s.locks());
        long t0 = clock.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Duration left = lockBudget.minus(clock.since(t0));
            Duration timeout = gate.clear(session, locks, left.isNegative() ? Duration.ZERO : left);
            try (java.sql.Statement st = session.createStatement()) {
                Rows.first(session, Statement.of("SELECT set_config('lock_timeout', ?, false)",
                        timeout.toMillis() + "ms"), rs -> rs.getString(1));
                st.execute(s.statements().get(0));
                break;
            } catch (SQLException e) {
                if ((startedBefore || attempt > 1) && PgErrors.is(e, PgErrors.UNDEFINED_OBJECT)
                        && s.noTransaction() != null && s.noTransaction().startsWith("DROP")) {
                    record.write(() -> AppliedFiles.done(session, name, index + 1));
                    return "already gone: an earlier attempt dropped it";
                }
                retryOrThrow(e, attempt, t0, s);
            } finally {
                Rows.first(session, Statement.of("SELECT set_config('lock_timeout', ?, false)",
                        lockTimeout.toMillis() + "ms"), rs -> rs.getString(1));
            }
        }
        record.write(() -> AppliedFiles.done(session, name, index + 1));
        return s.note();
    }

    /** A pgswap operation, on sessions with this session's settings; "nothing to do" counts as done. */
    private String command(String name, int index, Step.Command c) throws SQLException {
        record.write(() -> AppliedFiles.started(session, name, index));
        Request<?> request = OperationArgs.request(c.argv());
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String setting : CARRIED_SETTINGS) {
            settings.put(setting, Rows.string(session, Statement.of("SELECT current_setting(?)", setting)));
        }
        String note;
        try {
            Result r = operations.run(request, settings);
            if (r.exitCode() != ExitCode.OK) {
                throw new PgSwapException(r.exitCode(), r.message());
            }
            note = r.outcome() + (r.migrationId() > 0 ? ", migration #" + r.migrationId() : "");
            if (r.oldTable() != null) {
                oldTables.add(r.oldTable());
            }
        } catch (PgSwapException e) {
            if (e.exitCode() != ExitCode.OK) {
                throw e;
            }
            note = "nothing to do: " + e.getMessage();
        }
        record.write(() -> AppliedFiles.done(session, name, index + 1));
        return note;
    }

    /** Lint's table locks as the lock gate wants them; an index stands for its table. */
    private List<LockUse> lockUses(List<TableLock> locks) throws SQLException {
        List<LockUse> out = new ArrayList<>();
        for (TableLock l : locks) {
            LockLevel level = LockLevel.valueOf(l.mode().name());
            String relation = l.table().sql();
            if (l.viaIndex()) {
                relation = Rows.first(session, Statement.of("SELECT indrelid::regclass::text FROM pg_index "
                        + "WHERE indexrelid = to_regclass(?)", relation), rs -> rs.getString(1)).orElse(null);
            }
            if (relation != null) {
                out.add(new LockUse(relation, level));
            }
        }
        return out;
    }
}
