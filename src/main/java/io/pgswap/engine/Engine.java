package io.pgswap.engine;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.Version;
import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Hooks;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.ServerLoad;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.inplace.InPlaceContext;
import io.pgswap.inplace.InPlaceRunner;
import io.pgswap.pipeline.SwapContext;
import io.pgswap.pipeline.SwapPipeline;
import io.pgswap.pipeline.SwapPreflight;
import io.pgswap.plan.Plan;
import io.pgswap.plan.PlanStep;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.Recipe;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.retry.Clock;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request, or plans it (the dry run), through the same preparation: resolve and inspect
 * the table, find an unfinished migration of it, check the request (nothing to do comes before
 * any refusal), pick the recipe, then run the swap pipeline or the in-place runner from the step
 * the state row records. It never asks which operation it is running.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private final Db db;
    private final Tuning tuning;
    private final SwapOptions options;
    private final Clock clock;
    private final StopSignal stop;
    private final Hooks hooks;
    private final Throttle.Settings throttle;
    private final Progress progress = new Progress();
    private final List<String> warnings = new ArrayList<>();
    /** The options a run records in the state row for 'pgswap resume' (command-line tokens); null: none recorded. */
    private List<String> runOptions;
    private boolean swapOptionsForSwapsOnly;
    /** In a dry run: what the data would make the run refuse (NULLs without --fill, a fill that breaks a key). */
    private String dataRefusal;

    public Engine(Db db, Tuning tuning, SwapOptions options, Clock clock, StopSignal stop, Hooks hooks) {
        this(db, tuning, options, Throttle.Settings.NONE, clock, stop, hooks);
    }

    public Engine(Db db, Tuning tuning, SwapOptions options, Throttle.Settings throttle, Clock clock, StopSignal stop,
                  Hooks hooks) {
        this.throttle = throttle;
        this.db = db;
        this.tuning = tuning;
        this.options = options;
        this.clock = clock;
        this.stop = stop;
        this.hooks = hooks;
    }

    /** Every migration this engine starts or resumes records {@code tokens}, its options, for 'pgswap resume'. */
    public Engine recordingOptions(List<String> tokens) {
        this.runOptions = List.copyOf(tokens);
        return this;
    }

    /** A file's statements share its options: one made in place ignores the swap's (no refusal, as for a command). */
    public Engine swapOptionsForSwapsOnly() {
        this.swapOptionsForSwapsOnly = true;
        return this;
    }

    public Progress progress() {
        return progress;
    }

    /** Inspected, checked and with its recipe: what both the run and the dry run start from. */
    private record Prepared<A extends Record>(Request<A> request, TableFacts facts, Optional<MigrationRecord> active,
                                              Recipe recipe, PgSwapException cannotResume) {
    }

    public <A extends Record> Result run(Request<A> request) throws SQLException {
        Optional<PartitionedRun.Parent<A>> parent = PartitionedRun.parent(db, request);
        return parent.isPresent() ? partitions().run(parent.get()) : runOne(request);
    }

    /** One table: a plain table or a single partition (a partitioned table's leaves are each one). */
    <A extends Record> Result runOne(Request<A> request) throws SQLException {
        try (Connection control = db.connection(); Connection work = db.connection()) {
            ServerLoad.limitQueryWorkers(db.settings().host(), tuning, control, work);
            Prepared<A> p = prepare(control, request, new ScratchProbe(db, control));
            long oid = p.facts().oid();
            if (!RunLock.tryLock(control, oid)) {
                throw PgSwapException.refused("another pgswap run is working on " + p.facts().displayName() + ": "
                        + RunLock.holder(control, oid) + ". See 'pgswap status'");
            }
            try {
                StateSchema.ensure(control); // only now: a refusal changes nothing
                if (p.active().isEmpty()) {
                    warn(request.operation().findings(request.args(), p.facts(), new ScratchProbe(db, control)));
                }
                MigrationRecord m = startOrResume(control, p);
                try (BacklogProbe backlog = p.recipe() instanceof SwapRecipe ? new BacklogProbe(db, names(p, m.id()),
                        progress) : null) {
                    if (p.cannotResume() != null) {
                        throw p.cannotResume();
                    }
                    return execute(control, work, p, m);
                } catch (SQLException | RuntimeException | Error e) {
                    throw Failures.handle(control, m, p.facts().displayName(), e, clock, tuning);
                }
            } finally {
                RunLock.unlock(control, oid);
            }
        }
    }

    /** The dry run: the same preparation and the same steps, inside a READ ONLY transaction. */
    public <A extends Record> Plan plan(Request<A> request) throws SQLException {
        Optional<PartitionedRun.Parent<A>> parent = PartitionedRun.parent(db, request);
        return parent.isPresent() ? partitions().plan(parent.get()) : planOne(request);
    }

    private PartitionedRun partitions() {
        return new PartitionedRun(this, db, new LockGate(clock, tuning, stop, progress), tuning.lockTimeout(),
                options.hasRevertWindow());
    }

    <A extends Record> Plan planOne(Request<A> asked) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                ServerLoad.limitQueryWorkers(db.settings().host(), tuning, c);
                Prepared<A> p = prepare(c, asked, new ScratchProbe(db, c));
                Request<A> request = p.request(); // with what the server filled in
                TableFacts f = p.facts();
                long id = p.active().map(MigrationRecord::id).orElse(StateStore.nextId(c));
                Names n = names(p, id);
                String phase = p.active().map(MigrationRecord::phase).orElse(null);
                Recipe recipe = recipe(request, f, n, new ScratchProbe(db, c), phase);
                List<PlanStep> steps = recipe instanceof SwapRecipe s
                        ? SwapPipeline.plan(swapContext(null, f, n, s, new ScratchProbe(db, c), phase))
                        : InPlaceRunner.plan(inPlaceContext(null, f, n, (InPlaceRecipe) recipe), c);
                List<Plan.Finding> findings = new ArrayList<>(Findings.of(c, f, steps, recipe instanceof SwapRecipe));
                if (p.active().isEmpty()) {
                    findings.addAll(0, request.operation().findings(request.args(), f, new ScratchProbe(db, c)));
                    if (dataRefusal != null) {
                        findings.add(0, Plan.Finding.error(dataRefusal + " (a run now would refuse with exit 3)"));
                    }
                } else if (p.cannotResume() != null) {
                    findings.add(0, Plan.Finding.error("migration #" + id + " cannot be resumed: "
                            + p.cannotResume().getMessage().replace("nothing was swapped and the helper objects were "
                            + "removed", "a run would fail and remove its helper objects")));
                } else {
                    findings.add(Plan.Finding.info("migration #" + id + " of this table is at step "
                            + p.active().get().phase() + "; a run resumes it from there"));
                }
                String key = f.key().map(k -> k.name() + " (" + String.join(", ", k.keyColumns()) + ")").orElse(null);
                return new Plan(f.displayName(), request.operation().name(), request.describe(), request.args(), recipe.kind(),
                        recipe.why(), key, f.serverVersionNum(), f.heapBytes(), f.indexBytes(), f.toastBytes(),
                        f.estimatedRows(), steps, findings, request.operation().alternatives(request.args(), f));
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        }
    }

    private <A extends Record> Prepared<A> prepare(Connection c, Request<A> r, ScratchProbe probe) throws SQLException {
        Inspector inspector = new Inspector(c);
        long oid = inspector.resolveTable(r.target().schema(), r.target().table());
        TableFacts f = inspector.inspect(oid);
        progress.estimatedRows(f.estimatedRows());
        Preflight.stateReadable(c, f);
        Throttle.check(c, throttle); // a resume's as a new run's, before it takes the migration or changes anything
        Optional<MigrationRecord> active = StateStore.findActive(c, oid);
        if (active.isPresent() && !ArgsJson.same(active.get(), r)) {
            r = Reruns.resolvedIfSame(active.get(), r, f, probe); // a re-run that leaves to the server what it decided
        }
        if (active.isPresent() && !ArgsJson.same(active.get(), r)
                && Windows.makeWay(c, f, active.get(), clock, tuning)) {
            // a revert window that is over, ended now (in a dry run: as the run will end it first)
            if (c.isReadOnly()) {
                warnings.add("the revert window of migration #" + active.get().id() + " is over; the run ends it "
                        + "first (drops its reverse trigger and log)");
            }
            f = inspector.inspect(oid);
            active = Optional.empty();
        }
        if (active.isPresent()) {
            MigrationRecord m = active.get(); // the same request (Windows.makeWay refused any other)
            Reruns.sameSession(c, f, m);
            Request<A> stored = ArgsJson.read(r.operation(), m); // the arguments it started with, as resolved then
            Recipe recipe = recipe(stored, f, new Names(m.id(), f.schema(), f.name()), probe, m.phase());
            PgSwapException drift = null;
            if (recipe instanceof SwapRecipe && !SwapPipeline.swapped(m.phase())
                    && !SwapPipeline.CAPTURE.equals(m.phase())) {
                try {
                    Reruns.noDriftSince(c, f, m);
                } catch (PgSwapException e) {
                    drift = e; // raised once the run holds the migration, so its helpers are removed (I9, I6)
                }
            }
            return new Prepared<>(stored, f, active, recipe, drift);
        }
        r.operation().check(r.args(), f); // "nothing to do" comes before any refusal
        Preflight.check(c, f, r.operation().onMaterializedViews());
        r = Request.of(r.operation(), r.operation().resolve(r.args(), f, probe));
        Recipe recipe = recipe(r, f, new Names(0, f.schema(), f.name()), probe, null);
        Preflight.rowSecurity(c, f, recipe.movesRows());
        if (recipe instanceof SwapRecipe s) {
            SwapPreflight.check(f, options, r.operation().withoutKey(r.args(), f));
            SwapPreflight.checkOnServer(c, f);
            String irreversible = options.hasRevertWindow() ? ReverseCheck.refusal(f, s, probe, c.isReadOnly()) : null;
            dataRefusal = irreversible != null ? irreversible : dataRefusal;
        } else if (!swapOptionsForSwapsOnly) {
            SwapPreflight.inPlace(options, r.operation().name());
        }
        try {
            r.operation().checkOnServer(r.args(), f, probe);
        } catch (PgSwapException e) {
            if (!c.isReadOnly() || e.exitCode() != ExitCode.REFUSED) {
                throw e;
            }
            // the dry run shows the plan and says the run would refuse (the data may change before it)
            dataRefusal = e.getMessage();
        }
        return new Prepared<>(r, f, active, recipe, null);
    }

    /** The operation's warnings, in a run too (a dry run lists them with its findings). */
    private void warn(List<Plan.Finding> findings) {
        for (Plan.Finding x : findings) {
            if ("warning".equals(x.severity())) {
                LOG.warn(x.message());
                warnings.add(x.message());
            }
        }
    }

    private MigrationRecord startOrResume(Connection c, Prepared<?> p) throws SQLException {
        TableFacts f = p.facts();
        if (p.active().isPresent()) {
            MigrationRecord m = p.active().get();
            StateStore.claim(c, m.id(), host(), ProcessHandle.current().pid(), Version.VERSION);
            recordOptions(c, m.id());
            LOG.info("resuming migration #{} of {} at step {}", m.id(), f.displayName(), m.phase());
            return StateStore.find(c, m.id()).orElseThrow();
        }
        Recipe recipe = p.recipe();
        String first = recipe instanceof InPlaceRecipe i ? i.steps().get(0).name() : SwapPipeline.CAPTURE;
        long id = HelperNames.free(c, f, StateStore.create(c, new StateStore.New(f.oid(), f.schema(), f.name(),
                p.request().operation().name(), ArgsJson.write(p.request().args()), recipe.kind(), first,
                f.fingerprint().encoded(), host(), ProcessHandle.current().pid(), Version.VERSION)));
        recordOptions(c, id);
        LOG.info("migration #{}: {} on {} ({}; {} rows, {} MB)", id, p.request().describe(), f.displayName(),
                recipe.kind(), f.estimatedRows(), (f.heapBytes() + f.indexBytes() + f.toastBytes()) / (1024 * 1024));
        return StateStore.find(c, id).orElseThrow();
    }

    private void recordOptions(Connection c, long id) throws SQLException {
        if (runOptions != null) { // with the session's settings: a resume or revert converts rows alike
            StateStore.setRunOptions(c, id, io.pgswap.core.SessionValues.withCurrent(runOptions, c));
        }
    }

    private Result execute(Connection control, Connection work, Prepared<?> p, MigrationRecord m) throws SQLException {
        TableFacts f = p.facts();
        Names n = names(p, m.id());
        Recipe recipe = recipe(p.request(), f, n, new ScratchProbe(db, control), m.phase());
        String outcome;
        String message;
        String revertUntil = null;
        if (recipe instanceof SwapRecipe s) {
            for (var mv : f.materializedViews()) {
                String w = mv + " will be rebuilt inside the swap (--rebuild-matviews): its query runs while "
                        + f.displayName() + " is locked, so the swap holds ACCESS EXCLUSIVE that much longer";
                LOG.warn(w);
                warnings.add(w);
            }
            progress.steps(withDone(SwapPipeline.stepNames()));
            SwapPipeline.Outcome o = SwapPipeline.run(swapContext(db, f, n, s, new ScratchProbe(db, control),
                    m.phase()), work, control, m.id());
            outcome = o == SwapPipeline.Outcome.IN_SYNC ? "synced"
                    : o == SwapPipeline.Outcome.REVERT_WINDOW && progress.swapAttempts() == 0 ? "revert_window"
                    : "swapped";
            message = o == SwapPipeline.Outcome.IN_SYNC ? "in sync, not swapped (--no-swap)" : "done";
            if (o == SwapPipeline.Outcome.REVERT_WINDOW) {
                revertUntil = StateStore.revertState(control, m.id()).map(st -> String.valueOf(st.until()))
                        .orElse(null);
                message = "swapped; the revert window is open until " + revertUntil + ": 'pgswap revert "
                        + f.displayName() + "' swaps back";
            }
        } else {
            InPlaceRecipe i = (InPlaceRecipe) recipe;
            progress.steps(withDone(i.steps().stream().map(x -> x.name()).toList()));
            InPlaceRunner.run(inPlaceContext(db, f, n, i), work, control, m.id());
            outcome = "done";
            message = "done";
        }
        if (!"synced".equals(outcome) && revertUntil == null) {
            progress.enter(MigrationRecord.DONE);
        }
        boolean swapped = "swapped".equals(outcome) || "revert_window".equals(outcome);
        return new Result(ExitCode.OK, outcome, message, m.id(), f.displayName(), p.request().operation().name(),
                recipe.kind(), stepMillis(), progress.rowsCopied(), progress.rowsReplayed(), progress.swapAttempts(),
                progress.lockHeldMillis(), swapped && (!options.dropOld() || revertUntil != null)
                        ? io.pgswap.sql.QualifiedName.format(f.schema(), n.oldName()) : null, List.copyOf(warnings),
                revertUntil);
    }

    /**
     * The operation's recipe, asked with the server until a swap is done ({@code phase}: the
     * migration's step, null for a new one); afterwards the table is the new one, and the recipe
     * only describes the finish.
     */
    private static <A extends Record> Recipe recipe(Request<A> r, TableFacts f, Names n, ScratchProbe probe,
                                                    String phase) throws SQLException {
        return phase != null && SwapPipeline.swapped(phase) ? r.operation().recipe(r.args(), f, n)
                : r.operation().recipe(r.args(), f, n, probe);
    }

    private SwapContext swapContext(Db db, TableFacts f, Names n, SwapRecipe s, ScratchProbe probe, String phase)
            throws SQLException {
        // once swapped, the table is the shadow: its columns are the new ones
        List<io.pgswap.catalog.Column> columns = phase != null && SwapPipeline.swapped(phase) ? f.columns()
                : ShadowColumns.of(f, s, probe);
        return new SwapContext(db, f, n, s, s.mapping().derive(f, columns), columns, tuning, options,
                progress, stop, clock, hooks, new LockGate(clock, tuning, stop, progress), throttle(n));
    }

    private InPlaceContext inPlaceContext(Db db, TableFacts f, Names n, InPlaceRecipe r) {
        return new InPlaceContext(db, f, n, r, tuning, progress, stop, clock, hooks,
                new LockGate(clock, tuning, stop, progress), throttle(n));
    }

    /** The run's throttle; a pause is recorded in the state row (for status) while it lasts. */
    private Throttle throttle(Names n) {
        return new Throttle(throttle, progress, clock, stop, reason -> {
            if (db == null) {
                return;
            }
            try (Connection c = db.connection()) {
                StateStore.setWaiting(c, n.migrationId(), reason == null ? null : "paused: " + reason);
            } catch (SQLException e) {
                LOG.debug("could not record the pause in the state row: {}", e.getMessage());
            }
        });
    }

    /** The steps and the end state, for the per-step metrics (pgswap_step{step="done"} 1 when finished). */
    private static List<String> withDone(List<String> steps) {
        List<String> out = new ArrayList<>(steps);
        out.add(MigrationRecord.DONE);
        return out;
    }

    private static Names names(Prepared<?> p, long id) {
        return new Names(id, p.facts().schema(), p.facts().name());
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

    private static String host() {
        return Version.host();
    }
}
