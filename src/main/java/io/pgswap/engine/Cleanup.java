package io.pgswap.engine;


import io.pgswap.db.Tx;
import io.pgswap.plan.Names;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Sql;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Finds what earlier runs left behind and removes it. Helper objects (capture triggers, logs,
 * trigger functions, shadow tables) of migrations that are no longer active are never useful;
 * an orphaned capture trigger is the worst of them, as it logs every write forever. Old tables
 * kept after swaps are dropped only when older than a given age.
 */
public final class Cleanup {
    private static final Pattern ID = Pattern.compile("^pgswap_(?:capture|shadow)_(\\d+)(?:_truncate)?$");

    /** One thing to remove: a description for people and the statements that remove it. */
    public record Item(String description, String lockTable, List<String> sql) {
    }

    private Cleanup() {
    }

    public static List<Item> find(Connection c, Duration olderThan) throws SQLException {
        Map<Long, MigrationRecord> state = new HashMap<>();
        if (StateStore.schemaExists(c)) {
            for (MigrationRecord m : StateStore.all(c)) {
                state.put(m.id(), m);
            }
        }
        List<Item> out = new ArrayList<>();
        // capture triggers of inactive or unknown migrations, on whatever table they sit
        for (String[] t : rows(c, """
                SELECT format('%I.%I', n.nspname, r.relname), t.tgname
                FROM pg_trigger t
                JOIN pg_class r ON r.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = r.relnamespace
                WHERE NOT t.tgisinternal AND starts_with(t.tgname, 'pgswap_capture_')
                ORDER BY 1, 2""")) {
            long id = idOf(t[1]);
            if (id > 0 && !active(state, id)) {
                out.add(new Item("orphaned capture trigger " + t[1] + " on " + t[0]
                        + (state.containsKey(id) ? " (migration #" + id + " is " + state.get(id).phase() + ")"
                        : " (no state row)"), t[0],
                        List.of("DROP TRIGGER IF EXISTS " + Sql.ident(t[1]) + " ON " + t[0])));
            }
        }
        // logs and trigger functions in the pgswap schema
        for (String[] r : rows(c, """
                SELECT c.relname, 'log' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'pgswap' AND c.relkind = 'r' AND c.relname ~ '^log_[0-9]+$'
                UNION ALL
                SELECT p.proname, 'function' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'pgswap' AND p.proname ~ '^capture_[0-9]+$'
                ORDER BY 1""")) {
            long id = Long.parseLong(r[0].replaceAll("\\D", ""));
            if (!active(state, id)) {
                Names n = new Names(id, "pgswap", "-");
                out.add(new Item("leftover " + r[1] + " pgswap." + r[0], null, List.of(r[1].equals("log")
                        ? "DROP TABLE IF EXISTS " + n.logTable()
                        : "DROP FUNCTION IF EXISTS " + n.captureFunction() + "() CASCADE")));
            }
        }
        // shadows of migrations that will not swap
        for (String[] r : rows(c, """
                SELECT format('%I.%I', n.nspname, c.relname), c.relname
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND c.relname ~ '^pgswap_shadow_[0-9]+$'
                ORDER BY 1""")) {
            long id = idOf(r[1]);
            if (!active(state, id)) {
                out.add(new Item("leftover shadow table " + r[0], null, List.of("DROP TABLE IF EXISTS " + r[0])));
            }
        }
        // old tables kept after swaps
        if (olderThan != null) {
            OffsetDateTime cutoff = OffsetDateTime.now().minus(olderThan);
            for (MigrationRecord m : state.values()) {
                if (m.oldTable() != null && m.updatedAt() != null && m.updatedAt().isBefore(cutoff)
                        && !m.phase().isActive()) {
                    String qualified = Sql.qualified(m.schema(), m.oldTable());
                    if (io.pgswap.catalog.Inspector.relationExists(c, qualified)) {
                        out.add(new Item("old table " + qualified + " kept after migration #" + m.id()
                                + " (" + m.updatedAt().toLocalDate() + ")", null,
                                List.of("DROP TABLE IF EXISTS " + qualified)));
                    }
                }
            }
        }
        return out;
    }

    /** Old tables still kept, for the hint printed when --older-than is not given. */
    public static List<String> keptOldTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        if (!StateStore.schemaExists(c)) {
            return out;
        }
        for (MigrationRecord m : StateStore.all(c)) {
            if (m.oldTable() != null && !m.phase().isActive() && io.pgswap.catalog.Inspector.relationExists(c, Sql.qualified(m.schema(), m.oldTable()))) {
                out.add(Sql.qualified(m.schema(), m.oldTable()) + " (since " + m.updatedAt().toLocalDate() + ")");
            }
        }
        return out;
    }

    /** Removes one item in its own transaction, each lock bounded by lock_timeout and retried. */
    public static void remove(Connection c, Item item, Clock clock) throws SQLException {
        Tx.withLockRetry(c, clock, Duration.ofMinutes(2), "cleanup: " + item.description(), tx -> {
            Tx.execute(tx, item.sql());
            return null;
        });
    }

    static long idOf(String name) {
        Matcher m = ID.matcher(name);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static boolean active(Map<Long, MigrationRecord> state, long id) {
        MigrationRecord m = state.get(id);
        return m != null && m.phase().isActive();
    }

    private static List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] r = new String[n];
                for (int i = 0; i < n; i++) {
                    r[i] = rs.getString(i + 1);
                }
                out.add(r);
            }
        }
        return out;
    }

}
