package io.pgswap.swap;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.DefaultPrivileges;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.SequenceLink;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Tx;
import io.pgswap.catalog.Fingerprint;
import io.pgswap.core.Hooks;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Tuning;
import io.pgswap.replay.Replayer;
import io.pgswap.retry.Backoff;
import io.pgswap.retry.Clock;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACCESS EXCLUSIVE window. Before each attempt it catches the replay up and, through the
 * {@link LockGate}, waits while another session holds a relation it locks in an old transaction (a
 * lock request would only queue behind it, and every later query behind the request). An attempt
 * asks for the locks with a short lock_timeout; if they do not come, it rolls back, replays, backs
 * off with jitter and tries again until its attempts or its time budget are spent (exit 4,
 * original intact, resumable).
 */
public final class Swapper {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private final TableFacts facts;
    private final Names names;
    private final Tuning tuning;
    private final SwapOptions options;
    private final LockGate gate;
    private final Replayer replayer;
    private final Progress progress;
    private final StopSignal stop;
    private final Clock clock;
    private final RandomGenerator random;
    private final String expectedFingerprint;
    private final long expectedFilenode;
    private final Hooks hooks;
    private final String nextStep;
    private final AfterSwap afterSwap;

    /**
     * More work in the swap transaction, after the renames and before the commit: the reverse
     * capture of a revert window, say. {@code rewrites}: the views and rules deparsed under the lock.
     */
    @FunctionalInterface
    public interface AfterSwap {
        AfterSwap NONE = (tx, rewrites) -> { };

        void run(Connection tx, List<RewriteDependent> rewrites) throws SQLException;
    }

    /** {@code nextStep}: the step the state row moves to in the swap transaction. */
    public Swapper(TableFacts facts, Names names, Tuning tuning, SwapOptions options, LockGate gate, Replayer replayer,
                   Progress progress, StopSignal stop, Clock clock, RandomGenerator random, String expectedFingerprint,
                   long expectedFilenode, Hooks hooks, String nextStep) {
        this(facts, names, tuning, options, gate, replayer, progress, stop, clock, random, expectedFingerprint,
                expectedFilenode, hooks, nextStep, AfterSwap.NONE);
    }

    public Swapper(TableFacts facts, Names names, Tuning tuning, SwapOptions options, LockGate gate, Replayer replayer,
                   Progress progress, StopSignal stop, Clock clock, RandomGenerator random, String expectedFingerprint,
                   long expectedFilenode, Hooks hooks, String nextStep, AfterSwap afterSwap) {
        this.afterSwap = afterSwap;
        this.facts = facts;
        this.names = names;
        this.tuning = tuning;
        this.options = options;
        this.gate = gate;
        this.nextStep = nextStep;
        this.replayer = replayer;
        this.progress = progress;
        this.stop = stop;
        this.clock = clock;
        this.random = random;
        this.expectedFingerprint = expectedFingerprint;
        this.expectedFilenode = expectedFilenode;
        this.hooks = hooks;
    }

    /** Swaps; returns the number of attempts it took. */
    public int swap(Connection c, Connection control) throws SQLException {
        long start = clock.nanoTime();
        SQLException last = null;
        for (int attempt = 1; attempt <= tuning.maxAttempts(); attempt++) {
            stop.check();
            replayer.catchUp(c, Math.max(1, tuning.replayBatch() / 10), stop);
            checkNoDrift(c); // fail fast, before asking for any lock
            TableFacts now = current(c);
            // while a long transaction keeps the swap waiting, the replay goes on: the drain under the lock stays short
            Duration timeout = gate.clear(c, SwapLocks.locks(now, names), tuning.swapBudget().minus(clock.since(start)),
                    () -> replayer.catchUp(c, Math.max(1, tuning.replayBatch() / 10), stop));
            hooks.beforeSwapAttempt(attempt);
            StateStore.addSwapAttempt(control, names.migrationId());
            progress.swapAttempted();
            try {
                attempt(c, now, timeout, attempt);
                progress.swapOutcome("swapped");
                return attempt;
            } catch (SQLException e) {
                if (!PgErrors.isRetryable(e)) {
                    progress.swapOutcome("error");
                    throw e;
                }
                progress.swapOutcome(PgErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState()) ? "lock_timeout" : "retryable_error");
                last = e;
                Duration wait = Backoff.SWAP.delay(attempt, random);
                LOG.info("swap attempt {}: {}; retrying in {} ms", attempt,
                        e.getMessage().lines().findFirst().orElse(e.getSQLState()), wait.toMillis());
                if (clock.since(start).plus(wait).compareTo(tuning.swapBudget()) > 0) {
                    break;
                }
                Tx.sleep(clock, wait);
            }
        }
        throw new PgSwapException(ExitCode.GAVE_UP, "swap gave up after " + progress.swapAttempts()
                + " attempt(s) in " + clock.since(start).toSeconds() + " s: the ACCESS EXCLUSIVE lock on "
                + facts.displayName() + " did not come within " + tuning.lockTimeout().toMillis() + " ms"
                + (last == null ? "" : " (" + last.getSQLState() + ")")
                + ". The original is intact and the shadow is kept in sync; rerun the same command to retry "
                + "(perhaps in a quieter moment or with a longer --swap-timeout), or 'pgswap abort "
                + facts.displayName() + "'", last, last == null ? null : last.getSQLState());
    }

    /**
     * The facts with the views and rules that read the table now: one created since the start
     * is locked in order and re-pointed like the others. A new materialized view without
     * --rebuild-matviews stops the swap, resumable.
     */
    private TableFacts current(Connection c) throws SQLException {
        Inspector inspector = new Inspector(c);
        TableFacts now = facts.withRewriteDependents(inspector.rewriteDependents(facts.oid()));
        requireRebuildAsked(now.materializedViews());
        // built once and thrown away: one that cannot be created again stops the swap before any lock is
        // asked for, and the first run of this code (class loading, the interpreter) stays out of the lock
        // (measured: 12 ms of the 35 ms under ACCESS EXCLUSIVE went to building these statements the first time)
        ddl(c, inspector, List.of(), now.rewriteDependents());
        return now;
    }

    /** Materialized views that appeared since the start stop the swap (resumably) unless rebuilds were asked for. */
    private void requireRebuildAsked(List<RewriteDependent> materializedViews) {
        if (!options.rebuildMatviews() && !materializedViews.isEmpty()) {
            throw new PgSwapException(ExitCode.GAVE_UP, "not swapping: materialized view(s) "
                    + materializedViews.stream().map(RewriteDependent::toString).toList() + " now read "
                    + facts.displayName() + ". The shadow is kept in sync; rerun the same command with "
                    + "--rebuild-matviews to rebuild them inside the swap, or drop them first");
        }
    }

    private void attempt(Connection c, TableFacts now, Duration lockTimeout, int attempt) throws SQLException {
        Tx.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, tx -> {
            LockGate.setLockTimeout(tx, lockTimeout);
            io.pgswap.shadow.ShadowCheck.quietDdl(tx);
            long asked = clock.nanoTime();
            try {
                Tx.executeInOneTrip(tx, SwapLocks.lock(now, names, lockTimeout, attempt));
            } finally {
                progress.lockWaited(clock.nanoTime() - asked);
            }
            long locked = clock.nanoTime();
            checkNoDrift(tx);
            long drained = replayer.drainInCurrentTransaction(tx);
            List<String> newIdentity = continueIdentitySequences(tx);
            // views and rules deparsed now, under the lock and before the rename, so their text names
            // the table as it is, and the name resolves to the new table once the renames are done
            Inspector inspector = new Inspector(tx);
            List<RewriteDependent> rewrites = inspector.rewriteDependents(facts.oid());
            Tx.executeInOneTrip(tx, ddl(tx, inspector, newIdentity, rewrites));
            StateStore.swapped(tx, names.migrationId(), nextStep, names.oldName(), SwapSql.keysToValidate(facts),
                    facts.qualifiedName());
            afterSwap.run(tx, rewrites);
            tx.commit();
            long held = clock.nanoTime() - locked;
            progress.lockHeld(held);
            LOG.info("swapped: {} rows replayed under the lock, ACCESS EXCLUSIVE held {} ms", drained,
                    held / 1_000_000);
            return null;
        });
    }

    /** The swap's statements under the lock, from the catalog as {@code inspector} reads it. */
    private List<String> ddl(Connection tx, Inspector inspector, List<String> newIdentity,
                             List<RewriteDependent> rewrites) throws SQLException {
        List<String> ddl = new ArrayList<>();
        ddl.add(SwapSql.assertLogEmpty(names));
        ddl.addAll(SequenceTypes.sequenceOwnership(facts, names));
        ddl.addAll(SequenceTypes.serial(facts, this::columnType));
        List<String> added = SequenceTypes.renameNew(tx, facts, names);
        ddl.addAll(SwapSql.renames(facts, names, newIdentity, rewrites, routines(inspector),
                inspector.publications(facts.oid(), facts.serverVersionNum()), rebuilds(inspector, rewrites)));
        ddl.addAll(added);
        return ddl;
    }

    /**
     * Routines tied to the row type, read under the lock: one that appeared since the start and
     * cannot be created again stops the swap, resumably.
     */
    private List<io.pgswap.catalog.Routine> routines(Inspector inspector) throws SQLException {
        List<io.pgswap.catalog.Routine> now = inspector.routines(facts.oid());
        List<String> stuck = now.stream().filter(r -> r.problem() != null).map(r -> r + ": " + r.problem()).toList();
        if (!stuck.isEmpty()) {
            throw new PgSwapException(ExitCode.GAVE_UP, "not swapping: " + String.join("; ", stuck)
                    + ". The shadow is kept in sync; rerun the same command once that is resolved, or 'pgswap abort "
                    + facts.displayName() + "'");
        }
        return now;
    }

    /** Materialized views to rebuild (only with --rebuild-matviews; preflight refuses them otherwise). */
    private List<String> rebuilds(Inspector inspector, List<RewriteDependent> rewrites) throws SQLException {
        List<RewriteDependent> materialized = rewrites.stream().filter(RewriteDependent::isMaterializedView).toList();
        requireRebuildAsked(materialized); // one may have appeared since the attempt began
        List<String> out = new ArrayList<>();
        for (RewriteDependent r : materialized) {
            out.addAll(RebuildSql.rebuild(r, inspector.materializedView(r.relationOid())));
        }
        return out;
    }

    private void checkNoDrift(Connection tx) throws SQLException {
        Fingerprint now = Fingerprint.of(tx, facts.oid());
        List<String> changed = now.changedSince(expectedFingerprint);
        if (!changed.isEmpty()) {
            throw drift(facts.displayName(), changed);
        }
        if (now.filenode() != expectedFilenode) {
            throw new PgSwapException(ExitCode.FAILED, facts.displayName()
                    + " was rewritten (VACUUM FULL, CLUSTER or TRUNCATE) while the migration ran; the copy no longer "
                    + "matches it, so nothing was swapped and the helper objects were removed. Run the command again "
                    + "to start over");
        }
    }

    /** The definition changed while a migration ran (I9): nothing is swapped, the parts are named. */
    public static PgSwapException drift(String table, List<String> changedParts) {
        return new PgSwapException(ExitCode.FAILED, "the definition of " + table + " changed while the migration ran ("
                + String.join(", ", changedParts) + "); the shadow no longer matches, so nothing was swapped and the "
                + "helper objects were removed. Run the command again to start over on the new definition");
    }

    /** The new table's type of one of the original's columns. */
    private String columnType(String column) {
        var c = facts.column(column).orElseThrow();
        String changed = replayer.mapping().changedType(c);
        return changed == null ? c.type() : changed;
    }

    private List<String> continueIdentitySequences(Connection tx) throws SQLException {
        List<String> out = new ArrayList<>();
        for (SequenceLink s : facts.sequences()) {
            if (!s.identity()) {
                continue;
            }
            String seq;
            try (PreparedStatement ps = tx.prepareStatement(SequenceTypes.identitySequenceOf())) {
                ps.setString(1, names.shadow());
                ps.setString(2, s.column());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getString(1);
                }
            }
            Tx.execute(tx, SequenceTypes.identity(seq, s, columnType(s.column())));
            Tx.execute(tx, SequenceTypes.identityPrivileges(seq, s, facts.owner(),
                    DefaultPrivileges.sequenceGrantees(tx, facts.schema())));
            try (PreparedStatement ps = tx.prepareStatement(SequenceTypes.continueIdentity(s))) {
                ps.setString(1, seq);
                ps.execute();
            }
            out.add(seq);
        }
        return out;
    }
}
