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
import java.util.Optional;
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

    /** Runs one pgswap operation for a step, on sessions whose search_path is {@code searchPath}. */
    @FunctionalInterface
    public interface OperationRunner {
        Result run(Request<?> request, String searchPath) throws SQLException;
    }

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

    public Applier(Connection session, LockGate gate, Clock clock, StopSignal stop, OperationRunner operations) {
        this.session = session;
        this.gate = gate;
        this.lockTimeout = gate.tuning().lockTimeout();
        this.lockBudget = gate.tuning().lockBudget();
        this.clock = clock;
        this.stop = stop;
        this.operations = operations;
    }

    /** Where a file stands before this run: the step it would start at, from its record. */
    public record Start(int from, Optional<AppliedFiles.Entry> record, boolean changed) {
    }

    /**
     * Checks the file against its record (read only): a file applied completely has nothing to do;
     * a file that changed since an earlier run is refused, unless {@code continueChanged} and the
     * steps already done are the same.
     */
    public static Start start(Connection c, ApplyPlan plan, boolean continueChanged) throws SQLException {
        MigrationFile f = plan.file();
        Optional<AppliedFiles.Entry> found = AppliedFiles.find(c, f.name());
        if (found.isEmpty()) {
            return new Start(0, found, false);
        }
        AppliedFiles.Entry e = found.get();
        if (e.checksum().equals(f.checksum())) {
            return new Start(e.finished() ? plan.steps().size() : resumeAt(plan, e), found, false);
        }
        String done = e.stepsDone() + " of " + e.stepHashes().size() + " steps";
        if (!e.finished() && e.stepsDone() == 0 && e.startedStep() == null) {
            return new Start(0, found, true); // nothing of it ran (its first step failed): the file may change freely
        }
        if (!continueChanged) {
            throw PgSwapException.refused(f.name() + " changed since pgswap apply " + (e.finished()
                    ? "applied it completely on " + e.finishedAt().toLocalDateTime().withNano(0)
                    : "ran " + done + " of it (last on " + e.updatedAt().toLocalDateTime().withNano(0) + ")")
                    + ": its checksum (of the file and the values of its --set variables) was "
                    + e.checksum().substring(0, 12) + ", now " + f.checksum().substring(0, 12)
                    + ". Nothing ran. Restore the file (and --set values) as they were, or, when the statements "
                    + "already applied are unchanged and only later ones differ, run again with --continue-changed");
        }
        List<String> now = plan.stepHashes();
        for (int i = 0; i < e.stepsDone(); i++) {
            if (i >= now.size() || !now.get(i).equals(e.stepHashes().get(i))) {
                String where = i < now.size() ? "step " + (i + 1) + " (line " + plan.steps().get(i).line() + ")"
                        : "the file now has only " + now.size() + " steps";
                throw PgSwapException.refused(f.name() + " changed in what was already applied: " + where
                        + " differs from the step that ran (" + done + " done). Nothing ran. Write the change as a new "
                        + "migration file instead");
            }
        }
        return new Start(e.stepsDone(), found, true);
    }

    /**
     * Where an unfinished run of an unchanged file continues. The plan is made again from the
     * database as it is now, and what the earlier run applied can change it (a column whose type
     * change is done plans its other subcommands as written, in fewer steps): when the steps done
     * are no longer the plan's first ones, the run continues where the plan ends with exactly the
     * steps that were left; when neither fits, it refuses rather than guess.
     */
    static int resumeAt(ApplyPlan plan, AppliedFiles.Entry e) {
        List<String> now = plan.stepHashes();
        List<String> was = e.stepHashes();
        int done = Math.min(e.stepsDone(), was.size());
        if (now.size() >= done && now.subList(0, done).equals(was.subList(0, done))) {
            return done;
        }
        List<String> left = was.subList(done, was.size());
        int at = now.size() - left.size();
        if (at >= 0 && now.subList(at, now.size()).equals(left)) {
            return at;
        }
        throw PgSwapException.refused(plan.file().name() + " is unchanged, but the earlier run applied " + done
                + " of its " + was.size() + " steps and the file no longer plans the same way on the database as it "
                + "is now, so pgswap cannot tell which of its statements are left. Nothing ran. See what the file "
                + "would still do with 'pgswap apply --dry-run', and apply what is missing as a new migration file");
    }

    public Outcome apply(ApplyPlan plan, boolean continueChanged) throws SQLException {
        MigrationFile f = plan.file();
        StateSchema.ensure(session);
        if (!AppliedFiles.tryLock(session, f.name())) {
            throw PgSwapException.refused("another pgswap apply of " + f.name() + " is running in this database; "
                    + "nothing ran");
        }
        Start start = start(session, plan, continueChanged);
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
                        + "with --continue-changed";
                throw new PgSwapException(ExitCode.FAILED, label + " failed: " + PgErrors.message(e) + " (in: "
                        + step.describe() + "). " + (i == 0 ? "Nothing of the file is applied" : i + " step(s) "
                        + "before it are applied and recorded") + "; " + fix, e, e.getSQLState());
            }
        }
        AppliedFiles.finished(session, f.name());
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
            AppliedFiles.failed(session, name, message);
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
        if (s.noTransaction() != null || s.role() == Step.Role.CALL) {
            return outsideTransaction(name, index, s, startedBefore);
        }
        List<LockUse> locks = lockUses(s.locks());
        inTransaction(s, locks, tx -> {
            try (java.sql.Statement st = tx.createStatement()) {
                for (String sql : s.statements()) {
                    st.execute(sql);
                }
            }
            AppliedFiles.done(tx, name, index + 1);
            return null;
        });
        return s.note();
    }

    /**
     * One transaction with lock_timeout, retried on a lock timeout or deadlock within the lock
     * budget; before each attempt, waits while a long transaction holds a conflicting lock.
     */
    private <T> T inTransaction(Step.Sql s, List<LockUse> locks, Tx.Work<T> work) throws SQLException {
        long t0 = clock.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Duration left = lockBudget.minus(clock.since(t0));
            Duration timeout = gate.clear(session, locks, left.isNegative() ? Duration.ZERO : left);
            try {
                return Tx.inTransaction(session, Connection.TRANSACTION_READ_COMMITTED, tx -> {
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
        AppliedFiles.started(session, name, index);
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
                    AppliedFiles.done(session, name, index + 1);
                    return "already gone: an earlier attempt dropped it";
                }
                retryOrThrow(e, attempt, t0, s);
            } finally {
                Rows.first(session, Statement.of("SELECT set_config('lock_timeout', ?, false)",
                        lockTimeout.toMillis() + "ms"), rs -> rs.getString(1));
            }
        }
        AppliedFiles.done(session, name, index + 1);
        return s.note();
    }

    /** A pgswap operation, on sessions with this session's search_path; "nothing to do" counts as done. */
    private String command(String name, int index, Step.Command c) throws SQLException {
        AppliedFiles.started(session, name, index);
        Request<?> request = OperationArgs.request(c.argv());
        String searchPath = Rows.string(session, Statement.of("SELECT current_setting('search_path')"));
        String note;
        try {
            Result r = operations.run(request, searchPath);
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
        AppliedFiles.done(session, name, index + 1);
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
