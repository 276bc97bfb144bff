package io.pgswap.core;

import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.LockHolder;
import io.pgswap.catalog.LockLevel;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every lock pgswap asks for goes through here (I7): a request waits at most lock_timeout, is
 * retried with backoff within the lock budget, and is not made at all while another session
 * holds a conflicting lock inside a long transaction (the request would only queue behind it, and
 * every later query behind the request). An autovacuum worker in the way is cancelled when the
 * role may do that; otherwise one request waits just longer than deadlock_timeout, after which
 * the server cancels the worker itself. An anti-wraparound vacuum is never cancelled: pgswap
 * waits for it and says so.
 */
public final class LockGate {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final Duration POLL = Duration.ofMillis(100);

    private final Clock clock;
    private final Tuning tuning;
    private final StopSignal stop;
    private final Progress progress;
    /** Vacuums pgswap already outwaited once without the server cancelling them: not autovacuums it may cancel. */
    private final java.util.Set<Integer> notCancelled = new java.util.HashSet<>();

    public LockGate(Clock clock, Tuning tuning, StopSignal stop, Progress progress) {
        this.clock = clock;
        this.tuning = tuning;
        this.stop = stop;
        this.progress = progress;
    }

    public Tuning tuning() {
        return tuning;
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction that takes {@code locks}, each request
     * bounded by lock_timeout, retried within the lock budget (then exit 4, resumable).
     */
    public <T> T run(Connection c, List<LockUse> locks, String what, Tx.Work<T> work) throws SQLException {
        Duration[] timeout = {tuning.lockTimeout()};
        // a statement that locks two tables (a foreign key: the table, then the one it references) waits
        // for the second while it holds the first: bounded as the swap's later requests are
        boolean several = locks.stream().map(LockUse::relation).distinct().count() > 1;
        return Tx.withLockRetry(c, clock, tuning.lockBudget(), what,
                (attempt, left) -> timeout[0] = clear(c, locks, left), () -> inTheWay(c, locks),
                tx -> {
                    if (several && timeout[0].equals(tuning.lockTimeout())) {
                        Rows.first(tx, Statement.of(belowDeadlockTimeout("CAST(? AS bigint)"), timeout[0].toMillis()),
                                rs -> rs.getString(1));
                    } else {
                        setLockTimeout(tx, timeout[0]);
                    }
                    return work.run(tx);
                });
    }

    /**
     * For the message of a give-up: the sessions holding a lock that conflicts with {@code locks}
     * now, oldest transaction first (at most three), or null when none does any more.
     */
    private String inTheWay(Connection c, List<LockUse> locks) {
        try {
            Map<Long, LockLevel> wanted = resolve(c, locks);
            List<String> holders = new Inspector(c).lockHolders(List.copyOf(wanted.keySet()), Duration.ZERO).stream()
                    .filter(h -> h.level().conflictsWith(wanted.get(h.relationOid()))).limit(3)
                    .map(h -> h + (h.query() == null || h.query().isBlank() ? "" : ", last query: "
                            + h.query().strip().replaceAll("\\s+", " ")))
                    .toList();
            return holders.isEmpty() ? null : String.join("; ", holders);
        } catch (SQLException e) {
            LOG.debug("could not list the sessions in the way: {}", e.getMessage());
            return null;
        }
    }

    /** {@code SET LOCAL lock_timeout} for the transaction {@code tx} is in. */
    public static void setLockTimeout(Connection tx, Duration timeout) throws SQLException {
        Rows.first(tx, Statement.of("SELECT set_config('lock_timeout', ?, true)", timeout.toMillis() + "ms"),
                rs -> rs.getString(1));
    }

    /**
     * {@code SET LOCAL lock_timeout} to {@code bound}, and at most half of deadlock_timeout, for the
     * requests pgswap makes while it holds a relation applications use. Such a wait can close a
     * deadlock cycle with an application transaction, and PostgreSQL cancels the session whose one
     * deadlock check (deadlock_timeout into its wait) finds the cycle: pgswap's request, started
     * before the application's wait, gives up before the application's check runs, so the
     * application is never the victim.
     */
    public static String belowDeadlockTimeout(Duration bound) {
        return belowDeadlockTimeout(Long.toString(bound.toMillis()));
    }

    /** The statement for a bound in milliseconds given as SQL: a number, or a bind parameter. */
    private static String belowDeadlockTimeout(String boundMillis) {
        return "SELECT set_config('lock_timeout', greatest(1, least(" + boundMillis
                + ", (SELECT setting::bigint FROM pg_settings WHERE name = 'deadlock_timeout') / 2)) || 'ms', true)";
    }

    /**
     * Waits (within {@code left}) until no other session holds a lock conflicting with
     * {@code locks} in a transaction older than lock_timeout. Returns the lock_timeout the next
     * request should use: the configured one, or just over deadlock_timeout when only an
     * autovacuum worker is in the way and the role may not cancel it.
     */
    public Duration clear(Connection c, List<LockUse> locks, Duration left) throws SQLException {
        return clear(c, locks, left, () -> { });
    }

    /** Work done at every look while the gate waits (the swap keeps replaying, so no backlog piles up). */
    @FunctionalInterface
    public interface WhileWaiting {
        void run() throws SQLException;
    }

    /** {@link #clear(Connection, List, Duration)}, running {@code meanwhile} between its looks while it waits. */
    public Duration clear(Connection c, List<LockUse> locks, Duration left, WhileWaiting meanwhile)
            throws SQLException {
        Map<Long, LockLevel> wanted = resolve(c, locks);
        if (wanted.isEmpty()) {
            return tuning.lockTimeout();
        }
        Inspector inspector = new Inspector(c);
        long start = clock.nanoTime();
        String told = null;
        try {
            while (true) {
                List<LockHolder> holders = inspector.lockHolders(List.copyOf(wanted.keySet()), tuning.lockTimeout())
                        .stream().filter(h -> h.level().conflictsWith(wanted.get(h.relationOid()))).toList();
                if (holders.isEmpty()) {
                    return tuning.lockTimeout();
                }
                List<LockHolder> others = holders.stream()
                        .filter(h -> !h.autovacuum() || h.wraparound() || notCancelled.contains(h.pid())).toList();
                if (others.isEmpty()) {
                    return pastAutovacuum(c, holders);
                }
                LockHolder first = others.get(0);
                String why = first.wraparound() || (first.autovacuum() && notCancelled.contains(first.pid()))
                        ? first + ": it must not be cancelled (an anti-wraparound or a manual vacuum), waiting for it "
                        + "to finish"
                        : first + " in a transaction open for " + first.transactionAge().toSeconds() + " s";
                if (!why.equals(told)) {
                    LOG.info("waiting before asking for {}: {}", locks.get(0).level().mode(), why);
                    told = why;
                }
                progress.waitingFor(why);
                if (clock.since(start).compareTo(left) >= 0) {
                    return tuning.lockTimeout(); // let the request time out and report it
                }
                stop.check();
                Tx.sleep(clock, POLL);
                meanwhile.run();
            }
        } finally {
            progress.waitingFor(null);
        }
    }

    /** Only autovacuum workers (not anti-wraparound) are in the way. */
    private Duration pastAutovacuum(Connection c, List<LockHolder> workers) throws SQLException {
        if (maySignalAutovacuum(c)) {
            for (LockHolder w : workers) {
                if (Rows.bool(c, Statement.of("SELECT pg_cancel_backend(?)", w.pid()))) {
                    LOG.info("cancelled {} so the lock can be taken; autovacuum will process the table again later", w);
                }
            }
            return tuning.lockTimeout();
        }
        Duration deadlock = Duration.ofMillis(Rows.longValue(c, Statement.of(
                "SELECT setting::bigint FROM pg_settings WHERE name = 'deadlock_timeout'")));
        Duration longer = deadlock.plusMillis(200);
        if (longer.compareTo(tuning.lockTimeout()) <= 0) {
            return tuning.lockTimeout();
        }
        LOG.info("{} is in the way and this role may not cancel it; asking once for up to {} ms (just over "
                + "deadlock_timeout, after which the server cancels the worker)", workers.get(0), longer.toMillis());
        // if it is still there next time, the server did not cancel it (anti-wraparound, or a manual VACUUM)
        workers.forEach(w -> notCancelled.add(w.pid()));
        return longer;
    }

    private static boolean maySignalAutovacuum(Connection c) throws SQLException {
        return Rows.bool(c, Statement.of("""
                SELECT r.rolsuper
                       OR (current_setting('server_version_num')::int >= 180000
                           AND EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolname = 'pg_signal_autovacuum_worker'
                                       AND pg_has_role(r.oid, s.oid, 'MEMBER')))
                FROM pg_roles r WHERE r.rolname = current_user"""));
    }

    private static Map<Long, LockLevel> resolve(Connection c, List<LockUse> locks) throws SQLException {
        Map<Long, LockLevel> out = new HashMap<>();
        for (LockUse l : locks) {
            if (l.level() == LockLevel.NONE) {
                continue;
            }
            Long oid = Rows.longValue(c, Statement.of("SELECT to_regclass(?)::oid::bigint", l.relation()));
            if (oid != null) {
                out.merge(oid, l.level(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return out;
    }
}
