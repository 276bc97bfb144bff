package io.pgswap.engine;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.Version;
import io.pgswap.capture.Capture;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.TableFacts;
import io.pgswap.copy.Copier;
import io.pgswap.copy.CopySql;
import io.pgswap.db.Db;
import io.pgswap.db.Tx;
import io.pgswap.plan.Names;
import io.pgswap.replay.Replayer;
import io.pgswap.retry.Clock;
import io.pgswap.shadow.IndexBuilder;
import io.pgswap.shadow.ShadowDdl;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.Phase;
import io.pgswap.state.StateStore;
import io.pgswap.swap.SwapSql;
import io.pgswap.swap.Swapper;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one migration through the phases of DESIGN.md, top to bottom, resuming from the phase
 * and checkpoint in the state row when a previous run stopped.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    /** How long pgswap keeps retrying its own short DDL on the original (trigger, shadow) when locks are busy. */
    static final Duration DDL_BUDGET = Duration.ofMinutes(5);

    private final Db db;
    private final MigrationSpec spec;
    private final Clock clock;
    private final StopSignal stop;
    private final Hooks hooks;
    private final Progress progress = new Progress();
    private final Map<String, Long> phaseMillis = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    public Migrator(Db db, MigrationSpec spec, Clock clock, StopSignal stop) {
        this(db, spec, clock, stop, Hooks.NONE);
    }

    public Migrator(Db db, MigrationSpec spec, Clock clock, StopSignal stop, Hooks hooks) {
        this.db = db;
        this.spec = spec;
        this.clock = clock;
        this.stop = stop;
        this.hooks = hooks;
    }

    public Progress progress() {
        return progress;
    }

    public Result run() throws SQLException {
        try (Connection control = db.connection(); Connection work = db.connection()) {
            TableFacts facts = inspect(control);
            boolean resuming = StateStore.schemaExists(control) && StateStore.findActive(control, facts.oid()).isPresent();
            Preflight.checkDatabase(control, spec, facts, resuming); // before anything is created
            StateStore.ensureSchema(control);
            if (!StateStore.tryLock(control, facts.oid())) {
                throw PgSwapException.refused("another pgswap run is working on " + facts.displayName() + ": "
                        + StateStore.lockHolder(control, facts.oid()) + ". See 'pgswap status'");
            }
            MigrationRecord m = startOrResume(control, facts);
            try (BacklogProbe probe = new BacklogProbe(db, new Names(m.id(), facts.schema(), facts.name()), progress)) {
                return migrate(control, work, facts, m);
            } catch (PgSwapException e) {
                afterFailure(control, m, e);
                throw e;
            } catch (SQLException | RuntimeException | Error e) {
                recordError(control, m, String.valueOf(e.getMessage()));
                throw e;
            } finally {
                StateStore.unlock(control, facts.oid());
            }
        }
    }

    private TableFacts inspect(Connection c) throws SQLException {
        Inspector inspector = new Inspector(c);
        TableFacts facts = inspector.inspect(inspector.resolveTable(spec.schema(), spec.table()));
        Preflight.checkTable(spec, facts);
        progress.estimatedRows.set(facts.estimatedRows());
        for (var mv : facts.materializedViews()) {
            String w = mv + " will be rebuilt inside the swap (--rebuild-matviews): its query runs while "
                    + facts.displayName() + " is locked, so the swap holds ACCESS EXCLUSIVE that much longer";
            LOG.warn(w);
            warnings.add(w);
        }
        return facts;
    }

    private MigrationRecord startOrResume(Connection c, TableFacts f) throws SQLException {
        var active = StateStore.findActive(c, f.oid());
        if (active.isPresent()) {
            MigrationRecord m = active.get();
            boolean same = m.operation().equals(spec.operation().command())
                    && java.util.Objects.equals(m.column(), spec.column())
                    && java.util.Objects.equals(m.fill(), spec.fill());
            if (!same) {
                throw PgSwapException.refused(f.displayName() + " has an unfinished migration #" + m.id() + " ("
                        + m.operation() + (m.column() == null ? "" : " " + m.column()) + ", phase " + m.phase()
                        + "); see 'pgswap status', resume it with the same command, or 'pgswap abort "
                        + f.displayName() + "'");
            }
            if (m.phase().atLeast(Phase.CAPTURE) && !m.phase().atLeast(Phase.SWAPPED)
                    && !new Inspector(c).fingerprint(f.oid()).equals(m.fingerprint())) {
                throw new PgSwapException(ExitCode.FAILED, "the definition of " + f.displayName()
                        + " changed since migration #" + m.id() + " started; it cannot be resumed. "
                        + "Run 'pgswap abort " + f.displayName() + "' and start again");
            }
            StateStore.claim(c, m.id(), host(), ProcessHandle.current().pid(), Version.VERSION);
            LOG.info("resuming migration #{} of {} at phase {}", m.id(), f.displayName(), m.phase());
            return m;
        }
        Preflight.checkNoNulls(c, spec, f);
        long id = StateStore.create(c, f.oid(), f.schema(), f.name(), spec.operation().command(), spec.column(),
                spec.fill(), f.fingerprint(), host(), ProcessHandle.current().pid(), Version.VERSION);
        LOG.info("migration #{}: {} {} ({} rows, {} MB)", id, spec.operation().command(), spec.target(),
                f.estimatedRows(), (f.heapBytes() + f.indexBytes() + f.toastBytes()) / (1024 * 1024));
        return StateStore.find(c, id).orElseThrow();
    }

    private Result migrate(Connection control, Connection work, TableFacts f, MigrationRecord m) throws SQLException {
        Names n = new Names(m.id(), f.schema(), f.name());
        Replayer replayer = new Replayer(f, n, spec, progress, clock, hooks);
        Phase phase = m.phase();
        if (phase == Phase.SWAPPED) {
            return finish(control, f, n, m);
        }
        if (!phase.atLeast(Phase.CAPTURE)) {
            timed(Phase.CAPTURE, () -> capture(work, f, n));
            hooks.afterPhase(Phase.CAPTURE);
        }
        long copyEnd = m.copyEndPage();
        long copyFrom = m.copyNextPage();
        long filenode = m.copyFilenode();
        if (!phase.atLeast(Phase.COPY)) {
            long[] started = timed(Phase.COPY, () -> createShadow(work, f, n));
            copyEnd = started[0];
            filenode = started[1];
            copyFrom = 0;
            hooks.afterPhase(Phase.COPY);
        }
        if (!phase.atLeast(Phase.INDEXES)) {
            final long from = copyFrom;
            final long end = copyEnd;
            progress.pagesTotal.set(end);
            progress.pagesDone.set(from);
            timed(Phase.COPY, () -> {
                new Copier(f, n, spec, progress, stop, clock, hooks).copy(work, from, end);
                StateStore.setPhase(work, m.id(), Phase.INDEXES);
                return null;
            });
            // I4: replay starts only now that every copy batch has committed
            hooks.afterPhase(Phase.INDEXES);
        }
        if (!phase.atLeast(Phase.SYNC)) {
            timed(Phase.INDEXES, () -> {
                if (!Inspector.relationExists(work, io.pgswap.sql.Sql.qualified(f.schema(), ShadowDdl.indexes(f, n).get(0).name()))) {
                    Tx.execute(work, List.of(ShadowDdl.removeLoggedKeys(f, n)));
                }
                new IndexBuilder(db, f, n, progress, stop, clock, spec.indexJobs()).build(work);
                // I4: replay starts only now that every copy batch has committed
                replayer.catchUp(work, spec.replayBatch(), stop);
                Tx.execute(work, List.of("ANALYZE " + n.shadow()));
                StateStore.setPhase(work, m.id(), Phase.SYNC);
                return null;
            });
            hooks.afterPhase(Phase.SYNC);
        }
        if (spec.noSwap()) {
            timed(Phase.SYNC, () -> replayer.catchUp(work, spec.replayBatch(), stop));
            LOG.info("shadow of {} is complete and in sync; not swapping (--no-swap). The trigger keeps logging "
                    + "writes; run the same command without --no-swap (e.g. in a quiet window) to swap", f.displayName());
            return new Result(ExitCode.OK, "synced", "in sync, not swapped (--no-swap)", m.id(), f.displayName(),
                    spec.operation().command(), phaseMillis, progress.rowsCopied(), progress.rowsReplayed(), 0, 0,
                    null, List.copyOf(warnings));
        }
        final long expectedFilenode = filenode;
        timed(Phase.SYNC, () -> new Swapper(f, n, spec, replayer, progress, stop, clock, new SecureRandom(),
                m.fingerprint(), expectedFilenode, hooks).swap(work, control));
        hooks.afterPhase(Phase.SWAPPED);
        return finish(control, f, n, m);
    }

    private Void capture(Connection c, TableFacts f, Names n) throws SQLException {
        Tx.withLockRetry(c, clock, DDL_BUDGET, "creating the capture trigger on " + f.displayName(), tx -> {
            Tx.execute(tx, Capture.createLog(f, n));
            Tx.execute(tx, Capture.createTriggers(f, n));
            StateStore.setPhase(tx, n.migrationId(), Phase.CAPTURE);
            return null;
        });
        LOG.info("capturing writes to {} into {}", f.displayName(), n.logTable());
        return null;
    }

    /** Creates the shadow; returns {copy end page, table filenode}. */
    private long[] createShadow(Connection c, TableFacts f, Names n) throws SQLException {
        return Tx.withLockRetry(c, clock, DDL_BUDGET, "creating the shadow table", tx -> {
            Tx.execute(tx, ShadowDdl.createTable(f, n, spec));
            long end;
            long filenode;
            try (PreparedStatement ps = tx.prepareStatement(CopySql.tablePages())) {
                ps.setString(1, f.qualifiedName());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    end = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = tx.prepareStatement(SwapSql.filenode())) {
                ps.setString(1, f.qualifiedName());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    filenode = rs.getLong(1);
                }
            }
            StateStore.startCopy(tx, n.migrationId(), end, filenode);
            return new long[] {end, filenode};
        });
    }

    private Result finish(Connection c, TableFacts f, Names n, MigrationRecord m) throws SQLException {
        progress.enter(Phase.DONE);
        String old = io.pgswap.sql.Sql.qualified(f.schema(), n.oldName());
        List<String[]> toValidate = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SwapSql.pendingValidation())) {
            ps.setArray(1, c.createArrayOf("text", StateStore.keysToValidate(c, m.id()).toArray()));
            ps.setString(2, f.qualifiedName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    toValidate.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        for (String[] k : toValidate) {
            // outside the swap: SHARE UPDATE EXCLUSIVE, reads and writes go on while it scans
            Tx.withLockRetry(c, clock, DDL_BUDGET, "validating foreign key " + k[2] + " on "
                    + io.pgswap.sql.QualifiedName.format(k[0], k[1]), tx -> {
                Tx.execute(tx, List.of(SwapSql.validate(k[0], k[1], k[2])));
                return null;
            });
        }
        // DONE only once the keys are valid: a run that dies before comes back here and validates
        Tx.withLockRetry(c, clock, DDL_BUDGET, "dropping the change log", tx -> {
            Tx.execute(tx, SwapSql.dropHelpers(n));
            StateStore.setPhase(tx, m.id(), Phase.DONE);
            return null;
        });
        if (spec.dropOld()) {
            Tx.withLockRetry(c, clock, DDL_BUDGET, "dropping the old table", tx -> {
                Tx.execute(tx, List.of("DROP TABLE IF EXISTS " + old));
                return null;
            });
            LOG.info("dropped the old table {}", old);
        } else {
            LOG.info("the old table is kept as {}; drop it when the workload is quiet: DROP TABLE {};", old, old);
        }
        return new Result(ExitCode.OK, "swapped", "done", m.id(), f.displayName(), spec.operation().command(),
                phaseMillis, progress.rowsCopied(), progress.rowsReplayed(), progress.swapAttempts(),
                progress.lockHeldMillis(), spec.dropOld() ? null : old, List.copyOf(warnings));
    }

    /**
     * After a failure before the swap: a stop or a swap that gave up stays resumable; a failure
     * that makes the shadow useless (drift, NULLs, truncate) removes the helper objects so the
     * original is left exactly as it was, without a trigger.
     */
    private void afterFailure(Connection c, MigrationRecord m, PgSwapException e) {
        try {
            Tx.rollbackQuietly(c);
            var current = StateStore.find(c, m.id()).orElse(m);
            if (current.phase().atLeast(Phase.SWAPPED)) {
                recordError(c, m, e.getMessage());
                return;
            }
            if (e.exitCode() == ExitCode.STOPPED || e.exitCode() == ExitCode.SWAP_GAVE_UP) {
                recordError(c, m, e.getMessage());
                return;
            }
            Aborter.abort(c, current, Phase.FAILED, e.getMessage(), clock, DDL_BUDGET);
            LOG.info("removed the helper objects of migration #{}; {} is as it was", m.id(),
                    io.pgswap.sql.QualifiedName.format(m.schema(), m.table()));
        } catch (SQLException | RuntimeException cleanup) {
            LOG.warn("could not clean up after the failure ({}); run 'pgswap abort {}'", cleanup.getMessage(),
                    io.pgswap.sql.QualifiedName.format(m.schema(), m.table()));
        }
    }

    private void recordError(Connection c, MigrationRecord m, String error) {
        try {
            Tx.rollbackQuietly(c);
            StateStore.recordError(c, m.id(), error);
        } catch (SQLException ignored) {
            // the state row keeps its last good phase and checkpoint
        }
    }

    private interface Step<T> {
        T run() throws SQLException;
    }

    private <T> T timed(Phase phase, Step<T> step) throws SQLException {
        progress.enter(phase);
        long start = clock.nanoTime();
        try {
            return step.run();
        } finally {
            long took = clock.since(start).toNanos();
            phaseMillis.merge(phase.name().toLowerCase(), took / 1_000_000, Long::sum);
            progress.phaseTook(phase.name().toLowerCase(), took);
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
