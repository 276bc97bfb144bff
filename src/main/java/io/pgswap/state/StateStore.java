package io.pgswap.state;

import io.pgswap.PgSwapException;
import io.pgswap.plan.Names;
import io.pgswap.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The migration's durable state in the target database (schema {@code pgswap}), written in the
 * same transactions as the work it describes, and the advisory lock that keeps two runs on one
 * table apart (I8).
 */
public final class StateStore {
    /** High 32 bits of every pgswap advisory lock key ('pgsw'); the low 32 bits are the table OID. */
    static final long LOCK_SPACE = 0x70677377L;
    private static final String T = Sql.qualified(Names.STATE_SCHEMA, "migrations");

    private StateStore() {
    }

    public static boolean schemaExists(Connection c) throws SQLException {
        return io.pgswap.catalog.Inspector.relationExists(c, T);
    }

    /** Creates the pgswap schema and state table once; concurrent first runs serialize on a lock. */
    public static void ensureSchema(Connection c) throws SQLException {
        if (schemaExists(c)) {
            upgrade(c);
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + (LOCK_SPACE << 32) + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(Names.STATE_SCHEMA));
            st.execute("""
                    CREATE TABLE IF NOT EXISTS %s (
                      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      table_oid oid NOT NULL,
                      schema_name text NOT NULL,
                      table_name text NOT NULL,
                      operation text NOT NULL,
                      column_name text,
                      fill_value text,
                      phase text NOT NULL,
                      fingerprint text,
                      copy_next_page bigint NOT NULL DEFAULT 0,
                      copy_end_page bigint NOT NULL DEFAULT 0,
                      copy_filenode bigint NOT NULL DEFAULT 0,
                      rows_copied bigint NOT NULL DEFAULT 0,
                      rows_replayed bigint NOT NULL DEFAULT 0,
                      swap_attempts int NOT NULL DEFAULT 0,
                      old_table text,
                      started_at timestamptz NOT NULL DEFAULT now(),
                      updated_at timestamptz NOT NULL DEFAULT now(),
                      finished_at timestamptz,
                      host text,
                      pid int,
                      tool_version text,
                      last_error text,
                      validate_keys text[]
                    )""".formatted(T));
            st.execute("CREATE UNIQUE INDEX IF NOT EXISTS migrations_one_active ON " + T
                    + " (table_oid) WHERE phase NOT IN ('DONE', 'ABORTED', 'FAILED')");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** State tables created by an earlier pgswap get the columns added since. */
    private static void upgrade(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = 'validate_keys'")) {
            ps.setString(1, T);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        io.pgswap.db.Tx.execute(c, List.of("ALTER TABLE " + T + " ADD COLUMN IF NOT EXISTS validate_keys text[]"));
    }

    /** Session-level advisory lock on the table; held by {@code c} until released or disconnected. */
    public static boolean tryLock(Connection c, long tableOid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, lockKey(tableOid));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public static void unlock(Connection c, long tableOid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, lockKey(tableOid));
            ps.execute();
        }
    }

    /** Who holds the run lock on the table, for the "already running" message. */
    public static String lockHolder(Connection c, long tableOid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.pid, a.usename, coalesce(host(a.client_addr), 'local'), a.application_name,
                       to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')
                FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted
                  AND l.classid = ?::bigint::oid AND l.objid = ?::bigint::oid AND l.objsubid = 1""")) {
            ps.setLong(1, LOCK_SPACE);
            ps.setLong(2, tableOid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return "server pid " + rs.getInt(1) + " (user " + rs.getString(2) + " from " + rs.getString(3)
                            + ", " + rs.getString(4) + ", connected since " + rs.getString(5) + ")";
                }
                return "another session";
            }
        }
    }

    static long lockKey(long tableOid) {
        return (LOCK_SPACE << 32) | (tableOid & 0xffffffffL);
    }

    public static Optional<MigrationRecord> findActive(Connection c, long tableOid) throws SQLException {
        List<MigrationRecord> rows = query(c, "WHERE table_oid = ?::oid AND phase NOT IN ('DONE', 'ABORTED', 'FAILED')",
                tableOid);
        return rows.stream().findFirst();
    }

    public static Optional<MigrationRecord> find(Connection c, long id) throws SQLException {
        return query(c, "WHERE id = ?", id).stream().findFirst();
    }

    public static List<MigrationRecord> all(Connection c) throws SQLException {
        return query(c, "ORDER BY id", new Object[0]);
    }

    public static long create(Connection c, long tableOid, String schema, String table, String operation,
                              String column, String fill, String fingerprint, String host, long pid,
                              String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + T
                + " (table_oid, schema_name, table_name, operation, column_name, fill_value, phase, fingerprint,"
                + " host, pid, tool_version) VALUES (?::bigint::oid, ?, ?, ?, ?, ?, 'CREATED', ?, ?, ?, ?) RETURNING id")) {
            ps.setLong(1, tableOid);
            ps.setString(2, schema);
            ps.setString(3, table);
            ps.setString(4, operation);
            ps.setString(5, column);
            ps.setString(6, fill);
            ps.setString(7, fingerprint);
            ps.setString(8, host);
            ps.setLong(9, pid);
            ps.setString(10, version);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static void setPhase(Connection c, long id, Phase phase) throws SQLException {
        update(c, id, "phase = ?" + (phase.isActive() ? "" : ", finished_at = now()"), phase.name());
    }

    public static void claim(Connection c, long id, String host, long pid, String version) throws SQLException {
        update(c, id, "host = ?, pid = ?, tool_version = ?", host, pid, version);
    }

    public static void startCopy(Connection c, long id, long endPage, long filenode) throws SQLException {
        update(c, id, "phase = 'COPY', copy_end_page = ?, copy_filenode = ?", endPage, filenode);
    }

    public static void checkpoint(Connection c, long id, long nextPage, long rows) throws SQLException {
        update(c, id, "copy_next_page = ?, rows_copied = rows_copied + ?", nextPage, rows);
    }

    public static void addReplayed(Connection c, long id, long rows) throws SQLException {
        update(c, id, "rows_replayed = rows_replayed + ?", rows);
    }

    public static void addSwapAttempt(Connection c, long id) throws SQLException {
        update(c, id, "swap_attempts = swap_attempts + 1");
    }

    /**
     * In the swap transaction, after the renames: the phase, the old table's name, the foreign keys
     * the finish validates, and the new table's OID ({@code table}, the original's name, now names
     * it), so that running the same command again finds this migration and finishes it.
     */
    public static void swapped(Connection c, long id, String oldTable, List<String> validateKeys, String table)
            throws SQLException {
        update(c, id, "phase = 'SWAPPED', old_table = ?, validate_keys = ?, table_oid = to_regclass(?)", oldTable,
                c.createArrayOf("text", validateKeys.toArray()), table);
    }

    /** The foreign keys recorded at the swap ("OID/name"). */
    public static List<String> keysToValidate(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT validate_keys FROM " + T + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getArray(1) != null ? List.of((String[]) rs.getArray(1).getArray()) : List.of();
            }
        }
    }

    public static void recordError(Connection c, long id, String error) throws SQLException {
        update(c, id, "last_error = ?", error);
    }

    private static void update(Connection c, long id, String set, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + T + " SET " + set + ", updated_at = now() WHERE id = ?")) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            ps.setLong(i, id);
            ps.executeUpdate();
        }
    }

    private static List<MigrationRecord> query(Connection c, String where, Object... params) throws SQLException {
        List<MigrationRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, table_oid::bigint, schema_name, table_name, operation, column_name, fill_value, phase,
                       fingerprint, copy_next_page, copy_end_page, copy_filenode, rows_copied, rows_replayed,
                       swap_attempts, old_table, started_at, updated_at, host, pid, last_error
                FROM %s
                """.formatted(T) + where)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MigrationRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), Phase.valueOf(rs.getString(8)),
                            rs.getString(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13),
                            rs.getLong(14), rs.getInt(15), rs.getString(16),
                            rs.getObject(17, OffsetDateTime.class), rs.getObject(18, OffsetDateTime.class),
                            rs.getString(19), (Integer) rs.getObject(20), rs.getString(21)));
                }
            }
        }
        return out;
    }
}
