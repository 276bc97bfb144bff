package io.pgswap.state;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The session advisory lock that keeps two pgswap runs on one table apart (I8). It is held by
 * the run's control connection, so it goes away with the process, whatever way it ends.
 */
public final class RunLock {
    /** High 32 bits of every pgswap advisory lock key ('pgsw'); the low 32 bits are the table OID. */
    static final long LOCK_SPACE = 0x70677377L;

    private RunLock() {
    }

    public static boolean tryLock(Connection c, long tableOid) throws SQLException {
        return Rows.bool(c, Statement.of("SELECT pg_try_advisory_lock(?)", key(tableOid)));
    }

    /**
     * Releases the lock. On a connection that is gone (terminated, closed after an error) there is
     * nothing to release, the session's end released it; and nothing is thrown, so the error that
     * ended the run, not this one, is the one reported (a run ends with unlock in a finally).
     */
    public static void unlock(Connection c, long tableOid) throws SQLException {
        try {
            Rows.first(c, Statement.of("SELECT pg_advisory_unlock(?)", key(tableOid)), rs -> rs.getBoolean(1));
        } catch (SQLException e) {
            if (!c.isClosed() && !io.pgswap.db.PgErrors.isConnectionLost(e) && c.isValid(2)) {
                throw e;
            }
        }
    }

    /** Who holds the run lock on the table, for the "already running" message. */
    public static String holder(Connection c, long tableOid) throws SQLException {
        return heldBy(c, tableOid).orElse("another session");
    }

    /** The session holding the run lock on the table (a run working on it now), if any. */
    public static java.util.Optional<String> heldBy(Connection c, long tableOid) throws SQLException {
        return Rows.first(c, Statement.of("""
                SELECT a.pid, a.usename, coalesce(host(a.client_addr), 'local'), a.application_name,
                       to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')
                FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted
                  AND l.classid = ?::bigint::oid AND l.objid = ?::bigint::oid AND l.objsubid = 1""",
                LOCK_SPACE, tableOid), rs -> "server pid " + rs.getInt(1) + " (user " + rs.getString(2) + " from "
                + rs.getString(3) + ", " + rs.getString(4) + ", connected since " + rs.getString(5) + ")");
    }

    /** The key that serializes creating or upgrading pgswap's state schema. */
    static long schemaKey() {
        return LOCK_SPACE << 32;
    }

    static long key(long tableOid) {
        return (LOCK_SPACE << 32) | (tableOid & 0xffffffffL);
    }
}
