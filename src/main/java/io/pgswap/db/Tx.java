package io.pgswap.db;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.retry.Backoff;
import io.pgswap.retry.Clock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Transactions, and retries of work whose locks did not come within lock_timeout. */
public final class Tx {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Tx() {
    }

    /** Runs {@code work} in one transaction at the given isolation level; commits or rolls back. */
    public static <T> T inTransaction(Connection c, int isolation, Work<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        int previous = c.getTransactionIsolation();
        c.setAutoCommit(false);
        if (previous != isolation) {
            c.setTransactionIsolation(isolation);
        }
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            // the pool closes a connection after some errors (0A000 feature_not_supported among them):
            // then there is nothing to restore, and the error that closed it is the one to report
            if (!c.isClosed()) {
                if (previous != isolation) {
                    c.setTransactionIsolation(previous);
                }
                c.setAutoCommit(auto);
            }
        }
    }

    public static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** Runs statements with their bind values, one by one. */
    public static void run(Connection c, List<io.pgswap.sql.Statement> statements) throws SQLException {
        for (io.pgswap.sql.Statement s : statements) {
            try (java.sql.PreparedStatement ps = s.prepare(c)) {
                ps.execute();
            }
        }
    }

    /**
     * Sends the statements in one round trip (the driver pipelines them): for the swap, where
     * every millisecond is spent under ACCESS EXCLUSIVE. A failing statement fails the whole
     * transaction, exactly as when they are sent one by one.
     */
    public static void executeInOneTrip(Connection c, List<String> statements) throws SQLException {
        List<String> trip = new java.util.ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String s : statements) {
                if (ATOMIC_BODY.matcher(s).find()) {
                    // the driver stops splitting at BEGIN ATOMIC and glues whatever follows to the
                    // routine (pgjdbc issue 3259): such a statement goes on its own
                    flush(st, trip);
                    st.execute(s);
                } else {
                    trip.add(s);
                }
            }
            flush(st, trip);
        }
    }

    private static final java.util.regex.Pattern ATOMIC_BODY =
            java.util.regex.Pattern.compile("\\bBEGIN\\s+ATOMIC\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    private static void flush(Statement st, List<String> trip) throws SQLException {
        if (!trip.isEmpty()) {
            st.execute(String.join(";\n", trip));
            trip.clear();
        }
    }

    /**
     * Runs {@code work} in a READ COMMITTED transaction, retrying with backoff while it fails for
     * a retryable reason (lock timeout, deadlock, ...) and {@code budget} is not spent.
     */
    public static <T> T withLockRetry(Connection c, Clock clock, Duration budget, String what, Work<T> work)
            throws SQLException {
        return withLockRetry(c, clock, budget, what, (attempt, left) -> { }, work);
    }

    /** Called before each attempt with the time left of the budget: waits for long lock holders, say. */
    @FunctionalInterface
    public interface BeforeAttempt {
        void before(int attempt, Duration left) throws SQLException;
    }

    public static <T> T withLockRetry(Connection c, Clock clock, Duration budget, String what, BeforeAttempt before,
                                      Work<T> work) throws SQLException {
        return withLockRetry(c, clock, budget, what, before, () -> null, work);
    }

    /** For a give-up's message: the sessions in the way now, or null when the caller cannot tell. */
    @FunctionalInterface
    public interface InTheWay {
        String describe();
    }

    public static <T> T withLockRetry(Connection c, Clock clock, Duration budget, String what, BeforeAttempt before,
                                      InTheWay inTheWay, Work<T> work) throws SQLException {
        return withLockRetry(c, Connection.TRANSACTION_READ_COMMITTED, clock, budget, what, before, inTheWay, work);
    }

    /** {@link #withLockRetry(Connection, Clock, Duration, String, Work)} in transactions of the given isolation level. */
    public static <T> T withLockRetry(Connection c, int isolation, Clock clock, Duration budget, String what,
                                      Work<T> work) throws SQLException {
        return withLockRetry(c, isolation, clock, budget, what, (attempt, left) -> { }, () -> null, work);
    }

    private static <T> T withLockRetry(Connection c, int isolation, Clock clock, Duration budget, String what,
                                       BeforeAttempt before, InTheWay inTheWay, Work<T> work) throws SQLException {
        long start = clock.nanoTime();
        for (int attempt = 1; ; attempt++) {
            before.before(attempt, budget.minus(clock.since(start)));
            try {
                return inTransaction(c, isolation, work);
            } catch (SQLException e) {
                if (!PgErrors.isRetryable(e)) {
                    throw e;
                }
                Duration wait = Backoff.LOCK.delay(attempt, ThreadLocalRandom.current());
                if (clock.since(start).plus(wait).compareTo(budget) > 0) {
                    String who = inTheWay.describe();
                    throw new PgSwapException(ExitCode.GAVE_UP, what + ": the lock did not come within "
                            + budget.toSeconds() + " s of retries (" + PgErrors.message(e) + "); " + (who == null
                            ? "long transactions on the table? see pg_stat_activity" : "in the way: " + who)
                            + ". Rerun the same command to try again", e, e.getSQLState());
                }
                LOG.debug("{}: {} (attempt {}), retrying in {} ms", what, e.getSQLState(), attempt, wait.toMillis());
                sleep(clock, wait);
            }
        }
    }

    public static void sleep(Clock clock, Duration d) {
        try {
            clock.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgSwapException(ExitCode.STOPPED, "interrupted");
        }
    }

    public static void rollbackQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls back on its own
        }
    }
}
