package io.pgswap.engine;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Fingerprint;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Hooks;
import io.pgswap.core.LockGate;
import io.pgswap.core.Throttle;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.pipeline.Revert;
import io.pgswap.pipeline.SwapContext;
import io.pgswap.pipeline.SwapPipeline;
import io.pgswap.pipeline.SwapPreflight;
import io.pgswap.plan.Plan;
import io.pgswap.recipe.Recipe;
import io.pgswap.recipe.Reversal;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.retry.Clock;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.RunLock;
import io.pgswap.state.StateSchema;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pgswap revert TABLE}: like {@code abort}, it works on the table's migration, here one
 * that swapped and waits in its revert window (or one whose revert swapped back and has not
 * finished). It builds the reversed swap context from the catalog as it is now (the new table's
 * facts, the old table's columns, the recipe's reverse mapping) and runs {@link Revert}. Nothing
 * is removed when it fails: the new table stays live and the window stays open.
 */
public final class Reverter {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private final Db db;
    private final Tuning tuning;
    private final SwapOptions options;
    private final Clock clock;
    private final StopSignal stop;
    private final Hooks hooks;
    private final Progress progress = new Progress();

    /** {@code options}: --drop-old (drop the new table once the revert is done) and --rebuild-matviews. */
    public Reverter(Db db, Tuning tuning, SwapOptions options, Clock clock, StopSignal stop, Hooks hooks) {
        this.db = db;
        this.tuning = tuning;
        this.options = options;
        this.clock = clock;
        this.stop = stop;
        this.hooks = hooks;
    }

    public Progress progress() {
        return progress;
    }

    /** The migration to revert and what the revert works with, read from the catalog now. */
    private record Prepared(MigrationRecord m, TableFacts live, SwapContext context, String fingerprint,
                            long filenode, Reversal reversal, StateStore.RevertState state, List<String> drift) {
    }

    public Result run(Target target) throws SQLException {
        try (Connection control = db.connection(); Connection work = db.connection()) {
            long oid = new Inspector(control).resolveTable(target.schema(), target.table());
            MigrationRecord m = migration(control, oid, target);
            if (!RunLock.tryLock(control, oid)) {
                throw PgSwapException.refused("another pgswap run is working on " + target + ": "
                        + RunLock.holder(control, oid) + ". See 'pgswap status'");
            }
            try {
                StateSchema.ensure(control);
                Prepared p = prepare(control, m, false);
                progress.steps(withDone(Revert.stepNames()));
                try {
                    Revert.run(p.context(), work, control, m.id(), p.fingerprint(), p.filenode());
                } catch (SQLException | RuntimeException e) {
                    throw failed(control, m, p.live().displayName(), e);
                }
                progress.enter(MigrationRecord.DONE);
                String t = p.live().displayName();
                MigrationRecord done = StateStore.find(control, m.id()).orElse(m);
                String aside = options.dropOld() ? null : QualifiedName.format(m.schema(), done.oldTable());
                return new Result(ExitCode.OK, "reverted", "reverted: " + t + " is the old table again, with every "
                        + "write made since the swap" + (p.reversal().note() == null ? "" : "; " + p.reversal().note()),
                        m.id(), t, "revert", "swap", stepMillis(), 0, progress.rowsReplayed(), progress.swapAttempts(),
                        progress.lockHeldMillis(), aside, List.of(), null);
            } finally {
                RunLock.unlock(control, oid);
            }
        }
    }

    /** {@code pgswap revert --dry-run}: the steps the revert would run, inside a READ ONLY transaction. */
    public Plan plan(Target target) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                long oid = new Inspector(c).resolveTable(target.schema(), target.table());
                MigrationRecord m = migration(c, oid, target);
                Prepared p = prepare(c, m, true);
                TableFacts f = p.live();
                List<Plan.Finding> findings = new ArrayList<>();
                findings.add(Plan.Finding.info("migration #" + m.id() + " (" + Resume.describe(m) + ") swapped "
                        + f.displayName() + "; its revert window is open until " + p.state().until()
                        + (p.state().expired() ? " (over: a revert still works until the window is ended)" : "")));
                if (p.reversal().note() != null) {
                    findings.add(Plan.Finding.info(p.reversal().note()));
                }
                if (!p.drift().isEmpty()) {
                    findings.add(0, Plan.Finding.error("the definition of " + f.displayName() + " changed since the "
                            + "swap (" + String.join(", ", p.drift()) + "): a revert now would refuse with exit 3"));
                }
                Names rev = p.context().names();
                if (Rows.relationExists(c, rev.logTable())) {
                    findings.add(Plan.Finding.info("the reverse log holds about "
                            + io.pgswap.replay.Replayer.backlog(c, rev)[0] + " row(s) to replay"));
                }
                String key = f.key().map(k -> k.name() + " (" + String.join(", ", k.keyColumns()) + ")").orElse(null);
                return new Plan(f.displayName(), "revert", "revert (migration #" + m.id() + ": " + Resume.describe(m)
                        + ")", ArgsJson.request(m).args(), "swap", "the swap back to the old table, with the writes "
                        + "made since the swap", key, f.serverVersionNum(), f.heapBytes(), f.indexBytes(),
                        f.toastBytes(), f.estimatedRows(), Revert.plan(p.context()), findings, List.of());
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        }
    }

    /** The table's migration that a revert applies to, or a refusal that says why there is none. */
    private static MigrationRecord migration(Connection c, long oid, Target target) throws SQLException {
        MigrationRecord active = StateStore.findActive(c, oid).orElse(null);
        String t = target.toString();
        if (active == null) {
            MigrationRecord last = StateStore.all(c).stream().filter(x -> x.tableOid() == oid && x.isSwap())
                    .reduce((a, b) -> b).orElse(null);
            StateStore.RevertState st = last == null ? null : StateStore.revertState(c, last.id()).orElse(null);
            if (st != null && st.revertedAt() != null) {
                throw PgSwapException.refused("migration #" + last.id() + " of " + t + " was reverted already ("
                        + st.revertedAt() + "); there is nothing to revert");
            }
            if (st != null && st.until() != null && MigrationRecord.DONE.equals(last.phase())) {
                throw PgSwapException.refused("the revert window of migration #" + last.id() + " of " + t
                        + " ended (" + st.until() + "): its reverse trigger and log are gone, so the writes made "
                        + "since the swap cannot be carried back. Nothing was changed");
            }
            throw PgSwapException.refused("no pgswap migration of " + t + " is in a revert window (a swap run with "
                    + "--revert-window D keeps one); nothing to revert");
        }
        if (!active.isSwap() || !SwapPipeline.REVERT_WINDOW.equals(active.phase())
                && !SwapPipeline.REVERT_FINISH.equals(active.phase())) {
            throw PgSwapException.refused("migration #" + active.id() + " of " + t + " (" + active.operation()
                    + ") is at step " + active.phase() + ", not in a revert window: "
                    + (SwapPipeline.swapped(active.phase()) ? "'pgswap resume " + t + "' finishes it (its revert window "
                    + "opens then, and 'pgswap revert " + t + "' works within it)"
                    : "it has not swapped, so 'pgswap abort " + t + "' undoes it"));
        }
        StateStore.RevertState window = StateStore.revertState(c, active.id()).orElseThrow();
        if (SwapPipeline.REVERT_WINDOW.equals(active.phase()) && window.expired()) {
            // the same answer whether or not a status, cleanup or run has ended the window yet
            throw PgSwapException.refused("the revert window of migration #" + active.id() + " of " + t + " ended ("
                    + window.until() + "); nothing was reverted. The next 'pgswap status', 'pgswap cleanup' or run "
                    + "on " + t + " removes its reverse trigger and log");
        }
        return active;
    }

    private Prepared prepare(Connection c, MigrationRecord m, boolean dryRun) throws SQLException {
        Inspector inspector = new Inspector(c);
        TableFacts live = inspector.inspect(m.tableOid());
        progress.estimatedRows(live.estimatedRows());
        StateStore.RevertState st = StateStore.revertState(c, m.id()).orElseThrow();
        Names n = new Names(m.id(), m.schema(), m.table());
        Request<?> request = ArgsJson.request(m);
        LockGate gate = new LockGate(clock, tuning, stop, progress);
        SwapOptions options = this.options;
        if (!options.rebuildMatviews() && StateStore.runOptions(c, m.id()).contains("--rebuild-matviews")) {
            // the swap rebuilt the materialized views that read the table: swapping back must rebuild them too
            LOG.info("migration #{} swapped with --rebuild-matviews: the revert rebuilds them too", m.id());
            options = new SwapOptions(options.noSwap(), options.dropOld(), true, options.checksum(),
                    options.revertWindow());
        }
        if (SwapPipeline.REVERT_FINISH.equals(m.phase())) {
            // swapped back already: the live table is the old one; only the finish is left
            Reversal same = SwapRecipe.sameColumnsBack(null).derive(live, live.columns());
            SwapRecipe recipe = revertRecipe(live, same);
            return new Prepared(m, live, new SwapContext(db, live, n.reversed(), recipe, same.mapping(), live.columns(),
                    tuning, options, progress, stop, clock, hooks, gate, Throttle.none(progress, clock, stop)), st.fingerprint(), 0, same, st, List.of());
        }
        String oldName = Sql.qualified(m.schema(), m.oldTable());
        Long oldOid = Rows.longValue(c, Statement.of("SELECT to_regclass(?)::oid::bigint", oldName));
        if (oldOid == null) {
            throw PgSwapException.refused("the old table " + oldName + " of migration #" + m.id() + " is gone; "
                    + "there is nothing to revert to");
        }
        TableFacts old = inspector.inspect(oldOid);
        Recipe recipe = recipe(request, live, n); // the live table's name in its notes; its reverse reads the old one's columns
        if (!(recipe instanceof SwapRecipe s)) {
            throw PgSwapException.refused("migration #" + m.id() + " did not swap; nothing to revert");
        }
        Reversal back = s.reverse().derive(old, live.columns());
        if (!back.possible()) {
            throw PgSwapException.refused("this change cannot be reverted: " + back.impossible());
        }
        SwapPreflight.check(live, options);
        Fingerprint now = Fingerprint.of(c, live.oid());
        List<String> changed = st.fingerprint() == null ? List.of("the finish of the swap was not done")
                : now.changedSince(st.fingerprint());
        if (!changed.isEmpty() && !dryRun) {
            throw PgSwapException.refused("the definition of " + live.displayName() + " changed since the swap ("
                    + String.join(", ", changed) + "), so the old table cannot take its place again; nothing was "
                    + "changed and the revert window stays open");
        }
        SwapContext ctx = new SwapContext(db, live, n.reversed(), revertRecipe(live, back), back.mapping(),
                old.columns(), tuning, options, progress, stop, clock, hooks, gate,
                Throttle.none(progress, clock, stop)); // a revert is not throttled: it is the way back
        return new Prepared(m, live, ctx, st.fingerprint(), now.filenode(), back, st, changed);
    }

    private static <A extends Record> Recipe recipe(Request<A> r, TableFacts f, Names n) {
        return r.operation().recipe(r.args(), f, n);
    }

    /** The reverse's recipe: no change, the reverse mapping, and errors in the revert's words. */
    private static SwapRecipe revertRecipe(TableFacts live, Reversal back) {
        String t = live.displayName();
        return new SwapRecipe("the swap back", SwapRecipe.NO_CHANGE, false, (o, s) -> back.mapping(),
                (e, duringReplay) -> PgErrors.isIntegrityViolation(e) || "22".equals(classOf(e))
                        ? new PgSwapException(ExitCode.FAILED, "a row written to " + t + " since the swap does not fit "
                        + "the old table (" + PgErrors.message(e) + (PgErrors.detail(e) == null ? ""
                        : "; " + PgErrors.detail(e)) + "). Nothing was reverted: " + t + " stays the new table and "
                        + "the revert window stays open; change that row and run 'pgswap revert " + t + "' again",
                        e, e.getSQLState())
                        : null, false, SwapRecipe.sameColumnsBack(null));
    }

    private static String classOf(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().length() < 2 ? "" : e.getSQLState().substring(0, 2);
    }

    /** Nothing is removed: the state row keeps its step (and the message), the new table stays live. */
    private PgSwapException failed(Connection c, MigrationRecord m, String table, Throwable e) {
        io.pgswap.db.Tx.rollbackQuietly(c);
        PgSwapException out;
        if (e instanceof PgSwapException p) {
            out = p.exitCode() == ExitCode.GAVE_UP ? new PgSwapException(ExitCode.GAVE_UP, "the revert of " + table
                    + " gave up after " + progress.swapAttempts() + " attempt(s): " + p.getMessage().replaceFirst(
                    "^swap gave up after [0-9]+ attempt\\(s\\) in [0-9]+ s: ", "").replaceFirst("\\. The original is "
                    + "intact.*$", "") + ". " + table + " stays the new table and the revert window stays open; run "
                    + "'pgswap revert " + table + "' again to retry", p, p.sqlState()) : p;
        } else {
            String what = e instanceof SQLException s ? "server error " + s.getSQLState() + ": " + PgErrors.message(s)
                    : "internal error: " + e;
            out = new PgSwapException(ExitCode.FAILED, what + "; nothing was removed ('pgswap status' shows the step "
                    + "migration #" + m.id() + " is at): run 'pgswap revert " + table + "' again to continue", e,
                    PgErrors.sqlState(e));
        }
        try {
            StateStore.recordError(c, m.id(), out.getMessage());
        } catch (SQLException ignored) {
            // the state row keeps its step
        }
        LOG.debug("revert failed", e);
        if (e instanceof Error err) {
            throw err;
        }
        return out;
    }

    private static List<String> withDone(List<String> steps) {
        List<String> out = new ArrayList<>(steps);
        out.add(MigrationRecord.DONE);
        return out;
    }

    private Map<String, Long> stepMillis() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : progress.steps()) {
            var nanos = progress.stepNanos().get(s);
            if (nanos != null) {
                out.put(s, nanos.get() / 1_000_000);
            }
        }
        return out;
    }
}
