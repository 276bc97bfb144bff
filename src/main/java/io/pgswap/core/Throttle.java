package io.pgswap.core;

import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between batches of every phase that moves data (the copy, the replay, in-place backfills), asks
 * whether to pause: while a streaming standby's replay lags more than a bound, while a logical
 * slot's unconfirmed WAL exceeds a bound, while the user's query says so, or while a pause file
 * exists. A pause holds no lock and no open transaction; it is checked again every second, and a
 * stop (--max-runtime, --window, a signal) ends it at once. The reason is in the progress, the
 * state row (status) and the time in the metrics.
 */
public final class Throttle {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final Duration RECHECK = Duration.ofSeconds(1);
    /** The longest the throttle query may take; one that takes longer counts as "pause". */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    /**
     * @param maxReplicaLag pause while any standby's replay lag exceeds this (null: no bound)
     * @param maxSlotLag    pause while a logical slot's unconfirmed WAL exceeds this many bytes (null: no bound)
     * @param query         pause while this query returns true (null: none)
     * @param pauseFile     pause while this file exists (null: none)
     */
    public record Settings(Duration maxReplicaLag, Long maxSlotLag, String query, Path pauseFile) {
        public static final Settings NONE = new Settings(null, null, null, null);

        public boolean any() {
            return maxReplicaLag != null || maxSlotLag != null || query != null || pauseFile != null;
        }

        /** "pauses while ...", for the dry run; null without throttles. */
        public String describe() {
            if (!any()) {
                return null;
            }
            java.util.List<String> out = new java.util.ArrayList<>();
            if (maxReplicaLag != null) {
                out.add("a standby replays more than " + maxReplicaLag.toMillis() + " ms behind");
            }
            if (maxSlotLag != null) {
                out.add("a logical slot holds more than " + maxSlotLag / 1024 + " kB of unconfirmed WAL");
            }
            if (query != null) {
                out.add("the throttle query returns true");
            }
            if (pauseFile != null) {
                out.add("the pause file " + pauseFile.toAbsolutePath() + " exists");
            }
            return "the batches pause while " + String.join(", or ", out);
        }
    }

    private final Settings settings;
    private final Progress progress;
    private final Clock clock;
    private final StopSignal stop;
    private final Consumer<String> onPause;
    private final StandbyWatch standbys;
    private int pausedJobs;
    private long pauseStart;
    private long accountedTo;

    /** {@code onPause} records the reason while paused (null when it lifts), e.g. in the state row. */
    public Throttle(Settings settings, Progress progress, Clock clock, StopSignal stop, Consumer<String> onPause) {
        this.settings = settings;
        this.progress = progress;
        this.clock = clock;
        this.stop = stop;
        this.onPause = onPause;
        this.standbys = settings.maxReplicaLag() == null ? null : new StandbyWatch(settings.maxReplicaLag());
    }

    public static Throttle none(Progress progress, Clock clock, StopSignal stop) {
        return new Throttle(Settings.NONE, progress, clock, stop, reason -> { });
    }

    /** A safe point: stops if asked to, and waits while a throttle says to pause. Call with no transaction open. */
    public void await(Connection c) throws SQLException {
        stop.check();
        if (!settings.any()) {
            return;
        }
        String reason = reason(c);
        if (reason == null) {
            return;
        }
        // copy jobs pause side by side: the pause is logged, timed and cleared once, by the first
        // job to pause and the last to go on, so pgswap_throttle_seconds is wall time, not a sum
        synchronized (this) {
            if (pausedJobs++ == 0) {
                pauseStart = clock.nanoTime();
                accountedTo = pauseStart;
                LOG.info("paused: {}", reason);
                onPause.accept(reason);
            }
        }
        try {
            String last = reason;
            while (reason != null) {
                progress.waitingFor("paused: " + reason);
                Tx.sleep(clock, RECHECK);
                account(); // the metric counts a pause while it lasts, not only once it is over
                stop.check();
                reason = reason(c);
                if (reason != null && !reason.equals(last)) {
                    onPause.accept(reason);
                    last = reason;
                }
            }
        } finally {
            synchronized (this) {
                if (--pausedJobs == 0) {
                    account();
                    progress.waitingFor(null);
                    onPause.accept(null);
                    if (reason == null) { // not when a stop (--max-runtime, --window, a signal) ended the pause
                        LOG.info("resumed after a pause of {} s", clock.since(pauseStart).toSeconds());
                    }
                }
            }
        }
    }

    private synchronized void account() {
        if (pausedJobs > 0) {
            long now = clock.nanoTime();
            progress.throttled(now - accountedTo);
            accountedTo = now;
        }
    }

    /**
     * Checks the throttle settings once before a run starts or resumes, before anything is created:
     * the query must return one boolean column (usage error otherwise), the role must be able to
     * read the standbys' lag for --max-replica-lag (refused otherwise).
     */
    public static void check(Connection c, Settings settings) throws SQLException {
        if (settings.query() != null) {
            try {
                ask(c, settings.query(), true, !c.getAutoCommit());
            } catch (SQLException e) {
                throw io.pgswap.PgSwapException.usage("--throttle-query is not usable: " + PgErrors.message(e));
            }
        }
        if (settings.maxReplicaLag() != null) {
            StandbyWatch.check(c);
        }
        if (settings.maxSlotLag() != null && Rows.longValue(c, Statement.of(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'logical'")) == 0) {
            LOG.warn("--max-slot-lag: the server has no logical replication slot now; the run pauses only for one "
                    + "made meanwhile");
        }
    }

    /**
     * The throttle query's answer (NULL or no row: do not pause), run as the user's SQL always is:
     * read only, bounded by {@link #QUERY_TIMEOUT}, and rolled back: in a transaction of its own, or
     * with {@code inTransaction} (the dry run's) in a savepoint of the transaction that is open.
     * {@code typeCheck}: refuse a result that is not one boolean column.
     */
    static boolean ask(Connection c, String query, boolean typeCheck, boolean inTransaction) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        java.sql.Savepoint sp = inTransaction ? c.setSavepoint() : null;
        try {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET LOCAL transaction_read_only = on");
                st.execute("SET LOCAL statement_timeout = " + QUERY_TIMEOUT.toMillis());
            }
            return Rows.first(c, Statement.of(query), rs -> {
                if (typeCheck && (rs.getMetaData().getColumnCount() != 1
                        || !"bool".equals(rs.getMetaData().getColumnTypeName(1)))) {
                    throw new SQLException("it must return one boolean column", "42804");
                }
                return rs.getBoolean(1);
            }).orElse(false);
        } finally {
            if (!c.isClosed()) {
                if (inTransaction) {
                    c.rollback(sp);
                    c.releaseSavepoint(sp);
                } else {
                    Tx.rollbackQuietly(c);
                }
                c.setAutoCommit(auto);
            }
        }
    }

    /** Why to pause now, or null. */
    String reason(Connection c) throws SQLException {
        if (settings.pauseFile() != null && Files.exists(settings.pauseFile())) {
            return "the pause file " + settings.pauseFile() + " exists";
        }
        if (standbys != null) {
            String behind = standbys.reason(c);
            if (behind != null) {
                return behind;
            }
        }
        if (settings.maxSlotLag() != null) {
            var slot = Rows.first(c, Statement.of("""
                    SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint
                    FROM pg_replication_slots
                    WHERE slot_type = 'logical' AND confirmed_flush_lsn IS NOT NULL
                    ORDER BY 2 DESC LIMIT 1"""), rs -> new Object[] {rs.getString(1), rs.getLong(2)});
            if (slot.isPresent() && (Long) slot.get()[1] > settings.maxSlotLag()) {
                return "logical slot " + slot.get()[0] + " has " + (Long) slot.get()[1] / 1024 + " kB of unconfirmed "
                        + "WAL, more than --max-slot-lag " + settings.maxSlotLag() / 1024 + " kB";
            }
        }
        if (settings.query() != null) {
            try {
                if (ask(c, settings.query(), false, false)) {
                    return "the throttle query returned true";
                }
            } catch (SQLException e) {
                if (PgErrors.isRetryable(e)) { // a lock wait or its time bound: no answer yet, so wait for one
                    return "the throttle query did not answer (" + PgErrors.message(e) + ")";
                }
                if (PgErrors.isConnectionLost(e)) {
                    throw e;
                }
                throw new io.pgswap.PgSwapException(io.pgswap.ExitCode.GAVE_UP, "the --throttle-query failed: "
                        + PgErrors.message(e) + "; the migration is kept where it stopped: run 'pgswap resume' "
                        + "with a --throttle-query that works to go on", e, e.getSQLState());
            }
        }
        return null;
    }
}
