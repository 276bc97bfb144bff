package io.pgswap.core;

import io.pgswap.PgSwapException;
import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standbys {@code --max-replica-lag} watches, read from pg_stat_replication. A standby is
 * behind while its replay lag exceeds the bound, or while it is still catching up (its lag times
 * are those of the WAL it has received, so they understate how far back it is). A standby that
 * leaves pg_stat_replication, or one that joins, is said once: a watch that silently lost its
 * standby would let the run go on at full speed.
 */
final class StandbyWatch {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private record Standby(String name, String state, Long lagMillis, long bytesBehind, boolean caughtUp) {
    }

    private final Duration bound;
    private Set<String> seen;

    StandbyWatch(Duration bound) {
        this.bound = bound;
    }

    /**
     * Before anything is created: the role must be able to read the standbys' lag (pg_stat_replication
     * shows it only to superusers and members of pg_read_all_stats, as NULL to anyone else, which
     * would read as "never behind"); says so when no standby is connected now.
     */
    static void check(Connection c) throws SQLException {
        boolean readable = Rows.bool(c, Statement.of("SELECT r.rolsuper OR pg_has_role(current_user, "
                + "'pg_read_all_stats', 'USAGE') FROM pg_roles r WHERE r.rolname = current_user"));
        if (!readable) {
            String role = Rows.string(c, Statement.of("SELECT current_user"));
            throw PgSwapException.refused("--max-replica-lag: role " + role + " cannot read the standbys' replay lag "
                    + "(pg_stat_replication shows it only to superusers and members of pg_read_all_stats), so the "
                    + "run could not pause for it; grant it (GRANT pg_monitor TO " + io.pgswap.sql.Sql.ident(role)
                    + ") or run without --max-replica-lag");
        }
        if (Rows.longValue(c, Statement.of("SELECT count(*) FROM pg_stat_replication")) == 0) {
            LOG.warn("--max-replica-lag: no streaming standby is connected now; the run pauses only for a standby "
                    + "that connects and falls behind");
        }
    }

    /** Why to pause for a standby now, or null. */
    synchronized String reason(Connection c) throws SQLException {
        List<Standby> standbys = Rows.list(c, Statement.of("""
                SELECT application_name || ' (' || coalesce(client_addr::text, 'local') || ')', state,
                       (extract(epoch FROM greatest(replay_lag, write_lag, flush_lag)) * 1000)::bigint,
                       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, 0),
                       replay_lsn IS NOT DISTINCT FROM pg_current_wal_lsn()
                FROM pg_stat_replication"""), rs -> new Standby(rs.getString(1), rs.getString(2),
                rs.getObject(3) == null ? null : rs.getLong(3), rs.getLong(4), rs.getBoolean(5)));
        Set<String> now = new LinkedHashSet<>();
        standbys.forEach(s -> now.add(s.name()));
        if (seen != null) {
            for (String gone : seen) {
                if (!now.contains(gone)) {
                    LOG.warn("standby {} is no longer connected: --max-replica-lag cannot see how far behind it is "
                            + "until it connects again", gone);
                }
            }
            for (String joined : now) {
                if (!seen.contains(joined)) {
                    LOG.info("standby {} is connected: --max-replica-lag watches it", joined);
                }
            }
        }
        seen = now;
        Standby worst = null;
        for (Standby s : standbys) {
            if ("catchup".equals(s.state()) || "startup".equals(s.state())) {
                return "standby " + s.name() + " is catching up (" + s.bytesBehind() / 1024 + " kB behind)";
            }
            // a standby that has replayed everything is not behind, whatever lag it last measured
            if (!s.caughtUp() && s.lagMillis() != null && (worst == null || s.lagMillis() > worst.lagMillis())) {
                worst = s;
            }
        }
        if (worst != null && worst.lagMillis() > bound.toMillis()) {
            return "standby " + worst.name() + " replays " + worst.lagMillis() + " ms behind (" + worst.bytesBehind() / 1024
                    + " kB), more than --max-replica-lag " + bound.toMillis() + " ms";
        }
        return null;
    }
}
