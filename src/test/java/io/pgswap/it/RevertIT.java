package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.db.Db;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.engine.Reverter;
import io.pgswap.retry.Clock;
import io.pgswap.testing.CatalogDescription;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A swap with a revert window, then {@code pgswap revert}, while the application writes: after the
 * revert the table equals the oracle (the writes made between the swap and the revert included),
 * everything that depended on the table depends on it again exactly as before (the catalog
 * description equals the original's), and no application transaction failed. Also how a window
 * ends: a later run, {@code status}, {@code cleanup}, or {@code --revert-window 0}.
 */
class RevertIT {
    static final int ROWS = 30_000;
    static final Duration HOUR = Duration.ofHours(1);
    static final String FILLED = "id, customer_id, coalesce(status, 'unknown'), amount, created_at, note";

    static List<Integer> majors() {
        return TestDatabase.majors();
    }

    static SwapOptions window(Duration d) {
        return new SwapOptions(false, false, false, null, d);
    }

    static Reverter reverter(Db db, SwapOptions options, Hooks hooks) {
        return new Reverter(db, Fixtures.tuning(), options, Clock.SYSTEM, new StopSignal(), hooks);
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void addNotNullThenRevert_underConcurrentWrites(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect()) {
            Fixtures.createOrders(d, ROWS);
            d.execute("CREATE VIEW open_orders AS SELECT id, status FROM orders WHERE status IS DISTINCT FROM 'done';"
                    + " CREATE TABLE shipments (id int PRIMARY KEY,"
                    + "   order_id bigint REFERENCES orders (id) ON DELETE CASCADE ON UPDATE CASCADE);"
                    + " INSERT INTO shipments SELECT g, g * 3 FROM generate_series(1, 100) g;"
                    + " CREATE PUBLICATION orders_pub FOR TABLE orders");
            List<String> before = CatalogDescription.of(c, "orders");
            Result swapped;
            Result reverted;
            try (Workload load = new Workload(d, 4, ROWS); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.writeNulls = false; // the application stopped writing NULLs before the NOT NULL was added
                load.start();
                load.awaitCommits(200);
                swapped = Fixtures.run(db, Fixtures.addNotNull("status", "unknown"), Fixtures.tuning(), window(HOUR),
                        new StopSignal(), Hooks.NONE);
                assertThat(swapped.outcome()).isEqualTo("swapped");
                assertThat(swapped.revertUntil()).isNotNull();
                assertThat(Fixtures.helperObjects(c)).contains("trigger pgswap_revert_1", "log revlog_1");
                assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
                load.awaitCommits(400); // writes between the swap and the revert
                reverted = reverter(db, SwapOptions.DEFAULT, Hooks.NONE).run(new Target(null, "orders"));
                load.writeNulls = true; // the old table accepts NULLs again
                load.awaitCommits(300);
                load.stop();
                assertThat(load.errors).as("failed application transactions").isEmpty();
                assertThat(load.rejectedNulls.get()).as("NULLs rejected after the revert").isZero();
            }
            assertThat(reverted.outcome()).isEqualTo("reverted");
            assertThat(reverted.rowsReplayed()).isGreaterThan(0);
            assertThat(reverted.lockHeldMillis()).isLessThan(2_000);
            // rows written in the window come back as the new table had them (a filled NULL stays filled)
            assertThat(Fixtures.difference(c, "SELECT " + FILLED + " FROM orders", "SELECT " + FILLED
                    + " FROM orders_oracle")).as("rows differing from the oracle").isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL"))
                    .as("NULLs the old table kept, and new ones").isPositive();
            assertThat(CatalogDescription.of(c, "orders")).as(() -> CatalogDescription.diff(before,
                    uncheckedDescribe(c))).isEqualTo(before);
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(Fixtures.strings(c, "SELECT phase || ' ' || (reverted_at IS NOT NULL) || ' ' || old_table"
                    + " FROM pgswap.migrations")).containsExactly("done true pgswap_rev_1_orders");
            // the foreign key into the table checks against it again, and serial goes on
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> exec(c,
                    "INSERT INTO shipments VALUES (-1, -123456)"))).hasMessageContaining("foreign key");
            long maxId = Fixtures.count(c, "SELECT max(id) FROM orders WHERE id < 1000000000");
            assertThat(Fixtures.count(c, "SELECT nextval('orders_id_seq')")).isGreaterThan(maxId);
        }
    }

    /**
     * The key's type change, then revert: the old table gets the window's writes with their values
     * cast back to integer, the key included, and everything is as before the change.
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void alterKeyToBigintThenRevert_underConcurrentWrites(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect()) {
            Fixtures.createOrders(d, ROWS);
            d.execute("ALTER TABLE orders ALTER COLUMN id TYPE integer;"
                    + " CREATE TABLE shipments (id int PRIMARY KEY,"
                    + "   order_id integer REFERENCES orders (id) ON DELETE CASCADE ON UPDATE CASCADE);"
                    + " INSERT INTO shipments SELECT g, g * 3 FROM generate_series(1, 100) g;");
            List<String> before = CatalogDescription.of(c, "orders");
            // autosave: a statement prepared before the type change re-prepares (see AlterUnderLoadIT)
            try (Workload load = new Workload(d, 4, ROWS, AlterUnderLoadIT.autosave());
                 Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.start();
                load.awaitCommits(200);
                Result swapped = Fixtures.run(db, Request.of(new io.pgswap.ops.Alter(), new io.pgswap.ops.Alter.Args(
                        new Target(null, "orders"), "ALTER COLUMN id TYPE bigint", List.of(), false)),
                        Fixtures.tuning(), window(HOUR), new StopSignal(), Hooks.NONE);
                assertThat(swapped.outcome()).isEqualTo("swapped");
                assertThat(Fixtures.strings(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                        + "WHERE attrelid = 'orders'::regclass AND attname = 'id'")).containsExactly("bigint");
                load.awaitCommits(400); // writes between the swap and the revert
                Result reverted = reverter(db, SwapOptions.DEFAULT, Hooks.NONE).run(new Target(null, "orders"));
                assertThat(reverted.outcome()).isEqualTo("reverted");
                assertThat(reverted.rowsReplayed()).isGreaterThan(0);
                load.awaitCommits(200);
                load.stop();
                assertThat(load.errors).as("failed application transactions").isEmpty();
            }
            assertThat(Fixtures.difference(c, "SELECT id, customer_id, status, amount, created_at, note FROM orders",
                    "SELECT id, customer_id, status, amount, created_at, note FROM orders_oracle"))
                    .as("rows differing from the oracle").isZero();
            assertThat(CatalogDescription.of(c, "orders")).as(() -> CatalogDescription.diff(before,
                    uncheckedDescribe(c))).isEqualTo(before);
            assertThat(Fixtures.helperObjects(c)).isEmpty();
        }
    }

    private static List<String> uncheckedDescribe(Connection c) {
        try {
            return CatalogDescription.of(c, "orders");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The rich schema of {@link FidelityIT} (identity and serial, partial and expression indexes,
     * deferrable constraints, triggers, rules, policies, views on views, a materialized view, foreign
     * keys into, out of and within the table, publications, statistics): repack with a window, the
     * application writing through the table, its view and its rule, then revert. The description of
     * the table and everything depending on it equals the original's, and the application's world
     * is the same (triggers fired once per write: the old table's did not fire for replayed rows).
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void repackThenRevert_carriesEveryDependentBack(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect()) {
            d.execute(FidelityIT.SCHEMA);
            List<String> before = FidelityIT.describeAll(c);
            List<String> appBefore = FidelityIT.applicationView(d);
            long identityBefore = Fixtures.count(c, "SELECT last_value FROM \"Sales Dept\".\"Order Items_item_id_seq\"");
            FidelityIT.RichWriter writer = new FidelityIT.RichWriter(d);
            try (Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                writer.start();
                writer.awaitWrites(30);
                Fixtures.run(db, Fixtures.repack("Sales Dept", "Order Items"), Fixtures.tuning(),
                        new SwapOptions(false, false, true, null, HOUR), new StopSignal(),
                        FidelityIT.duringTheCopy(d, c));
                writer.awaitWrites(60);
                assertThat(FidelityIT.describeAll(c)).as("in the window").isEqualTo(before);
                Result r = reverter(db, new SwapOptions(false, false, true), Hooks.NONE)
                        .run(new Target("Sales Dept", "Order Items"));
                assertThat(r.outcome()).isEqualTo("reverted");
                writer.awaitWrites(30);
            } finally {
                writer.stop();
            }
            assertThat(writer.errors).as("application errors").isEmpty();
            List<String> after = FidelityIT.describeAll(c);
            assertThat(after).as(() -> CatalogDescription.diff(before, after)).isEqualTo(before);
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(FidelityIT.applicationView(d)).isEqualTo(appBefore);
            FidelityIT.checkTheApplicationsWorld(d, c, identityBefore, writer.inserts.get());
        }
    }

    /**
     * The application swaps two rows' unique values through a temporary one, many times, in the
     * revert window: a reverse replay batch that ends inside such a transaction meets a unique
     * conflict on the old table that the same batch would meet again. As in the forward replay, the
     * batch takes more of the log until the rest of the transaction is in it (the revert failed here,
     * blaming the application's row, on every attempt).
     */
    @Test
    void aRevertReplaysUniqueValuesSwappedBetweenRowsAcrossItsBatches() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            d.execute("CREATE TABLE acct (id int PRIMARY KEY, email text NOT NULL UNIQUE);"
                    + " INSERT INTO acct SELECT g, 'e' || g FROM generate_series(1, 1000) g");
            Fixtures.run(db, Fixtures.repack("acct"), Fixtures.tuning(),
                    window(HOUR), new StopSignal(), Hooks.NONE);
            c.setAutoCommit(false);
            for (int a = 1; a <= 300; a++) {
                int b = a + 500;
                exec(c, "UPDATE acct SET email = 'tmp-" + a + "' WHERE id = " + a);
                exec(c, "UPDATE acct SET email = 'e" + a + "' WHERE id = " + b);
                exec(c, "UPDATE acct SET email = 'e" + b + "' WHERE id = " + a);
                c.commit();
            }
            c.setAutoCommit(true);
            // reverse replay batches of 7 log rows: 900 rows, batch ends inside the transactions everywhere
            io.pgswap.core.Tuning small = new io.pgswap.core.Tuning(Duration.ofMillis(200), Duration.ofMinutes(2),
                    Duration.ofMinutes(2), 200, Duration.ofMillis(100), 0, 7, 2, Duration.ofMinutes(10));
            Result r = new Reverter(db, small, SwapOptions.DEFAULT, Clock.SYSTEM, new StopSignal(), Hooks.NONE)
                    .run(new Target(null, "acct"));
            assertThat(r.outcome()).isEqualTo("reverted");
            assertThat(Fixtures.count(c, "SELECT count(*) FROM acct WHERE id <= 300 AND email = 'e' || (id + 500)"))
                    .isEqualTo(300);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM acct WHERE id BETWEEN 501 AND 800 AND email = 'e' || "
                    + "(id - 500)")).isEqualTo(300);
            assertThat(Fixtures.helperObjects(c)).isEmpty();
        }
    }

    /** A revert that dies right after it swapped back finishes (validates the keys, drops the reverse log) when run again. */
    @Test
    void aRevertThatDiesAfterSwappingBackFinishesWhenRunAgain() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            d.execute("CREATE TABLE shipments (id int PRIMARY KEY, order_id bigint REFERENCES orders (id));"
                    + " INSERT INTO shipments SELECT g, g FROM generate_series(1, 100) g");
            List<String> before = CatalogDescription.of(c, "orders");
            Fixtures.run(db, Fixtures.repack("orders"), Fixtures.tuning(), window(HOUR), new StopSignal(), Hooks.NONE);
            exec(c, "BEGIN; UPDATE orders SET note = 'window' WHERE id <= 500;"
                    + " UPDATE orders_oracle SET note = 'window' WHERE id <= 500; COMMIT");
            Hooks dies = new Hooks() {
                @Override
                public void afterStep(String step) {
                    if (step.equals("revert")) {
                        throw new IllegalStateException("killed right after swapping back");
                    }
                }
            };
            PgSwapException e = catchThrowableOfType(() -> reverter(db, SwapOptions.DEFAULT, dies)
                    .run(new Target(null, "orders")), PgSwapException.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("run 'pgswap revert public.orders' again");
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("revert-finish");
            assertThat(Fixtures.strings(c, "SELECT convalidated::text FROM pg_constraint WHERE conname ="
                    + " 'shipments_order_id_fkey'")).containsExactly("false");
            // the forward command cannot take it further; the revert does
            PgSwapException forward = catchThrowableOfType(() -> Fixtures.run(db, Fixtures.repack("orders")),
                    PgSwapException.class);
            assertThat(forward.getMessage()).contains("pgswap revert");
            Result r = reverter(db, SwapOptions.DEFAULT, Hooks.NONE).run(new Target(null, "orders"));
            assertThat(r.outcome()).isEqualTo("reverted");
            assertThat(CatalogDescription.of(c, "orders")).isEqualTo(before);
            assertThat(Fixtures.difference(c, "SELECT * FROM orders", "SELECT * FROM orders_oracle")).isZero();
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            PgSwapException again = catchThrowableOfType(() -> reverter(db, SwapOptions.DEFAULT, Hooks.NONE)
                    .run(new Target(null, "orders")), PgSwapException.class);
            assertThat(again.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(again.getMessage()).contains("was reverted already");
        }
    }

    /**
     * The window ends when it is over and something notices: the same command run again, another
     * operation on the table, {@code status} or {@code cleanup}; {@code --revert-window 0} ends it
     * now. Its end removes the reverse trigger and log and keeps the old table, or drops it when
     * the swap had --drop-old. A revert after the end is refused.
     */
    @Test
    void theWindowEndsWhenALaterRunStatusOrCleanupNoticesItIsOver() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 5_000);
            String[] url = {"--url", d.libpqUrl(), "-q"};
            Request<?> repack = Fixtures.repack("orders");
            // 1. the same command again: open -> nothing to do yet; --revert-window 0 ends it now
            Fixtures.run(db, repack, Fixtures.tuning(), window(HOUR), new StopSignal(), Hooks.NONE);
            Result again = Fixtures.run(db, repack);
            assertThat(again.outcome()).isEqualTo("revert_window");
            PgSwapException other = catchThrowableOfType(() -> Fixtures.run(db, Fixtures.addNotNull("status", "unknown")),
                    PgSwapException.class);
            assertThat(other.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(other.getMessage()).contains("keeps the revert window of migration #1").contains("--revert-window 0");
            Result ended = Fixtures.run(db, repack, Fixtures.tuning(), window(Duration.ZERO), new StopSignal(),
                    Hooks.NONE);
            assertThat(ended.outcome()).isEqualTo("swapped");
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_class WHERE relname = 'pgswap_old_1_orders'"))
                    .isEqualTo(1);
            PgSwapException late = catchThrowableOfType(() -> reverter(db, SwapOptions.DEFAULT, Hooks.NONE)
                    .run(new Target(null, "orders")), PgSwapException.class);
            assertThat(late.getMessage()).contains("revert window of migration #1 of orders ended");
            // 2. status notices that a window with --drop-old is over: the old table goes too
            Fixtures.run(db, repack, Fixtures.tuning(), new SwapOptions(false, true, false, null, Duration.ofMillis(300)),
                    new StopSignal(), Hooks.NONE);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_class WHERE relname = 'pgswap_old_2_orders'"))
                    .isEqualTo(1);
            Thread.sleep(500);
            assertThat(io.pgswap.cli.Main.execute(concat("status", url))).isZero();
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_class WHERE relname = 'pgswap_old_2_orders'"))
                    .isZero();
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations WHERE id = 2")).containsExactly("done");
            // 3. cleanup notices one, and so does another operation on the table
            for (String how : List.of("cleanup", "another run")) {
                Fixtures.run(db, repack, Fixtures.tuning(), window(Duration.ofMillis(300)), new StopSignal(),
                        Hooks.NONE);
                Thread.sleep(500);
                if (how.equals("cleanup")) {
                    assertThat(io.pgswap.cli.Main.execute(concat("cleanup", url))).isZero();
                    assertThat(Fixtures.helperObjects(c)).isEmpty();
                } else {
                    Result next = Fixtures.run(db, Fixtures.addNotNull("status", "unknown"));
                    assertThat(next.outcome()).isEqualTo("swapped");
                    assertThat(Fixtures.count(c, "SELECT count(*) FROM pgswap.migrations WHERE phase = 'done'"))
                            .isEqualTo(5);
                }
            }
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(Fixtures.difference(c, "SELECT " + FILLED + " FROM orders", "SELECT " + FILLED
                    + " FROM orders_oracle")).isZero();
        }
    }

    private static String[] concat(String command, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = command;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
