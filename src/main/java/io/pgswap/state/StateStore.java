package io.pgswap.state;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The migrations' durable state in the target database (table {@code pgswap.migrations}),
 * written in the same transactions as the work it describes.
 */
public final class StateStore {
    private static final String T = StateSchema.MIGRATIONS;
    private static final String COLUMNS = """
            id, table_oid::bigint, schema_name, table_name, operation, args::text, recipe, phase, fingerprint,
            copy_next_page, copy_end_page, copy_filenode, rows_copied, rows_replayed, swap_attempts, old_table,
            started_at, updated_at, host, pid, last_error, steps_done, pending, waiting""";

    private StateStore() {
    }

    /** What a new migration records before it creates anything. */
    public record New(long tableOid, String schema, String table, String operation, String args, String recipe,
                      String firstStep, String fingerprint, String host, long pid, String version) {
    }

    public static Optional<MigrationRecord> findActive(Connection c, long tableOid) throws SQLException {
        if (!StateSchema.exists(c)) {
            return Optional.empty();
        }
        return query(c, "WHERE table_oid = ?::bigint::oid AND phase NOT IN ('done', 'aborted', 'failed')", tableOid)
                .stream().findFirst();
    }

    public static Optional<MigrationRecord> find(Connection c, long id) throws SQLException {
        return query(c, "WHERE id = ?", id).stream().findFirst();
    }

    public static List<MigrationRecord> all(Connection c) throws SQLException {
        if (!StateSchema.exists(c)) {
            return List.of();
        }
        return query(c, "ORDER BY id");
    }

    /** The id the next migration will get (for the dry run's names). */
    public static long nextId(Connection c) throws SQLException {
        if (!StateSchema.exists(c)) {
            return 1;
        }
        Long max = Rows.longValue(c, Statement.of("SELECT max(id) FROM " + T));
        return max == null ? 1 : max + 1;
    }

    public static long create(Connection c, New n) throws SQLException {
        return Rows.longValue(c, Statement.of("INSERT INTO " + T
                + " (table_oid, schema_name, table_name, operation, args, recipe, phase, fingerprint, host, pid,"
                + " tool_version) VALUES (?::bigint::oid, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?) RETURNING id",
                n.tableOid(), n.schema(), n.table(), n.operation(), n.args(), n.recipe(), n.firstStep(),
                n.fingerprint(), n.host(), n.pid(), n.version()));
    }

    /** Gives a migration row the next number (nothing refers to it yet); returns it. */
    public static long renumber(Connection c, long id) throws SQLException {
        return Rows.longValue(c, Statement.of("UPDATE " + T + " SET id = DEFAULT WHERE id = ? RETURNING id", id));
    }

    /** Moves to a step (or an end state); a migration that moves on has no current error. */
    public static void setPhase(Connection c, long id, String phase) throws SQLException {
        update(c, id, "phase = ?, last_error = NULL, waiting = NULL"
                        + (MigrationRecord.isActive(phase) ? "" : ", finished_at = now()"),
                phase);
    }

    /** A run takes the migration over; what an earlier run waited for (a pause, a parked swap) no longer holds. */
    public static void claim(Connection c, long id, String host, long pid, String version) throws SQLException {
        update(c, id, "host = ?, pid = ?, tool_version = ?, waiting = NULL", host, pid, version);
    }

    /** The options the run works with, as command-line tokens, for a later 'pgswap resume'. */
    public static void setRunOptions(Connection c, long id, List<String> tokens) throws SQLException {
        update(c, id, "run_options = CAST(? AS text[])", c.createArrayOf("text", tokens.toArray()));
    }

    /**
     * The options recorded by {@link #setRunOptions}; none for a migration started before pgswap
     * recorded them, also while the state schema is not upgraded yet (a run reads them before it
     * upgrades the schema, so that a refusal changes nothing).
     */
    public static List<String> runOptions(Connection c, long id) throws SQLException {
        if (!Rows.bool(c, Statement.of("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) "
                + "AND attname = 'run_options' AND NOT attisdropped)", T))) {
            return List.of();
        }
        return Rows.first(c, Statement.of("SELECT run_options FROM " + T + " WHERE id = ?", id),
                rs -> Rows.strings(rs.getArray(1))).orElse(List.of());
    }

    public static void setFingerprint(Connection c, long id, String fingerprint) throws SQLException {
        update(c, id, "fingerprint = ?", fingerprint);
    }

    public static void setTable(Connection c, long id, long tableOid) throws SQLException {
        update(c, id, "table_oid = ?::bigint::oid", tableOid);
    }

    public static void startCopy(Connection c, long id, String phase, long endPage, long filenode) throws SQLException {
        update(c, id, "phase = ?, copy_next_page = 0, copy_end_page = ?, copy_filenode = ?", phase, endPage, filenode);
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
     * In the swap transaction, after the renames: the next step, the old table's name, the foreign
     * keys the finish validates, and the new table's OID ({@code table}, the original's name, now
     * names it), so that running the same command again finds this migration and finishes it.
     */
    public static void swapped(Connection c, long id, String nextPhase, String oldTable, List<String> validateKeys,
                               String table) throws SQLException {
        update(c, id, "phase = ?, old_table = ?, validate_keys = CAST(? AS text[]), table_oid = to_regclass(?)",
                nextPhase, oldTable, c.createArrayOf("text", validateKeys.toArray()), table);
    }

    /** The foreign keys recorded at the swap ("OID/name"). */
    public static List<String> keysToValidate(Connection c, long id) throws SQLException {
        return Rows.first(c, Statement.of("SELECT validate_keys FROM " + StateSchema.source(c) + " WHERE id = ?", id),
                rs -> Rows.strings(rs.getArray(1))).orElse(List.of());
    }

    /** An in-place step is finished ({@code found}: it was already done); the migration moves to {@code next}. */
    public static void stepDone(Connection c, long id, String step, boolean found, String next, List<String> pending)
            throws SQLException {
        update(c, id, "steps_done = array_append(steps_done, ?), phase = ?, pending = CAST(? AS text[]), "
                        + "last_error = NULL" + (MigrationRecord.isActive(next) ? "" : ", finished_at = now()"),
                found ? step + ":found" : step, next, c.createArrayOf("text", pending.toArray()));
    }

    /** A step that cannot run in a transaction is about to start: a re-run then knows its effect is pgswap's. */
    public static void stepStarted(Connection c, long id, String step) throws SQLException {
        update(c, id, "steps_done = array_append(steps_done, ?)", step + ":started");
    }

    /**
     * A step that had started removed all it made (a failed build dropped its INVALID index): abort
     * has nothing of it to undo, and an object of that name made later is not pgswap's.
     */
    public static void stepUndone(Connection c, long id, String step) throws SQLException {
        update(c, id, "steps_done = array_remove(array_remove(steps_done, ?), ?)", step + ":started", step);
    }

    /** What a stopped in-place run leaves on the table, for status and the closing message (I10). */
    public static void setPending(Connection c, long id, List<String> pending) throws SQLException {
        update(c, id, "pending = CAST(? AS text[])", c.createArrayOf("text", pending.toArray()));
    }

    /** What the migration waits for now (a throttle's pause, a run without --no-swap), or null. */
    public static void setWaiting(Connection c, long id, String waiting) throws SQLException {
        update(c, id, "waiting = ?", waiting);
    }

    /**
     * The revert window of a migration: when it ends (null: none), the new table's fingerprint a
     * revert checks (recorded when the finish is done), whether its end drops the old table, and
     * when the migration was reverted.
     */
    public record RevertState(OffsetDateTime until, String fingerprint, boolean dropOld, OffsetDateTime revertedAt,
                              boolean expired) {
    }

    /** The revert window's state; empty when the state schema predates revert windows. */
    public static Optional<RevertState> revertState(Connection c, long id) throws SQLException {
        if (StateSchema.version(c) < 5) {
            return Optional.empty();
        }
        return Rows.first(c, Statement.of("SELECT revert_until, revert_fingerprint, revert_drop_old, reverted_at, "
                + "coalesce(revert_until <= now(), false) FROM " + T + " WHERE id = ?", id),
                rs -> new RevertState(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getBoolean(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getBoolean(5)));
    }

    /** In the swap transaction: the window ends {@code length} from now; {@code dropOld}: its end drops the old table. */
    public static void openRevertWindow(Connection c, long id, java.time.Duration length, boolean dropOld)
            throws SQLException {
        update(c, id, "revert_until = now() + CAST(? AS interval), revert_drop_old = ?",
                length.toMillis() + " milliseconds", dropOld);
    }

    /** The window ends {@code fromNow} from now (zero: now). */
    public static void setRevertUntil(Connection c, long id, java.time.Duration fromNow) throws SQLException {
        update(c, id, "revert_until = now() + CAST(? AS interval)", fromNow.toMillis() + " milliseconds");
    }

    public static void setRevertFingerprint(Connection c, long id, String fingerprint) throws SQLException {
        update(c, id, "revert_fingerprint = ?", fingerprint);
    }

    /** In the revert's swap transaction. */
    public static void reverted(Connection c, long id) throws SQLException {
        update(c, id, "reverted_at = now()");
    }

    public static void recordError(Connection c, long id, String error) throws SQLException {
        update(c, id, "last_error = ?", error);
    }

    private static void update(Connection c, long id, String set, Object... params) throws SQLException {
        Object[] all = Arrays.copyOf(params, params.length + 1);
        all[params.length] = id;
        Rows.update(c, Statement.of("UPDATE " + T + " SET " + set + ", updated_at = now() WHERE id = ?", all));
    }

    private static List<MigrationRecord> query(Connection c, String where, Object... params) throws SQLException {
        return Rows.list(c, Statement.of("SELECT " + COLUMNS + " FROM " + StateSchema.source(c) + " " + where, params),
                rs -> new MigrationRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getInt(15),
                        rs.getString(16), rs.getObject(17, OffsetDateTime.class),
                        rs.getObject(18, OffsetDateTime.class), rs.getString(19), (Integer) rs.getObject(20),
                        rs.getString(21), new ArrayList<>(Rows.strings(rs.getArray(22))),
                        Rows.strings(rs.getArray(23)), rs.getString(24)));
    }
}
