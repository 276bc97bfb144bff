package io.pgswap.it;

import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.engine.Engine;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.ops.AddCheck;
import io.pgswap.ops.AddNotNull;
import io.pgswap.ops.Repack;
import io.pgswap.retry.Clock;
import io.pgswap.testing.CatalogDescription;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared setup for integration tests: the orders table, its oracle, specs, and catalog checks. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * public.orders with {@code rows} rows (every 50th status NULL) and two secondary indexes,
     * plus orders_oracle: an identical copy the workload writes in the same transactions.
     */
    static void createOrders(TestDatabase.Database db, int rows) throws SQLException {
        db.execute("""
                CREATE TABLE orders (
                  id bigserial PRIMARY KEY,
                  customer_id bigint NOT NULL,
                  status text,
                  amount numeric(12,2) NOT NULL,
                  created_at timestamptz NOT NULL DEFAULT now(),
                  note text
                );
                CREATE INDEX orders_customer_id_idx ON orders (customer_id);
                CREATE INDEX orders_created_at_idx ON orders (created_at);
                INSERT INTO orders (customer_id, status, amount, created_at, note)
                SELECT g % 997,
                       CASE WHEN g % 50 = 0 THEN NULL ELSE (ARRAY['new','paid','shipped','delivered'])[g % 4 + 1] END,
                       (g % 10000) * 1.25,
                       timestamptz '2026-01-01' + g * interval '1 second',
                       CASE WHEN g % 3 = 0 THEN 'note ' || g END
                FROM generate_series(1, ROWS) g;
                CREATE TABLE orders_oracle (LIKE orders);
                ALTER TABLE orders_oracle ADD PRIMARY KEY (id);
                INSERT INTO orders_oracle SELECT * FROM orders;
                CREATE SEQUENCE key_moves START 1000000000;
                ANALYZE orders;
                """.replace("ROWS", Integer.toString(rows)));
    }

    static Db db(TestDatabase.Database d, Duration lockTimeout) {
        ConnectionSettings s = ConnectionSettings.resolve(
                new ConnectionSettings.Explicit(d.libpqUrl(), null, null, null, null), Map.of());
        return Db.open(s, new SessionSettings(lockTimeout, Duration.ofMinutes(1)), 6);
    }

    static Request<?> addNotNull(String column, String fill) {
        return addNotNull(null, "orders", column, fill);
    }

    static Request<?> addNotNull(String schema, String table, String column, String fill) {
        return Request.of(new AddNotNull(), new AddNotNull.Args(new Target(schema, table), column, fill));
    }

    static Request<?> repack(String table) {
        return repack(null, table);
    }

    static Request<?> repack(String schema, String table) {
        return Request.of(new Repack(), new Repack.Args(new Target(schema, table)));
    }

    static Request<?> addCheck(String table, String name, String expression) {
        return Request.of(new AddCheck(), new AddCheck.Args(new Target(null, table), name, expression));
    }

    /** The tests' tuning: short batches, two index jobs, a two-minute swap budget. */
    static Tuning tuning() {
        return new Tuning(Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofMinutes(2), 200,
                Duration.ofMillis(100), 0, 2000, 2, Duration.ofMinutes(10));
    }

    static Result run(Db db, Request<?> request) throws SQLException {
        return run(db, request, tuning(), SwapOptions.DEFAULT, new StopSignal(), Hooks.NONE);
    }

    static Result run(Db db, Request<?> request, Hooks hooks) throws SQLException {
        return run(db, request, tuning(), SwapOptions.DEFAULT, new StopSignal(), hooks);
    }

    static Result run(Db db, Request<?> request, Tuning tuning, SwapOptions options, StopSignal stop, Hooks hooks)
            throws SQLException {
        return new Engine(db, tuning, options, Clock.SYSTEM, stop, hooks).run(request);
    }

    /** Rows of {@code a} not in {@code b} plus rows of {@code b} not in {@code a}, over the given select lists. */
    static long difference(Connection c, String a, String b) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM (" + a + " EXCEPT ALL " + b + ") x)"
                     + " + (SELECT count(*) FROM (" + b + " EXCEPT ALL " + a + ") y)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** pgswap objects left in the database: capture triggers, shadows, logs, functions. */
    static List<String> helperObjects(Connection c) throws SQLException {
        return CatalogDescription.pgswapObjects(c);
    }

    /**
     * A description of the table and everything that hangs off it, by name (not OID): columns,
     * defaults, indexes, constraints, owner, ACL, options, comments, sequence ownership.
     */
    static List<String> describe(Connection c, String table) throws SQLException {
        return CatalogDescription.table(c, table);
    }
}
