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
    private String lastWaitedFor;

    ConcurrentIndex(InPlaceContext ctx, Connection work, Connection control, MigrationRecord m, InPlaceStep step) {
        this.ctx = ctx;
        this.work = work;
        this.control = control;
        this.m = m;
        this.step = step;
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
        if (found.get()[1] != null) {
            throw new PgSwapException(ExitCode.FAILED, "the INVALID index " + shown + " is being built right now by "
                    + "pid " + found.get()[1] + "; let that build finish (or cancel it), then run the same command again");
        }
        LOG.info("{}: dropping the INVALID index {} {} (DROP INDEX CONCURRENTLY waits for the transactions using the "
                + "table)", step.name(), shown, why);
        watched(Statement.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(a.schema(), a.index())), () -> { });
        return true;
    }

    /**
     * What a failed build or rebuild leaves: its INVALID index is removed (unless the session is
     * gone, then a re-run removes it); duplicates are counted; the wait timeout is named.
     */
    private RuntimeException afterFailure(Throwable e, Action a, Cleanup cleanup) {
        String shown = QualifiedName.format(a.schema(), a.index());
        String table = ctx.facts().displayName();
        String duplicates = null;
        if (PgErrors.is(e, PgErrors.UNIQUE_VIOLATION)) {
            try {
                duplicates = duplicates(a);
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
                removed = true;
            } catch (SQLException | RuntimeException again) {
                LOG.warn("{}: could not remove what the failed statement left ({}); a re-run or 'pgswap abort {}' does",
                        step.name(), PgErrors.message(again), table);
            }
        }
        String left = !removed ? "the INVALID index it left stays until a re-run drops and rebuilds it, or 'pgswap "
                + "abort " + table + "' drops it" : leftSomething ? "the INVALID index it left was dropped"
                : "it left no INVALID index";
        if (duplicates != null) {
            return new PgSwapException(ExitCode.FAILED, shown + " cannot be unique: " + duplicates + "; " + left
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
            boolean mention = removed ? leftSomething : !PgErrors.isConnectionLost(e) && invalidLeft(a);
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

    private boolean invalidLeft(Action a) {
        try {
            return Rows.bool(work, Statement.of("""
                    SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                                   JOIN pg_namespace n ON n.oid = c.relnamespace
                                   WHERE n.nspname = ? AND (c.relname = ? OR starts_with(c.relname, ? || '_cc'))
                                     AND NOT i.indisvalid AND i.indrelid = CAST(? AS oid))""", a.schema(), a.index(),
                    a.index(), ctx.facts().oid()));
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * "2 value(s) occur more than once (5 rows), e.g. (a)=(7) 3 times; ..." from the index's own
     * definition (its key expressions and predicate as the server prints them).
     */
    private String duplicates(Action a) throws SQLException {
        Object[] def = Rows.first(work, Statement.of("""
                SELECT ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k
                             ORDER BY k),
                       pg_get_expr(i.indpred, i.indrelid, true), NULLSNOTDISTINCT
                FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?""".replace("NULLSNOTDISTINCT",
                ctx.facts().serverVersionNum() >= 150000 ? "i.indnullsnotdistinct" : "false"), a.schema(), a.index()),
                rs -> new Object[] {Rows.strings(rs.getArray(1)), rs.getString(2), rs.getBoolean(3)}).orElseThrow(
                        () -> new SQLException("the index is gone"));
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) def[0];
        List<String> where = new ArrayList<>();
        if (def[1] != null) {
            where.add("(" + def[1] + ")");
        }
        if (!(Boolean) def[2]) {
            keys.forEach(k -> where.add("(" + k + ") IS NOT NULL"));
        }
        String cols = String.join(", ", keys);
        // the key expressions are the server's own text, which may contain '?' (a jsonb operator): no bind values here
        String sql = "WITH d AS (SELECT ROW(" + cols + ")::text AS v, count(*) AS n FROM ONLY "
                + ctx.facts().qualifiedName() + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " GROUP BY " + cols + " HAVING count(*) > 1)\n"
                + "SELECT count(*), coalesce(sum(n), 0),\n"
                + "       (SELECT string_agg(" + Sql.literal("(" + cols + ")=") + " || v || ' ' || n || ' times', '; ') FROM (SELECT v, n FROM d ORDER BY n DESC, v "
                + "LIMIT 5) s)\n"
                + "FROM d";
        try (java.sql.Statement st = work.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return "a duplicate was written while the index was built (none is left now)";
            }
            return rs.getLong(1) + " value(s) of (" + cols + ") occur more than once (" + rs.getLong(2) + " rows), e.g. "
                    + rs.getString(3);
        }
    }

    // ---- REINDEX INDEX CONCURRENTLY --------------------------------------------------------------------------

    private void reindex(Action a, Statement reindex) throws SQLException {
        String shown = QualifiedName.format(a.schema(), a.index());
        List<Object[]> leftovers = leftovers(a);
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
        long before = size(index);
        try {
            watched(reindex, () -> {
                dropLeftovers(a);
            });
        } catch (SQLException | RuntimeException e) {
            throw afterFailure(e, a, () -> dropLeftovers(a) > 0);
        }
        long after = size(index);
        LOG.info("{}: {} rebuilt, {} before, {} after ({}%)", step.name(), shown, pretty(before), pretty(after),
                before == 0 ? "0" : String.valueOf(Math.round((after - before) * 100.0 / before)));
    }

    private int dropLeftovers(Action a) throws SQLException {
        List<Object[]> found = leftovers(a);
        for (Object[] l : found) {
            watched(Statement.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(a.schema(), (String) l[0])),
                    () -> { });
        }
        return found.size();
    }

    /**
     * INVALID indexes on the table named like REINDEX CONCURRENTLY names its copies of this index
     * ({@code name_ccnew}, {@code name_ccold}, perhaps cut short and numbered) with its definition:
     * {name, is the new copy}.
     */
    private List<Object[]> leftovers(Action a) throws SQLException {
        return Rows.list(work, Statement.of("""
                SELECT c.relname, c.relname ~ '_ccnew[0-9]*$'
                FROM pg_index x
                JOIN pg_class xc ON xc.oid = x.indexrelid
                JOIN pg_namespace n ON n.oid = xc.relnamespace
                JOIN pg_index i ON i.indrelid = x.indrelid AND i.indexrelid <> x.indexrelid AND NOT i.indisvalid
                JOIN pg_class c ON c.oid = i.indexrelid
                WHERE n.nspname = ? AND xc.relname = ? AND c.relname ~ '_cc(new|old)[0-9]*$'
                  AND starts_with(xc.relname, regexp_replace(c.relname, '_cc(new|old)[0-9]*$', ''))
                  AND substr(pg_get_indexdef(i.indexrelid), length(format('CREATE %sINDEX %I ON ',
                             CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END, c.relname)) + 1)
                    = substr(pg_get_indexdef(x.indexrelid), length(format('CREATE %sINDEX %I ON ',
                             CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END, xc.relname)) + 1)
                ORDER BY c.relname""", a.schema(), a.index()), rs -> new Object[] {rs.getString(1), rs.getBoolean(2)});
    }

    private long size(String index) throws SQLException {
        Long s = Rows.longValue(work, Statement.of("SELECT pg_relation_size(to_regclass(?))", index));
        return s == null ? 0 : s;
    }

    private String pretty(long bytes) throws SQLException {
        return Rows.string(work, Statement.of("SELECT pg_size_pretty(CAST(? AS bigint))", bytes));
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
