package io.pgswap.inplace;

import io.pgswap.Threads;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One statement that cannot run in a transaction ({@code CREATE INDEX}, {@code REINDEX} or
 * {@code DROP INDEX ... CONCURRENTLY}), run on the work session and watched from a second one.
 *
 * <p>The statement runs with lock_timeout set to the wait timeout: its waits for older
 * transactions block no reads or writes, and each is bounded by the server. Its first lock
 * request, SHARE UPDATE EXCLUSIVE on the table, has the shorter bound: while the watcher sees it
 * waiting longer than that, it cancels the statement (nothing is created before that lock is
 * granted) and the caller retries. The session also sets client_connection_check_interval, so
 * a pgswap that dies mid-build does not leave a build running unobserved on the server: the
 * server cancels it within seconds, and the re-run finds an INVALID index it knows how to handle.
 *
 * <p>Meanwhile the watcher reports the build's phase from pg_stat_progress_create_index and the
 * session it waits for (pid, transaction age, query start), and cancels the statement when a
 * stop is requested.
 */
final class WatchedStatement {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    /** How a run ended when it did not throw. */
    enum Outcome {
        DONE,
        /** The first lock did not come within its bound; the statement was cancelled before it created anything. */
        LOCK_NOT_GRANTED,
        /** A stop was requested; the statement was cancelled. */
        STOPPED
    }

    private static final String WATCH = """
            WITH w AS (SELECT CAST(? AS int) AS pid, CAST(? AS oid) AS rel)
            SELECT EXISTS (SELECT 1 FROM pg_locks l, w WHERE l.pid = w.pid AND l.locktype = 'relation'
                             AND l.relation = w.rel AND l.mode = 'ShareUpdateExclusiveLock' AND l.granted),
                   EXISTS (SELECT 1 FROM pg_locks l, w WHERE l.pid = w.pid AND NOT l.granted),
                   p.phase, p.blocks_done, p.blocks_total, p.tuples_done, p.tuples_total, p.lockers_done,
                   p.lockers_total, b.pid, b.usename, b.application_name, b.state,
                   (extract(epoch FROM now() - coalesce(b.xact_start, b.backend_start)))::bigint,
                   to_char(b.query_start, 'YYYY-MM-DD HH24:MI:SS TZ'), left(b.query, 120),
                   (SELECT string_agg(x::text, ', ') FROM w, unnest(pg_blocking_pids(w.pid)) x)
            FROM w
            LEFT JOIN pg_stat_progress_create_index p ON p.pid = w.pid
            LEFT JOIN pg_stat_activity b ON b.pid = coalesce(nullif(p.current_locker_pid, 0),
                                                             (pg_blocking_pids(w.pid))[1])""";

    private final InPlaceContext ctx;
    private final Connection work;
    private final long tableOid;
    private final String what;
    private volatile String lastWaitedFor;

    WatchedStatement(InPlaceContext ctx, Connection work, long tableOid, String what) {
        this.ctx = ctx;
        this.work = work;
        this.tableOid = tableOid;
        this.what = what;
    }

    /**
     * Runs {@code s} once. Throws the server's error, unless the watcher cancelled it (then the
     * outcome says why). {@code firstLock} bounds the wait for the first lock.
     */
    Outcome run(Statement s, Duration firstLock) throws SQLException {
        int pid = Rows.longValue(work, Statement.of("SELECT pg_backend_pid()")).intValue();
        CountDownLatch finished = new CountDownLatch(1); // ends the watcher's rest at once, not after its poll
        AtomicReference<Outcome> cancelled = new AtomicReference<>();
        ExecutorService watcher = Executors.newSingleThreadExecutor(Threads.daemon("pgswap-watch"));
        Future<?> watching;
        try (Connection monitor = ctx.db().connection()) {
            watching = watcher.submit(() -> {
                watch(monitor, pid, firstLock, finished, cancelled);
                return null;
            });
            try {
                Tx.execute(work, List.of("SET lock_timeout = " + ctx.tuning().waitTimeout().toMillis(),
                        "SET client_connection_check_interval = 2000"));
                Tx.run(work, List.of(s));
                return Outcome.DONE;
            } catch (SQLException e) {
                finished.countDown();
                await(watching); // its verdict is in before the error is read
                Outcome why = cancelled.get();
                if (why != null && PgErrors.is(e, PgErrors.QUERY_CANCELED)) {
                    return why;
                }
                throw e;
            } finally {
                finished.countDown();
                await(watching);
                restore();
            }
        } finally {
            watcher.shutdownNow();
            ctx.progress().waitingFor(null);
            ctx.progress().detail(null);
        }
    }

    /** The last session the statement was seen waiting for (for a message after a wait timeout), or null. */
    String lastWaitedFor() {
        return lastWaitedFor;
    }

    private void restore() {
        try {
            Tx.execute(work, List.of("SET lock_timeout = " + ctx.tuning().lockTimeout().toMillis(),
                    "RESET client_connection_check_interval"));
        } catch (SQLException e) {
            LOG.debug("could not reset the work session's settings: {}", PgErrors.message(e));
        }
    }

    private static void await(Future<?> watching) {
        try {
            watching.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("watcher: {}", e.toString());
        }
    }

    private void watch(Connection c, int pid, Duration firstLock, CountDownLatch finished,
                       AtomicReference<Outcome> cancelled) throws SQLException, InterruptedException {
        long start = ctx.clock().nanoTime();
        long poll = Math.max(10, Math.min(100, firstLock.toMillis() / 4));
        boolean granted = false;
        Integer toldLocker = null;
        Integer seenLocker = null;
        // the watcher's own look runs in a transaction the build may catch among the old snapshots it waits for
        int self = Rows.longValue(c, Statement.of("SELECT pg_backend_pid()")).intValue();
        String toldPhase = null;
        while (finished.getCount() > 0) {
            Snapshot now = Rows.first(c, Statement.of(WATCH, pid, tableOid), Snapshot::of).orElseThrow();
            granted |= now.granted();
            if (cancelled.get() == null && ctx.stop().requested()) {
                cancel(c, pid, cancelled, Outcome.STOPPED, "a stop was requested");
            } else if (!granted && now.waiting() && ctx.clock().since(start).compareTo(firstLock) > 0
                    && cancelled.get() == null) {
                // cancel only while the first lock is still not granted: nothing exists yet to clean up
                cancelled.set(Outcome.LOCK_NOT_GRANTED);
                if (!Rows.bool(c, Statement.of("""
                        SELECT pg_cancel_backend(l.pid) FROM pg_locks l
                        WHERE l.pid = ? AND l.locktype = 'relation' AND l.relation = CAST(? AS oid) AND NOT l.granted
                        LIMIT 1""", pid, tableOid))) {
                    cancelled.set(null); // granted meanwhile: let it run
                } else {
                    LOG.info("{}: SHARE UPDATE EXCLUSIVE did not come within {} ms (held by pid {}); cancelled the "
                            + "request before it created anything", what, firstLock.toMillis(), now.blockers());
                }
            }
            ctx.progress().detail(now.phaseText());
            // a waiting phase or a lock wait: pg_stat_progress_create_index may keep a stale locker pid otherwise
            String locker = (now.waiting() || now.phase() != null && now.phase().startsWith("waiting"))
                    && !Objects.equals(now.lockerPid(), self) ? now.locker() : null;
            if (locker != null) {
                lastWaitedFor = locker;
            }
            boolean firstLockWait = !granted && now.waiting();
            ctx.progress().waitingFor(firstLockWait ? "its first lock, SHARE UPDATE EXCLUSIVE on the table (at most "
                    + firstLock.toMillis() + " ms), behind " + (locker == null ? "pid " + now.blockers() : locker)
                    : locker);
            // told once the same session is seen twice: a wait shorter than a poll is not worth a line
            boolean lasting = locker != null && Objects.equals(now.lockerPid(), seenLocker);
            seenLocker = locker == null ? null : now.lockerPid();
            if (!firstLockWait && lasting && !Objects.equals(now.lockerPid(), toldLocker)) {
                LOG.info("{}: {}waiting for {} (it blocks no reads or writes meanwhile; each wait is bounded by "
                        + "--wait-timeout {} s)", what, now.phase() == null ? "" : now.phase() + ": ", locker,
                        ctx.tuning().waitTimeout().toSeconds());
                toldLocker = now.lockerPid();
            } else if (now.phase() != null && !now.phase().equals(toldPhase)) {
                LOG.debug("{}: {}", what, now.phase());
            }
            toldPhase = now.phase();
            finished.await(poll, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel(Connection c, int pid, AtomicReference<Outcome> cancelled, Outcome why, String reason)
            throws SQLException {
        cancelled.set(why);
        if (Rows.bool(c, Statement.of("SELECT pg_cancel_backend(?)", pid))) {
            LOG.info("{}: {}; cancelled the running statement", what, reason);
        }
    }

    /** What the watcher saw in one look. */
    private record Snapshot(boolean granted, boolean waiting, String phase, long blocksDone, long blocksTotal,
                            long tuplesDone, long tuplesTotal, long lockersDone, long lockersTotal, Integer lockerPid,
                            String lockerUser, String lockerApp, String lockerState, long lockerAgeSeconds,
                            String lockerQueryStart, String lockerQuery, String blockers) {
        static Snapshot of(java.sql.ResultSet rs) throws SQLException {
            return new Snapshot(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), (Integer) rs.getObject(10),
                    rs.getString(11), rs.getString(12), rs.getString(13), rs.getLong(14), rs.getString(15),
                    rs.getString(16), rs.getString(17));
        }

        String phaseText() {
            if (phase == null) {
                return null;
            }
            if (phase.startsWith("waiting") && lockersTotal > 0) {
                return phase + " (" + lockersDone + " of " + lockersTotal + " sessions)";
            }
            if (phase.startsWith("waiting")) {
                return phase;
            }
            if (blocksTotal > 0) {
                return phase + " (" + blocksDone * 100 / blocksTotal + "% of " + blocksTotal + " blocks)";
            }
            if (tuplesTotal > 0) {
                return phase + " (" + tuplesDone * 100 / tuplesTotal + "% of " + tuplesTotal + " tuples)";
            }
            if (lockersTotal > 0) {
                return phase + " (" + lockersDone + " of " + lockersTotal + " sessions)";
            }
            return phase;
        }

        /** The session the build waits for now, for people; null when it waits for none. */
        String locker() {
            if (lockerPid == null) {
                return null;
            }
            return "pid " + lockerPid + " (" + lockerUser + ", " + (lockerApp == null || lockerApp.isEmpty()
                    ? "no application_name" : lockerApp) + ", " + lockerState + ", transaction open for "
                    + lockerAgeSeconds + " s, query started " + lockerQueryStart + ": " + lockerQuery + ")";
        }
    }
}
