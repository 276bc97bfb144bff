package io.pgswap.inplace;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.retry.Backoff;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The careful index actions that several operations share, run for the statements of a
 * CONCURRENT step. pgswap writes those statements with every name quoted ({@link Sql#ident}), so
 * they are recognized exactly:
 *
 * <ul>
 *   <li>{@code CREATE [UNIQUE] INDEX CONCURRENTLY "name" ON ...}: an INVALID index of that name
 *       (an earlier failed attempt, pgswap's or not) is dropped with DROP INDEX CONCURRENTLY first;
 *       after the build the index must be valid and ready. A unique build that finds duplicates
 *       drops its invalid index and reports how many values are duplicated, with samples.</li>
 *   <li>{@code REINDEX INDEX CONCURRENTLY "schema"."name"}: the index's leftovers of an interrupted
 *       REINDEX are dropped first ({@code _ccnew}: then rebuilt; {@code _ccold}: the rebuild had
 *       finished), and its size is reported before and after.</li>
 *   <li>anything else (a DROP INDEX CONCURRENTLY, say) runs as it is.</li>
 * </ul>
 *
 * Every statement runs watched ({@link WatchedStatement}): its first lock request is bounded by
 * the lock timeout and retried within the lock budget, never made while a long transaction holds
 * a conflicting lock; its waits for older transactions are bounded by the wait timeout.
 */
final class ConcurrentIndex {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final String IDENT = "(\"(?:[^\"]|\"\")+\")";
    private static final Pattern CREATE = Pattern.compile("^CREATE (UNIQUE )?INDEX CONCURRENTLY " + IDENT + " ON "
            + IDENT + "\\." + IDENT + " ");
    private static final Pattern REINDEX = Pattern.compile("^REINDEX INDEX CONCURRENTLY " + IDENT + "\\." + IDENT + "$");

    /** What the statement asks for, as far as the leftovers it may meet are concerned. */
    record Action(Kind kind, String schema, String index) {
        enum Kind { BUILD, REINDEX, OTHER }
    }

    @FunctionalInterface
    private interface BeforeAttempt {
        void run() throws SQLException;
    }

    /** Removes what a failed statement left; returns whether there was anything. */
    @FunctionalInterface
    private interface Cleanup {
        boolean run() throws SQLException;
    }

    private final InPlaceContext ctx;
    private final Connection work;
    private final Connection control;
    private final MigrationRecord m;
    private final InPlaceStep step;
    private final IndexCatalog catalog;
    private String lastWaitedFor;

    ConcurrentIndex(InPlaceContext ctx, Connection work, Connection control, MigrationRecord m, InPlaceStep step) {
        this.ctx = ctx;
        this.work = work;
        this.control = control;
        this.m = m;
        this.step = step;
        this.catalog = new IndexCatalog(work, ctx.facts());
    }

    static Action recognize(Statement s) {
        Matcher c = CREATE.matcher(s.text());
        if (c.find()) {
            return new Action(Action.Kind.BUILD, unquote(c.group(3)), unquote(c.group(2)));
        }
        Matcher r = REINDEX.matcher(s.text());
        if (r.find()) {
            return new Action(Action.Kind.REINDEX, unquote(r.group(1)), unquote(r.group(2)));
        }
        return new Action(Action.Kind.OTHER, null, null);
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
    }

    void run(Statement s) throws SQLException {
        Action a = recognize(s);
        switch (a.kind()) {
            case BUILD -> build(a, s);
            case REINDEX -> reindex(a, s);
            default -> watched(s, () -> { });
        }
    }

    // ---- CREATE INDEX CONCURRENTLY ---------------------------------------------------------------------------

    private void build(Action a, Statement create) throws SQLException {
        String shown = QualifiedName.format(a.schema(), a.index());
        List<String> pending = new ArrayList<>(pendingBefore());
        pending.add(invalidNote(a) + " while it is built, or if the build was interrupted (a re-run drops and rebuilds "
                + "it, 'pgswap abort' drops it)");
        StateStore.setPending(control, m.id(), pending);
        try {
            watched(create, () -> {
                dropInvalid(a, "left by an earlier attempt");
            });
        } catch (SQLException | RuntimeException e) {
            throw afterFailure(e, a, () -> dropInvalid(a, "left by the failed build"));
        }
        if (!Rows.bool(work, Statement.of("""
                SELECT i.indisvalid AND i.indisready FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?""", a.schema(), a.index()))) {
            throw new PgSwapException(ExitCode.FAILED, "the build of " + shown + " ended, but the index is not valid; "
                    + "run the same command again to drop and rebuild it, or 'pgswap abort " + ctx.facts().displayName()
                    + "' to drop it");
        }
        StateStore.setPending(control, m.id(), pendingBefore());
    }

    private static String invalidNote(Action a) {
        return "INVALID index " + QualifiedName.format(a.schema(), a.index());
    }

    /** What the table carried before this step (an interrupted run of it may have added its own note). */
    private List<String> pendingBefore() {
        String mine = "INVALID index ";
        return m.pending().stream().filter(p -> !(p.startsWith(mine) && p.contains(" while it is built"))).toList();
    }

    /**
     * Drops an INVALID index of that name on the table (returns whether there was one); refuses to
     * touch one that a session is building now.
     */
    private boolean dropInvalid(Action a, String why) throws SQLException {
        Optional<Object[]> found = Rows.first(work, Statement.of("""
                SELECT i.indisvalid AND i.indisready, p.pid
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_index i ON i.indexrelid = c.oid
                LEFT JOIN pg_stat_progress_create_index p ON p.index_relid = c.oid
                WHERE n.nspname = ? AND c.relname = ? AND i.indrelid = CAST(? AS oid)""", a.schema(), a.index(),
                ctx.facts().oid()), rs -> new Object[] {rs.getBoolean(1), rs.getObject(2)});
        if (found.isEmpty() || (Boolean) found.get()[0]) {
            return false;
        }
        String shown = QualifiedName.format(a.schema(), a.index());
        if (found.get()[1] != null && stillBuilding(((Number) found.get()[1]).intValue())) {
            throw new PgSwapException(ExitCode.FAILED, "the INVALID index " + shown + " is being built right now by "
                    + "pid " + found.get()[1] + "; let that build finish (or cancel it), then run the same command again");
        }
        LOG.info("{}: dropping the INVALID index {} {} (DROP INDEX CONCURRENTLY waits for the transactions using the "
                + "table)", step.name(), shown, why);
        watched(Statement.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(a.schema(), a.index())), () -> { });
        return true;
    }

    /**
     * Whether that session still builds the index after a few seconds: a pgswap that died
     * mid-build leaves its session to the server, which cancels it within seconds
     * (client_connection_check_interval); anyone else's build is not pgswap's to drop.
     */
    private boolean stillBuilding(int pid) throws SQLException {
        long deadline = ctx.clock().nanoTime() + Duration.ofSeconds(15).toNanos();
        while (Rows.bool(work, Statement.of("SELECT EXISTS (SELECT 1 FROM pg_stat_progress_create_index WHERE pid = ?)",
                pid))) {
            if (ctx.clock().nanoTime() > deadline) {
                return true;
            }
            ctx.progress().waitingFor("pid " + pid + ", which is building the same index (an earlier pgswap that died?)");
            Tx.sleep(ctx.clock(), Duration.ofMillis(200));
        }
        ctx.progress().waitingFor(null);
        return false;
    }

    /**
     * What a failed build or rebuild leaves: its INVALID index is removed (unless the session is
     * gone, then a re-run removes it); duplicates are counted; the wait timeout is named.
     */
    private RuntimeException afterFailure(Throwable e, Action a, Cleanup cleanup) throws SQLException {
        if (e instanceof SQLException s && PgErrors.isConnectionLost(s)) {
            throw s; // the server cancels the statement; a re-run removes what it left
        }
        String shown = QualifiedName.format(a.schema(), a.index());
        String table = ctx.facts().displayName();
        String duplicates = null;
        if (PgErrors.is(e, PgErrors.UNIQUE_VIOLATION)) {
            try {
                duplicates = catalog.duplicates(a.schema(), a.index());
            } catch (SQLException counting) {
                duplicates = PgErrors.message(e) + " (counting the duplicates failed: " + PgErrors.message(counting) + ")";
            }
        }
        boolean removed = false;
        boolean leftSomething = true;
        boolean stopped = e instanceof PgSwapException p && p.exitCode() == ExitCode.STOPPED;
        if (!PgErrors.isConnectionLost(e) && !stopped) { // a stop ends the run now: a re-run removes what is left
            try {
                leftSomething = cleanup.run();
                StateStore.setPending(control, m.id(), pendingBefore());
                if (a.kind() == Action.Kind.BUILD) {
                    // its index is gone: abort leaves an index made later under that name alone
                    StateStore.stepUndone(control, m.id(), step.name());
                }
                removed = true;
            } catch (SQLException | RuntimeException again) {
                LOG.warn("{}: could not remove what the failed statement left ({}); a re-run or 'pgswap abort {}' does",
                        step.name(), PgErrors.message(again), table);
            }
        }
        String left = !removed ? "the INVALID index it left stays until a re-run drops and rebuilds it, or 'pgswap "
                + "abort " + table + "' drops it" : a.kind() == Action.Kind.REINDEX
                ? (leftSomething ? "the INVALID copy it was building (" + a.index() + "_ccnew) was dropped; "
                        : "it left no INVALID copy; ") + shown + " itself is as it was before the rebuild"
                : leftSomething ? "the INVALID index it left was dropped" : "it left no INVALID index";
        if (duplicates != null) {
            List<String> stays = pendingBefore(); // what earlier steps added (a NOT NULL check of a key's columns)
            return new PgSwapException(ExitCode.FAILED, shown + " cannot be unique: " + duplicates + "; " + left
                    + (stays.isEmpty() ? "" : "; what the earlier steps added stays: " + String.join("; ", stays))
                    + ". Remove the duplicates and run the same command again, or 'pgswap abort " + table + "'", e,
                    PgErrors.UNIQUE_VIOLATION);
        }
        if (e instanceof SQLException s && PgErrors.is(s, PgErrors.LOCK_NOT_AVAILABLE)) {
            return new PgSwapException(ExitCode.GAVE_UP, step.name() + ": waited longer than --wait-timeout ("
                    + ctx.tuning().waitTimeout().toSeconds() + " s) for " + (lastWaitedFor == null
                    ? "an older transaction" : lastWaitedFor) + "; " + left + ". Run the same command again when that "
                    + "transaction has ended, or with a longer --wait-timeout", e, s.getSQLState());
        }
        if (e instanceof PgSwapException p) {
            boolean mention = removed ? leftSomething : !PgErrors.isConnectionLost(e) && catalog.invalidLeft(a.schema(), a.index());
            return new PgSwapException(p.exitCode(), p.getMessage() + (mention ? " (" + left + ")" : ""), p.getCause(),
                    p.sqlState());
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        SQLException s = (SQLException) e;
        return new PgSwapException(ExitCode.FAILED, step.name() + " failed: server error " + s.getSQLState() + ": "
                + PgErrors.message(s) + "; " + left + ". The table is valid; run the same command again to retry, or "
                + "'pgswap abort " + table + "'", s, s.getSQLState());
    }

    // ---- REINDEX INDEX CONCURRENTLY --------------------------------------------------------------------------

    private void reindex(Action a, Statement reindex) throws SQLException {
        String shown = QualifiedName.format(a.schema(), a.index());
        List<Object[]> leftovers = catalog.leftovers(a.schema(), a.index());
        for (Object[] l : leftovers) {
            LOG.info("{}: dropping {} {}, left by an interrupted REINDEX CONCURRENTLY", step.name(),
                    (Boolean) l[1] ? "the unfinished new copy" : "the old copy", QualifiedName.format(a.schema(),
                            (String) l[0]));
            watched(Statement.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(a.schema(), (String) l[0])),
                    () -> { });
        }
        boolean rebuiltBefore = !leftovers.isEmpty() && leftovers.stream().noneMatch(l -> (Boolean) l[1]);
        if (rebuiltBefore && m.stepsDone().contains(step.name() + ":started")) {
            LOG.info("{}: the interrupted run had rebuilt {} already; its old copy is dropped", step.name(), shown);
            return;
        }
        String index = Sql.qualified(a.schema(), a.index());
        long before = catalog.size(index);
        List<String> pending = new ArrayList<>(pendingBefore());
        pending.add(invalidNote(a) + "_ccnew (REINDEX CONCURRENTLY's new copy) while it is built, or if the rebuild "
                + "was interrupted (a re-run drops it and rebuilds the index, 'pgswap abort' drops it)");
        StateStore.setPending(control, m.id(), pending);
        try {
            watched(reindex, () -> {
                dropLeftovers(a);
            });
        } catch (SQLException | RuntimeException e) {
            throw afterFailure(e, a, () -> dropLeftovers(a) > 0);
        }
        StateStore.setPending(control, m.id(), pendingBefore());
        long after = catalog.size(index);
        LOG.info("{}: {} rebuilt, {} before, {} after ({}%)", step.name(), shown, catalog.pretty(before), catalog.pretty(after),
                before == 0 ? "0" : String.valueOf(Math.round((after - before) * 100.0 / before)));
    }

    private int dropLeftovers(Action a) throws SQLException {
        List<Object[]> found = catalog.leftovers(a.schema(), a.index());
        for (Object[] l : found) {
            watched(Statement.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(a.schema(), (String) l[0])),
                    () -> { });
        }
        return found.size();
    }

    // ---- the watched statement, retried while its first lock does not come ---------------------------------

    private void watched(Statement s, BeforeAttempt before) throws SQLException {
        long start = ctx.clock().nanoTime();
        Duration budget = ctx.tuning().lockBudget();
        for (int attempt = 1; ; attempt++) {
            Duration firstLock = ctx.gate().clear(work, step.locks(), budget.minus(ctx.clock().since(start)));
            before.run();
            WatchedStatement w = new WatchedStatement(ctx, work, ctx.facts().oid(), step.name());
            WatchedStatement.Outcome o;
            try {
                o = w.run(s, firstLock);
            } finally {
                if (w.lastWaitedFor() != null) {
                    lastWaitedFor = w.lastWaitedFor();
                }
            }
            if (o == WatchedStatement.Outcome.DONE) {
                return;
            }
            if (o == WatchedStatement.Outcome.STOPPED) {
                ctx.stop().check();
            }
            Duration wait = Backoff.LOCK.delay(attempt, ThreadLocalRandom.current());
            if (ctx.clock().since(start).plus(wait).compareTo(budget) > 0) {
                throw new PgSwapException(ExitCode.GAVE_UP, step.name() + ": SHARE UPDATE EXCLUSIVE on "
                        + ctx.facts().displayName() + " did not come within " + budget.toSeconds() + " s of retries "
                        + "(another schema change, VACUUM or index build holds it?); see pg_locks. Rerun the same "
                        + "command to try again");
            }
            Tx.sleep(ctx.clock(), wait);
        }
    }
}
