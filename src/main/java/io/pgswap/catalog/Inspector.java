package io.pgswap.catalog;

import io.pgswap.sql.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog as pgswap sees it: resolves names, reads {@link TableFacts}, fingerprints, and
 * finds who holds locks. Read only: it never changes anything.
 */
public final class Inspector {
    /** pgswap's own triggers start with this prefix; capture triggers with {@link #CAPTURE_TRIGGER_PREFIX}. */
    public static final String OWN_TRIGGER_PREFIX = "pgswap_";
    public static final String CAPTURE_TRIGGER_PREFIX = "pgswap_capture_";
    /** Exactly the names of the triggers pgswap puts on a table (capture, truncate capture, fill). */
    public static final String OWN_TRIGGER_PATTERN = "^pgswap_(capture|fill|revert)_[0-9]+(_truncate)?$";

    private final Connection conn;

    public Inspector(Connection conn) {
        this.conn = conn;
    }

    /**
     * The table and, for a partitioned table, every partition under it (sub-partitions too): the
     * OIDs whose migrations {@code abort} and {@code resume} of the partitioned table act on.
     */
    public java.util.Set<Long> withPartitions(long oid) throws SQLException {
        java.util.Set<Long> out = new java.util.LinkedHashSet<>();
        out.add(oid);
        out.addAll(io.pgswap.db.Rows.list(conn, io.pgswap.sql.Statement.of(
                "SELECT relid::bigint FROM pg_partition_tree(CAST(? AS oid)::regclass)", oid), rs -> rs.getLong(1)));
        return out;
    }

    /** The table's OID for [schema.]table, resolved like PostgreSQL does (search_path when unqualified). */
    public long resolveTable(String schema, String table) throws SQLException {
        return new TableResolver(conn).resolve(schema, table);
    }

    public TableFacts inspect(long oid) throws SQLException {
        return new TableReader(conn).read(oid, new DependencyReader(conn));
    }

    /** The live columns of a relation (the table, or a scratch copy of it). */
    public List<Column> columns(long oid) throws SQLException {
        return new TableReader(conn).columns(oid);
    }

    public Fingerprint fingerprint(long oid) throws SQLException {
        return Fingerprint.of(conn, oid);
    }

    /**
     * Views and materialized views that read the table, rules elsewhere that read or write it, and
     * rules on it, with their definitions as deparsed now. Read at inspection for the plan and
     * again under the swap's lock, right before the rename, for the statements that re-point them.
     */
    /** Routines tied to the table's row type, read now (under the swap's lock, right before the renames). */
    public List<Routine> routines(long oid) throws SQLException {
        return new RoutineReader(conn).read(oid);
    }

    public List<RewriteDependent> rewriteDependents(long oid) throws SQLException {
        return new DependencyReader(conn).rewriteDependents(oid);
    }

    /** Publications that name the table explicitly (FOR TABLE), with column list and row filter. */
    public List<PublicationMember> publications(long oid, int version) throws SQLException {
        return new DependencyReader(conn).publications(oid, version);
    }

    /** What a rebuild of this materialized view must restore (read under the swap's lock). */
    public MaterializedView materializedView(long oid) throws SQLException {
        return new DependencyReader(conn).materializedView(oid);
    }

    /**
     * Sessions other than this one holding a granted lock on one of the relations, inside a
     * transaction older than {@code minAge}: a lock request made now would queue behind them.
     * Autovacuum workers are listed whatever their age (PostgreSQL cancels one that blocks a lock
     * request only after deadlock_timeout, longer than pgswap ever waits).
     */
    public List<LockHolder> lockHolders(List<Long> oids, Duration minAge) throws SQLException {
        List<LockHolder> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT a.pid, a.usename, a.application_name, a.state, l.mode,
                       (extract(epoch FROM now() - coalesce(a.xact_start, a.backend_start)) * 1000)::bigint,
                       left(a.query, 200), n.nspname, c.relname,
                       -- a role without pg_read_all_stats sees no backend_type of other users' processes, but
                       -- it does see a vacuum's pid in pg_stat_progress_vacuum
                       a.backend_type = 'autovacuum worker' OR (a.backend_type IS NULL AND v.pid IS NOT NULL),
                       a.query LIKE '%(to prevent wraparound)%', l.relation::bigint
                FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                JOIN pg_class c ON c.oid = l.relation
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_stat_progress_vacuum v ON v.pid = l.pid
                WHERE l.locktype = 'relation' AND l.relation = ANY(CAST(? AS oid[])) AND l.granted
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.pid <> pg_backend_pid()
                  AND (a.xact_start < now() - make_interval(secs => ?::double precision / 1000)
                       OR a.backend_type = 'autovacuum worker' OR v.pid IS NOT NULL)
                ORDER BY a.xact_start""")) {
            ps.setArray(1, conn.createArrayOf("bigint", oids.toArray()));
            ps.setLong(2, minAge.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LockHolder(rs.getLong(12), rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Duration.ofMillis(rs.getLong(6)), rs.getString(7),
                            QualifiedName.format(rs.getString(8), rs.getString(9)), rs.getBoolean(10),
                            rs.getBoolean(11)));
                }
            }
        }
        return out;
    }
}
