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
    }

    private final Settings settings;
    private final Progress progress;
    private final Clock clock;
    private final StopSignal stop;
    private final Consumer<String> onPause;
    private int pausedJobs;
    private long pauseStart;

    /** {@code onPause} records the reason while paused (null when it lifts), e.g. in the state row. */
    public Throttle(Settings settings, Progress progress, Clock clock, StopSignal stop, Consumer<String> onPause) {
        this.settings = settings;
        this.progress = progress;
        this.clock = clock;
        this.stop = stop;
        this.onPause = onPause;
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
                LOG.info("paused: {}", reason);
                onPause.accept(reason);
            }
        }
        try {
            String last = reason;
            while (reason != null) {
                progress.waitingFor("paused: " + reason);
                Tx.sleep(clock, RECHECK);
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
                    Duration paused = clock.since(pauseStart);
                    progress.throttled(paused.toNanos());
                    progress.waitingFor(null);
                    onPause.accept(null);
                    LOG.info("resumed after a pause of {} s", paused.toSeconds());
                }
            }
        }
    }

    /** Checks the throttle query once, before anything is created: it must return one boolean. */
    public static void checkQuery(Connection readOnly, String query) throws SQLException {
        if (query == null) {
            return;
        }
        try {
            Rows.first(readOnly, Statement.of(query), rs -> {
                if (rs.getMetaData().getColumnCount() != 1 || !(rs.getObject(1) instanceof Boolean)) {
                    throw new SQLException("it must return one boolean column", "42804");
                }
                return rs.getBoolean(1);
            });
        } catch (SQLException e) {
            throw io.pgswap.PgSwapException.usage("--throttle-query is not usable: " + PgErrors.message(e));
        }
    }

    /** Why to pause now, or null. */
    String reason(Connection c) throws SQLException {
        if (settings.pauseFile() != null && Files.exists(settings.pauseFile())) {
            return "the pause file " + settings.pauseFile() + " exists";
        }
        if (settings.maxReplicaLag() != null) {
            var lag = Rows.first(c, Statement.of("""
                    SELECT application_name, coalesce(client_addr::text, 'local'),
                           (extract(epoch FROM greatest(replay_lag, write_lag, flush_lag)) * 1000)::bigint,
                           pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint
                    FROM pg_stat_replication
                    -- a standby that has replayed everything is not behind, whatever lag it last measured
                    WHERE replay_lsn IS DISTINCT FROM pg_current_wal_lsn()
                    ORDER BY greatest(replay_lag, write_lag, flush_lag) DESC NULLS LAST LIMIT 1"""),
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getObject(3), rs.getLong(4)});
            if (lag.isPresent() && lag.get()[2] != null
                    && ((Number) lag.get()[2]).longValue() > settings.maxReplicaLag().toMillis()) {
                Object[] l = lag.get();
                return "standby " + l[0] + " (" + l[1] + ") replays " + ((Number) l[2]).longValue() + " ms behind ("
                        + (Long) l[3] / 1024 + " kB), more than --max-replica-lag " + settings.maxReplicaLag().toMillis()
                        + " ms";
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
                if (Rows.bool(c, Statement.of(settings.query()))) {
                    return "the throttle query returned true";
                }
            } catch (SQLException e) {
                throw new SQLException("the --throttle-query failed: " + PgErrors.message(e), e.getSQLState(), e);
            }
        }
        return null;
    }
}
