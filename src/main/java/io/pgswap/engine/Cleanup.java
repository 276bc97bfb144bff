package io.pgswap.engine;

import io.pgswap.catalog.LockLevel;
import io.pgswap.core.LockGate;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.plan.LockUse;
import io.pgswap.core.Tuning;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.retry.Clock;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what earlier runs left behind and removes what it can prove is pgswap's: a trigger whose
 * function is pgswap's capture function of that migration, an object carrying pgswap's marker
 * comment, or one that the state row of that migration (in that schema) says it created. Anything
 * that only looks like pgswap's by name is listed and left alone. An orphaned capture trigger is
 * the worst leftover: it logs every write forever. Old tables kept after swaps are dropped only
 * when older than a given age.
 */
public final class Cleanup {
    private static final Pattern ID = Pattern.compile("^pgswap_(?:capture|fill|revert|shadow)_(\\d+)(?:_truncate)?$");
    private static final Pattern HELPER = Pattern.compile("^(?:log|revlog|capture|fill|revert)_(\\d+)$");

    /** One thing found: what it is, the statements that remove it, and whether it is proven pgswap's. */
    public record Item(String description, List<String> sql, boolean proven, String why, String lockTable) {
    }

    private Cleanup() {
    }

    public static List<Item> find(Connection c, Duration olderThan) throws SQLException {
        Map<Long, MigrationRecord> state = new HashMap<>();
        for (MigrationRecord m : StateStore.all(c)) {
            state.put(m.id(), m);
        }
        List<Item> out = new ArrayList<>();
        triggers(c, state, out);
        helpers(c, state, out);
        shadows(c, state, out);
        if (olderThan != null) {
            oldTables(c, state, olderThan, out);
        }
        return out;
    }

    /** pgswap's triggers on any table, whose migration will not use them again. */
    private static void triggers(Connection c, Map<Long, MigrationRecord> state, List<Item> out) throws SQLException {
        for (String[] t : Rows.list(c, Statement.of("""
                SELECT format('%I.%I', n.nspname, r.relname), t.tgname, pn.nspname, p.proname, r.oid::bigint
                FROM pg_trigger t
                JOIN pg_class r ON r.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = r.relnamespace
                JOIN pg_proc p ON p.oid = t.tgfoid
                JOIN pg_namespace pn ON pn.oid = p.pronamespace
                WHERE NOT t.tgisinternal AND t.tgname ~ '^pgswap_(capture|fill|revert)_[0-9]+(_truncate)?$'
                ORDER BY 1, 2"""), rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5)})) {
            long id = idOf(t[1]);
            MigrationRecord m = state.get(id);
            if (m != null && m.isActive() && !orphaned(c, m, Long.parseLong(t[4]))) {
                continue;
            }
            if (m == null && liveRun(c, id)) {
                continue; // a run works on the table right now (its state row gone): its trigger logs its writes
            }
            boolean proven = Names.STATE_SCHEMA.equals(t[2]) && t[3].matches("(capture|fill|revert)_" + id);
            String kind = t[1].startsWith("pgswap_fill_") ? "fill"
                    : t[1].startsWith("pgswap_revert_") ? "reverse capture" : "capture";
            out.add(new Item("orphaned " + kind + " trigger " + t[1] + " on " + t[0] + (m == null ? " (no state row)"
                    : m.isActive() ? " (migration #" + id + "'s state row names another table: restored from a dump?)"
                    : " (migration #" + id + " is " + m.phase() + ")"),
                    List.of("DROP TRIGGER IF EXISTS " + Sql.ident(t[1]) + " ON " + t[0]), proven,
                    proven ? null : "its function " + t[2] + "." + t[3] + " is not pgswap's", t[0]));
        }
    }

    /** Logs and trigger functions in the pgswap schema. */
    private static void helpers(Connection c, Map<Long, MigrationRecord> state, List<Item> out) throws SQLException {
        for (String[] r : Rows.list(c, Statement.of("""
                SELECT c.relname, 'log', obj_description(c.oid, 'pg_class')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'pgswap' AND c.relkind = 'r' AND c.relname ~ '^(rev)?log_[0-9]+$'
                UNION ALL
                SELECT p.proname, 'function', obj_description(p.oid, 'pg_proc')
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'pgswap' AND p.proname ~ '^(capture|fill|revert)_[0-9]+$'
                ORDER BY 1"""), rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
            Matcher mt = HELPER.matcher(r[0]);
            if (!mt.matches()) {
                continue;
            }
            long id = Long.parseLong(mt.group(1));
            MigrationRecord m = state.get(id);
            if (m != null && m.isActive() && !orphaned(c, m, -1) || m == null && liveRun(c, id)) {
                continue; // without its log, a live run's trigger would fail the application's writes
            }
            boolean proven = marked(r[2], id) || m != null;
            String name = Sql.qualified(Names.STATE_SCHEMA, r[0]);
            out.add(new Item("leftover " + r[1] + " pgswap." + r[0], List.of(r[1].equals("log")
                    ? "DROP TABLE IF EXISTS " + name : "DROP FUNCTION IF EXISTS " + name + "() CASCADE"), proven,
                    proven ? null : "no state row and no pgswap marker", null));
        }
    }

    /** Shadow tables of migrations that will not swap. */
    private static void shadows(Connection c, Map<Long, MigrationRecord> state, List<Item> out) throws SQLException {
        for (String[] r : Rows.list(c, Statement.of("""
                SELECT n.nspname, c.relname, obj_description(c.oid, 'pg_class')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND c.relname ~ '^pgswap_shadow_[0-9]+$'
                ORDER BY 1, 2"""), rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})) {
            long id = idOf(r[1]);
            MigrationRecord m = state.get(id);
            if (m != null && m.isActive() && !orphaned(c, m, -1) || m == null && liveRun(c, id)) {
                continue;
            }
            boolean byState = m != null && m.isSwap() && m.schema().equals(r[0]);
            boolean proven = marked(r[2], id) || byState;
            String q = Sql.qualified(r[0], r[1]);
            out.add(new Item("leftover shadow table " + QualifiedName.format(r[0], r[1]), List.of("DROP TABLE IF EXISTS "
                    + q), proven, proven ? null : "a table of that name without pgswap's marker and without a "
                    + "migration #" + id + " of schema " + r[0] + ": it may be a user's", null));
        }
    }

    private static void oldTables(Connection c, Map<Long, MigrationRecord> state, Duration olderThan, List<Item> out)
            throws SQLException {
        OffsetDateTime cutoff = OffsetDateTime.now().minus(olderThan);
        for (MigrationRecord m : state.values()) {
            if (m.oldTable() != null && m.updatedAt() != null && m.updatedAt().isBefore(cutoff) && !m.isActive()) {
                String qualified = Sql.qualified(m.schema(), m.oldTable());
                if (Rows.relationExists(c, qualified)) {
                    out.add(new Item("old table " + qualified + " kept after migration #" + m.id() + " ("
                            + m.updatedAt().toLocalDate() + ")", List.of("DROP TABLE IF EXISTS " + qualified), true,
                            null, qualified));
                }
            }
        }
    }

    /** Old tables still kept, for the hint printed when --older-than is not given. */
    public static List<String> keptOldTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (MigrationRecord m : StateStore.all(c)) {
            if (m.oldTable() != null && !m.isActive()
                    && Rows.relationExists(c, Sql.qualified(m.schema(), m.oldTable()))) {
                out.add(Sql.qualified(m.schema(), m.oldTable()) + " (since " + m.updatedAt().toLocalDate() + ")");
            }
        }
        return out;
    }

    /**
     * The unfinished migrations that are not orphaned: cleanup leaves their helpers alone (they
     * are the run's to resume), so it says which and what ends each one.
     */
    public static List<String> unfinished(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (MigrationRecord m : StateStore.all(c)) {
            if (!m.isActive() || orphaned(c, m, -1)) {
                continue;
            }
            String table = QualifiedName.format(m.schema(), m.table());
            String what = "migration #" + m.id() + " (" + m.operation() + " on " + table + ")";
            if ("revert-window".equals(m.phase())) {
                out.add(what + " has its revert window open: its reverse trigger and log stay until the window ends; "
                        + "'pgswap revert " + table + "' swaps back");
                continue;
            }
            java.util.Optional<String> holder = io.pgswap.state.RunLock.heldBy(c, m.tableOid());
            out.add(what + (holder.isPresent() ? " is running (" + holder.get() + "); its helpers are in use"
                    : " is unfinished and not running: 'pgswap resume' continues it, 'pgswap abort " + table
                    + "' removes what it made"));
        }
        return out;
    }

    /**
     * An unfinished migration whose state row no longer describes its table: the recorded OID is
     * not a table of the recorded name (a database restored from a dump gets new OIDs), or the
     * trigger found sits on another table than the one recorded.
     */
    public static boolean orphaned(Connection c, MigrationRecord m, long triggerTable) throws SQLException {
        if (triggerTable >= 0 && triggerTable != m.tableOid()) {
            return true;
        }
        return !Rows.bool(c, Statement.of("""
                SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE c.oid = ?::oid AND c.relname = ? AND n.nspname = ?)""",
                m.tableOid(), m.table(), m.schema()));
    }

    /** Removes one item in its own transaction, each lock bounded by lock_timeout and retried. */
    public static void remove(Connection c, Item item, Clock clock, Tuning tuning) throws SQLException {
        List<LockUse> locks = item.lockTable() == null ? List.of()
                : List.of(new LockUse(item.lockTable(), LockLevel.ACCESS_EXCLUSIVE));
        new LockGate(clock, tuning, new StopSignal(), new Progress()).run(c, locks, "cleanup: " + item.description(),
                tx -> {
                    Tx.execute(tx, item.sql());
                    return null;
                });
    }

    /** Marks the orphaned state rows whose leftovers were removed as aborted. */
    public static void retireOrphans(Connection c) throws SQLException {
        for (MigrationRecord m : StateStore.all(c)) {
            if (m.isActive() && orphaned(c, m, -1)) {
                StateStore.setPhase(c, m.id(), MigrationRecord.ABORTED);
                StateStore.recordError(c, m.id(), "orphaned: the state row named a table that is not there "
                        + "(restored from a dump?); removed by pgswap cleanup");
            }
        }
    }

    /**
     * Whether a pgswap run holds the table that migration {@code id}'s trigger is on right now (its
     * run lock): then its helpers are in use, whatever happened to its state row.
     */
    private static boolean liveRun(Connection c, long id) throws SQLException {
        for (Long table : Rows.list(c, Statement.of("""
                SELECT tgrelid::bigint FROM pg_trigger
                WHERE NOT tgisinternal AND tgname IN (?, ?, ?)""", "pgswap_capture_" + id, "pgswap_fill_" + id,
                "pgswap_revert_" + id), rs -> rs.getLong(1))) {
            if (io.pgswap.state.RunLock.heldBy(c, table).isPresent()) {
                return true;
            }
        }
        return false;
    }

    static long idOf(String name) {
        Matcher m = ID.matcher(name);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean marked(String comment, long id) {
        return comment != null && comment.startsWith(Names.MARKER + id + ":");
    }
}
