package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.engine.Aborter;
import io.pgswap.engine.Engine;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.ops.AddColumn;
import io.pgswap.ops.AddForeignKey;
import io.pgswap.ops.AddNotNull;
import io.pgswap.plan.PlanStep;
import io.pgswap.retry.Clock;
import io.pgswap.testing.CatalogDescription;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-place recipes of add-column, add-foreign-key and add-not-null under concurrent writes
 * (the {@link Workload} mirrors every committed change into orders_oracle), on every major:
 * I10, every step leaves a valid table (the application never fails, the data equals the oracle,
 * the state row records what is left on the table) also when the run dies between two steps;
 * I11, the same command run again continues after the last step done, and abort after any step
 * leaves exactly the catalog that was there before.
 */
class InPlaceRecipesIT {
    static final int ROWS = 20_000;
    /** Rows only {@link AppWriter} touches: ids the workload never picks. */
    static final long RESERVED = 2_000_000_000L;

    static Stream<Integer> majors() {
        return TestDatabase.majors().stream();
    }

    /** The oracle's columns, NULL statuses read as the fill value (the in-place fill changes them in orders only). */
    static final String DATA = "SELECT id, customer_id, coalesce(status, 'pending'), amount, created_at, note FROM ";

    static Tuning tuning() {
        return new Tuning(Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofMinutes(2), 200,
                Duration.ofMillis(100), 300, 2000, 2, Duration.ofMinutes(10));
    }

    static Result run(Db db, Request<?> r, Hooks hooks) throws SQLException {
        return new Engine(db, tuning(), SwapOptions.DEFAULT, Clock.SYSTEM, new StopSignal(), hooks).run(r);
    }

    static Request<?> addColumn() {
        return Request.of(new AddColumn(), new AddColumn.Args(new Target(null, "orders"), "public_id", "uuid",
                "gen_random_uuid()", true, null));
    }

    static Request<?> addForeignKey() {
        return Request.of(new AddForeignKey(), new AddForeignKey.Args(new Target(null, "orders"), List.of("customer_id"),
                new Target(null, "customers"), List.of("id"), null, "RESTRICT", null, null));
    }

    static Request<?> addNotNullInPlace() {
        return Request.of(new AddNotNull(), new AddNotNull.Args(new Target(null, "orders"), "status", "pending",
                "in-place", null));
    }

    static void schema(TestDatabase.Database d) throws SQLException {
        Fixtures.createOrders(d, ROWS);
        d.execute("""
                CREATE TABLE customers (id bigint PRIMARY KEY, name text);
                INSERT INTO customers SELECT g, 'c' || g FROM generate_series(0, 999) g;
                INSERT INTO orders (id, customer_id, status, amount, created_at)
                SELECT %1$d + g, g %% 997, 'reserved', 1, timestamptz '2026-01-01' FROM generate_series(1, 1000) g;
                INSERT INTO orders_oracle SELECT * FROM orders WHERE id > %1$d;
                CREATE TABLE app_values (id bigint PRIMARY KEY, v uuid NOT NULL);
                ANALYZE orders;
                """.formatted(RESERVED));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void addColumnWithAVolatileDefault_underWrites_keepsWhatTheApplicationWrote_withoutALongLock(int major)
            throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            schema(d);
            long plainHold;
            long pgswapHold;
            Result r;
            try (Workload load = new Workload(d, 3, ROWS).start(); AppWriter app = new AppWriter(d).start()) {
                load.awaitCommits(200);
                try (AddCheckIT.AccessExclusiveSampler s = new AddCheckIT.AccessExclusiveSampler(d, "orders")) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET lock_timeout = '10s'");
                        st.execute("ALTER TABLE orders ADD COLUMN plain_id uuid DEFAULT gen_random_uuid()");
                        st.execute("ALTER TABLE orders DROP COLUMN plain_id");
                    }
                    plainHold = s.longestMillis();
                }
                load.awaitCommits(100);
                try (AddCheckIT.AccessExclusiveSampler s = new AddCheckIT.AccessExclusiveSampler(d, "orders")) {
                    r = run(db, addColumn(), Hooks.NONE);
                    pgswapHold = s.longestMillis();
                }
                load.awaitCommits(200);
                app.awaitWrites(50);
                app.stop();
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
                assertThat(app.errors).as("application errors of the writer of public_id").isEmpty();
                assertThat(app.explicit.get()).as("explicit writes of public_id during the run").isPositive();
            }
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(r.stepMillis()).containsKeys("add", "backfill", "validate");
            System.out.printf("[InPlaceRecipesIT] PG %d: ACCESS EXCLUSIVE held by a plain ADD COLUMN ... DEFAULT "
                    + "gen_random_uuid() %d ms, by pgswap add-column %d ms (%d rows backfilled)%n", major, plainHold,
                    pgswapHold, r.rowsCopied());
            assertThat(pgswapHold).as("pgswap's longest ACCESS EXCLUSIVE hold, ms").isLessThan(Math.max(50, plainHold));
            assertThat(Fixtures.difference(c, DATA + "orders", DATA + "orders_oracle")).isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE public_id IS NULL")).isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) - count(DISTINCT public_id) FROM orders")).isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM app_values a JOIN orders o USING (id) "
                    + "WHERE o.public_id <> a.v")).as("values the application wrote, overwritten").isZero();
            assertThat(Fixtures.strings(c, "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'orders'::regclass "
                    + "AND attname = 'public_id'")).containsExactly("true");
            assertThat(Fixtures.helperObjects(c)).isEmpty();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}: add-column")
    @MethodSource("majors")
    void addColumn_killedAfterEachStep(int major) throws Exception {
        killedAfterEachStep(major, InPlaceRecipesIT::addColumn, c -> {
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE public_id IS NULL")).isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) - count(DISTINCT public_id) FROM orders")).isZero();
        });
    }

    @ParameterizedTest(name = "PostgreSQL {0}: add-foreign-key")
    @MethodSource("majors")
    void addForeignKey_killedAfterEachStep(int major) throws Exception {
        killedAfterEachStep(major, InPlaceRecipesIT::addForeignKey, c -> assertThat(Fixtures.strings(c,
                "SELECT convalidated::text || confdeltype::text FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'"))
                .containsExactly("truer"));
    }

    @ParameterizedTest(name = "PostgreSQL {0}: add-not-null --strategy in-place --fill")
    @MethodSource("majors")
    void addNotNullInPlace_killedAfterEachStep(int major) throws Exception {
        killedAfterEachStep(major, InPlaceRecipesIT::addNotNullInPlace, c -> {
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
            assertThat(Fixtures.strings(c, "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'orders'::regclass "
                    + "AND attname = 'status'")).containsExactly("true");
        });
    }

    @org.junit.jupiter.api.Test
    void aBackfillStoppedBetweenBatchesResumesAtItsCheckpoint_andWaitsOutARowLockInShortRetries() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            schema(d);
            StopSignal stop = new StopSignal();
            AtomicLong batches = new AtomicLong();
            Hooks stopAfterThree = new Hooks() {
                @Override
                public void inCopyBatch(Connection tx, long fromPage, long toPage) {
                    if (batches.incrementAndGet() == 3) {
                        stop.request("test: --max-runtime reached");
                    }
                }
            };
            Throwable t = catchThrowable(() -> new Engine(db, tuning(), SwapOptions.DEFAULT, Clock.SYSTEM, stop,
                    stopAfterThree).run(addColumn()));
            assertThat(t).isInstanceOf(PgSwapException.class);
            assertThat(((PgSwapException) t).exitCode()).isEqualTo(ExitCode.STOPPED);
            assertThat(t).hasMessageContaining("rerun the same command to resume");
            assertThat(Fixtures.strings(c, "SELECT phase || ' ' || (copy_next_page > 0 AND copy_next_page < copy_end_page)"
                    + " || ' ' || rows_copied FROM pgswap.migrations")).containsExactly("backfill true "
                    + Fixtures.count(c, "SELECT count(public_id) FROM orders"));
            long filled = Fixtures.count(c, "SELECT count(public_id) FROM orders");
            assertThat(filled).isPositive().isLessThan(ROWS);

            // an application transaction keeps a row of the first batch locked for longer than lock_timeout
            d.execute("UPDATE pgswap.migrations SET copy_next_page = 0"); // go over the first pages again
            try (Connection holder = d.connect()) {
                holder.setAutoCommit(false);
                try (Statement st = holder.createStatement()) {
                    st.execute("SELECT * FROM orders WHERE ctid >= '(0,0)' AND ctid < '(1,0)' FOR UPDATE");
                }
                Thread release = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                        holder.commit();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                release.start();
                long start = System.nanoTime();
                Result r = run(db, addColumn(), Hooks.NONE);
                long took = (System.nanoTime() - start) / 1_000_000;
                release.join();
                assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
                assertThat(r.stepMillis()).doesNotContainKey("add").containsKeys("backfill", "validate");
                assertThat(took).as("the batch waited for the row lock in retries").isGreaterThanOrEqualTo(1000);
            }
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE public_id IS NULL")).isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) - count(DISTINCT public_id) FROM orders")).isZero();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void onPostgres18ANotValidNotNullConstraintIsValidatedInPlaceUnderItsOwnName(int major) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(major >= 18, "NOT NULL ... NOT VALID is PostgreSQL 18+");
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            schema(d);
            d.execute("UPDATE orders SET status = 'x' WHERE status IS NULL; "
                    + "ALTER TABLE orders ADD CONSTRAINT status_required NOT NULL status NOT VALID");
            // the catalog already calls the column NOT NULL; pg_constraint says it is not validated
            assertThat(Fixtures.strings(c, "SELECT a.attnotnull::text || ' ' || k.convalidated::text FROM pg_attribute a "
                    + "JOIN pg_constraint k ON k.conrelid = a.attrelid AND k.conkey[1] = a.attnum AND k.contype = 'n' "
                    + "WHERE a.attrelid = 'orders'::regclass AND a.attname = 'status'")).containsExactly("true false");
            Request<?> plain = Request.of(new AddNotNull(), new AddNotNull.Args(new Target(null, "orders"), "status", null));
            Result r = run(db, plain, Hooks.NONE);
            assertThat(r.recipe()).isEqualTo("in-place");
            assertThat(Fixtures.strings(c, "SELECT steps_done::text FROM pgswap.migrations"))
                    .containsExactly("{constrain:found,validate}");
            assertThat(Fixtures.strings(c, "SELECT conname || ' ' || convalidated::text FROM pg_constraint WHERE "
                    + "conrelid = 'orders'::regclass AND contype = 'n' AND conkey = ARRAY[(SELECT attnum FROM pg_attribute "
                    + "WHERE attrelid = 'orders'::regclass AND attname = 'status')]")).containsExactly("status_required true");
            Throwable again = catchThrowable(() -> run(db, plain, Hooks.NONE));
            assertThat(((PgSwapException) again).exitCode()).isEqualTo(ExitCode.OK);
            assertThat(again).hasMessageContaining("already NOT NULL");
        }
    }

    interface Check {
        void check(Connection c) throws Exception;
    }

    /**
     * For every step but the last: a run killed right after it (the step committed, the next not
     * begun) leaves a table the application uses without an error and whose data equals the
     * oracle, with the state row at the next step and naming what is left; abort then restores
     * the catalog exactly. Finally a run killed after its first step is run again and finishes
     * from the second.
     */
    private void killedAfterEachStep(int major, Supplier<Request<?>> request, Check done) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            schema(d);
            List<String> before = CatalogDescription.of(c, "orders");
            List<String> steps = new Engine(db, tuning(), SwapOptions.DEFAULT, Clock.SYSTEM, new StopSignal(), Hooks.NONE)
                    .plan(request.get()).steps().stream().map(PlanStep::name).toList();
            assertThat(steps.size()).isGreaterThan(1);
            try (Workload load = new Workload(d, 3, ROWS).start()) {
                load.awaitCommits(100);
                for (int i = 0; i < steps.size() - 1; i++) {
                    String step = steps.get(i);
                    Throwable t = catchThrowable(() -> run(db, request.get(), killedAfter(step)));
                    assertThat(t).as("run killed after " + step).isInstanceOf(PgSwapException.class)
                            .hasMessageContaining("killed after " + step);
                    load.awaitCommits(100);
                    assertThat(load.errors).as("application errors with the table as " + step + " left it").isEmpty();
                    assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations WHERE phase NOT IN "
                            + "('done', 'aborted')")).as("state after " + step).containsExactly(steps.get(i + 1));
                    assertThat(Fixtures.strings(c, "SELECT cardinality(pending)::text FROM pgswap.migrations WHERE "
                            + "phase NOT IN ('done', 'aborted')")).as("what " + step + " leaves, recorded")
                            .containsExactly("1");
                    assertThat(Aborter.forTable(c, new Target(null, "orders"), false, Clock.SYSTEM, tuning())).hasSize(1);
                    load.awaitCommits(50);
                    assertThat(CatalogDescription.diff(before, CatalogDescription.of(c, "orders")))
                            .as("catalog after abort following " + step).isEmpty();
                    assertThat(Fixtures.helperObjects(c)).as("pgswap objects after abort following " + step).isEmpty();
                }
                Throwable t = catchThrowable(() -> run(db, request.get(), killedAfter(steps.get(0))));
                assertThat(t).isInstanceOf(PgSwapException.class);
                load.awaitCommits(100);
                Result again = run(db, request.get(), Hooks.NONE);
                assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
                assertThat(again.stepMillis()).doesNotContainKey(steps.get(0)).containsKey(steps.get(steps.size() - 1));
                load.awaitCommits(200);
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
            }
            assertThat(Fixtures.difference(c, DATA + "orders", DATA + "orders_oracle")).isZero();
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            done.check(c);
        }
    }

    private static Hooks killedAfter(String step) {
        return new Hooks() {
            @Override
            public void afterStep(String s) {
                if (s.equals(step)) {
                    throw new IllegalStateException("killed after " + step);
                }
            }
        };
    }

    /**
     * The application's own writes of the new column, to reserved rows that existed before the
     * migration: an explicit value (recorded in app_values in the same transaction), or an
     * update of another column (which the fill trigger gives its own value while the backfill has
     * not reached the row).
     */
    static final class AppWriter implements AutoCloseable {
        private final TestDatabase.Database db;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;
        final AtomicLong explicit = new AtomicLong();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

        AppWriter(TestDatabase.Database db) {
            this.db = db;
        }

        AppWriter start() {
            thread = new Thread(this::loop, "app-writer");
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        private void loop() {
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (running.get()) {
                    long id = RESERVED + r.nextLong(1, 1001);
                    try {
                        if (r.nextBoolean()) {
                            UUID v = UUID.randomUUID();
                            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET public_id = ? WHERE id = ?")) {
                                ps.setObject(1, v);
                                ps.setLong(2, id);
                                ps.executeUpdate();
                            }
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_values VALUES (?, ?) "
                                    + "ON CONFLICT (id) DO UPDATE SET v = excluded.v")) {
                                ps.setLong(1, id);
                                ps.setObject(2, v);
                                ps.executeUpdate();
                            }
                            c.commit();
                            explicit.incrementAndGet();
                        } else {
                            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET note = 'app' WHERE id = ?")) {
                                ps.setLong(1, id);
                                ps.executeUpdate();
                            }
                            try (PreparedStatement ps = c.prepareStatement("UPDATE orders_oracle SET note = 'app' WHERE id = ?")) {
                                ps.setLong(1, id);
                                ps.executeUpdate();
                            }
                            c.commit();
                        }
                    } catch (SQLException e) {
                        c.rollback();
                        if (!"42703".equals(e.getSQLState())) { // the column is not there yet
                            errors.add(e.getSQLState() + " " + e.getMessage());
                        }
                        Thread.sleep(5);
                    }
                }
            } catch (SQLException | InterruptedException e) {
                errors.add("connection: " + e.getMessage());
            }
        }

        void awaitWrites(long n) throws InterruptedException {
            long target = explicit.get() + n;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (explicit.get() < target && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(30_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
