package io.pgswap.state;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How far {@code pgswap apply} got through each migration file (table
 * {@code pgswap.applied_files}): the file's checksum, the hash of each of its steps, and how many
 * steps are done. A step that runs in a transaction records its completion in that same
 * transaction; one that cannot (VACUUM, a pgswap operation) is marked started first.
 */
public final class AppliedFiles {
    private static final String T = StateSchema.APPLIED_FILES;
    /** Advisory lock space of apply runs ('pgsa'), apart from the tables' run locks. */
    private static final long LOCK_SPACE = 0x70677361L;

    private AppliedFiles() {
    }

    /** One file's record. */
    public record Entry(String name, String checksum, List<String> stepHashes, int stepsDone, Integer startedStep,
                        OffsetDateTime startedAt, OffsetDateTime updatedAt, OffsetDateTime finishedAt, String host,
                        Integer pid, String lastError) {
        public Entry {
            stepHashes = List.copyOf(stepHashes);
        }

        public boolean finished() {
            return finishedAt != null;
        }
    }

    public static Optional<Entry> find(Connection c, String name) throws SQLException {
        if (StateSchema.version(c) < 6) {
            return Optional.empty();
        }
        return query(c, "WHERE name = ?", name).stream().findFirst();
    }

    /** Every file's record, the most recently updated first. */
    public static List<Entry> all(Connection c) throws SQLException {
        if (StateSchema.version(c) < 6) {
            return List.of();
        }
        return query(c, "ORDER BY updated_at DESC");
    }

    private static List<Entry> query(Connection c, String where, Object... binds) throws SQLException {
        return Rows.list(c, Statement.of("SELECT name, checksum, step_hashes, steps_done, started_step, started_at, "
                + "updated_at, finished_at, host, pid, last_error FROM " + T + " " + where, binds), rs -> {
                    Integer started = (Integer) rs.getObject(5);
                    Integer pid = (Integer) rs.getObject(10);
                    return new Entry(rs.getString(1), rs.getString(2),
                            Arrays.asList((String[]) rs.getArray(3).getArray()), rs.getInt(4), started,
                            rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class), rs.getString(9), pid, rs.getString(11));
                });
    }

    /** Records a file about to be applied from its first step, replacing an earlier record of that name. */
    public static void start(Connection c, String name, String checksum, List<String> stepHashes, String host,
                             long pid, String version) throws SQLException {
        Rows.update(c, Statement.of("INSERT INTO " + T + " AS f (name, checksum, step_hashes, host, pid, tool_version)"
                + " VALUES (?, ?, ?::text[], ?, ?, ?) ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum,"
                + " step_hashes = excluded.step_hashes, steps_done = 0, started_step = NULL, started_at = now(),"
                + " updated_at = now(), finished_at = NULL, host = excluded.host, pid = excluded.pid,"
                + " tool_version = excluded.tool_version, last_error = NULL",
                name, checksum, textArray(stepHashes), host, pid, version));
    }

    /** Takes over an unfinished record: this run continues it (with the file as it is now). */
    public static void resume(Connection c, String name, String checksum, List<String> stepHashes, String host,
                              long pid, String version) throws SQLException {
        Rows.update(c, Statement.of("UPDATE " + T + " SET checksum = ?, step_hashes = ?::text[], finished_at = NULL,"
                + " host = ?, pid = ?, tool_version = ?, updated_at = now() WHERE name = ?",
                checksum, textArray(stepHashes), host, pid, version, name));
    }

    /** Marks the step numbered {@code step} (0-based) as begun outside a transaction. */
    public static void started(Connection c, String name, int step) throws SQLException {
        Rows.update(c, Statement.of("UPDATE " + T + " SET started_step = ?, updated_at = now() WHERE name = ?",
                step, name));
    }

    /** Steps {@code 0 .. done-1} are done; called in the transaction of the last one when it has one. */
    public static void done(Connection c, String name, int done) throws SQLException {
        Rows.update(c, Statement.of("UPDATE " + T + " SET steps_done = ?, started_step = NULL, last_error = NULL,"
                + " updated_at = now() WHERE name = ?", done, name));
    }

    public static void finished(Connection c, String name) throws SQLException {
        Rows.update(c, Statement.of("UPDATE " + T + " SET finished_at = now(), updated_at = now(), pid = NULL"
                + " WHERE name = ?", name));
    }

    public static void failed(Connection c, String name, String error) throws SQLException {
        Rows.update(c, Statement.of("UPDATE " + T + " SET last_error = ?, updated_at = now() WHERE name = ?",
                error, name));
    }

    /** Keeps two applies of one file apart for as long as {@code c} lives. */
    public static boolean tryLock(Connection c, String name) throws SQLException {
        return Rows.bool(c, Statement.of("SELECT pg_try_advisory_lock((?::bigint << 32) | (hashtext(?)::bigint "
                + "& 4294967295))", LOCK_SPACE, name));
    }

    private static String textArray(List<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }
}
