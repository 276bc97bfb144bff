package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.core.Hooks;
import io.pgswap.db.Db;
import io.pgswap.engine.Result;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * add-check, the first in-place operation: under a write load it fails no application
 * transaction and holds ACCESS EXCLUSIVE only to add the NOT VALID constraint, where a plain
 * ADD CONSTRAINT ... CHECK on the same table, in the same run, holds it for its whole scan. A run
 * killed between its two steps continues at VALIDATE when run again; abort removes what it added.
 */
class AddCheckIT {
    static final int ROWS = 200_000;

    static Stream<Integer> majors() {
        return TestDatabase.majors().stream();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void underWritesNoApplicationErrorAndOnlyAMomentUnderAccessExclusive(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect()) {
            Fixtures.createOrders(d, ROWS);
            long plainHold;
            long pgswapHold;
            try (Workload load = new Workload(d, 3, ROWS).start(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.awaitCommits(100);
                try (AccessExclusiveSampler s = new AccessExclusiveSampler(d, "orders")) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET lock_timeout = '10s'");
                        st.execute("ALTER TABLE orders ADD CONSTRAINT plain_check CHECK (amount >= 0 AND customer_id >= 0)");
                        st.execute("ALTER TABLE orders DROP CONSTRAINT plain_check");
                    }
                    plainHold = s.longestMillis();
                }
                load.awaitCommits(100);
                Result r;
                try (AccessExclusiveSampler s = new AccessExclusiveSampler(d, "orders")) {
                    r = Fixtures.run(db, Fixtures.addCheck("orders", "amount_known", "amount >= 0 AND customer_id >= 0"));
                    pgswapHold = s.longestMillis();
                }
                load.awaitCommits(100);
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
                assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
                assertThat(r.recipe()).isEqualTo("in-place");
                assertThat(r.stepMillis()).containsKeys("add", "validate");
            }
            System.out.printf("[AddCheckIT] PG %d: ACCESS EXCLUSIVE held by plain ADD CONSTRAINT %d ms, by pgswap add-check"
                    + " %d ms (sampled every 2 ms)%n", major, plainHold, pgswapHold);
            assertThat(pgswapHold).as("pgswap's longest ACCESS EXCLUSIVE hold, ms").isLessThan(Math.max(50, plainHold));
            assertThat(Fixtures.strings(c, "SELECT convalidated::text FROM pg_constraint WHERE conname = 'amount_known'"))
                    .containsExactly("true");
            assertThat(Fixtures.difference(c, "SELECT * FROM orders", "SELECT * FROM orders_oracle")).isZero();
        }
    }

    @Test
    void aRunKilledBetweenTheStepsContinuesAtValidate_andAbortRemovesOnlyWhatItAdded() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 5000);
            d.execute("ALTER TABLE orders ADD CONSTRAINT users_own CHECK (customer_id >= 0)");
            Hooks killed = new Hooks() {
                @Override
                public void afterStep(String step) {
                    if (step.equals("add")) {
                        throw new IllegalStateException("killed between add and validate");
                    }
                }
            };
            Throwable t = catchThrowable(() -> Fixtures.run(db, Fixtures.addCheck("orders", "amount_known", "amount >= 0"),
                    killed));
            assertThat(t).hasMessageContaining("killed between add and validate");
            assertThat(Fixtures.strings(c, "SELECT phase || ' ' || steps_done::text || ' ' || pending::text "
                    + "FROM pgswap.migrations")).containsExactly("validate {add} {\"NOT VALID CHECK constraint amount_known "
                    + "on public.orders\"}");
            assertThat(Fixtures.strings(c, "SELECT convalidated::text FROM pg_constraint WHERE conname = 'amount_known'"))
                    .containsExactly("false");

            Result again = Fixtures.run(db, Fixtures.addCheck("orders", "amount_known", "amount >= 0"));
            assertThat(again.migrationId()).isEqualTo(1);
            assertThat(again.stepMillis()).containsOnlyKeys("validate");
            assertThat(Fixtures.strings(c, "SELECT convalidated::text FROM pg_constraint WHERE conname = 'amount_known'"))
                    .containsExactly("true");

            // a second migration, stopped after its first step, then aborted: only its constraint goes
            Throwable t2 = catchThrowable(() -> Fixtures.run(db, Fixtures.addCheck("orders", "amount_small",
                    "amount < 1000000"), killed));
            assertThat(t2).isNotNull();
            assertThat(io.pgswap.engine.Aborter.forTable(c, new io.pgswap.core.Target(null, "orders"), false,
                    io.pgswap.retry.Clock.SYSTEM, Fixtures.tuning())).hasSize(1);
            assertThat(Fixtures.strings(c, "SELECT conname FROM pg_constraint WHERE conrelid = 'orders'::regclass "
                    + "AND contype = 'c' ORDER BY 1")).containsExactly("amount_known", "users_own");
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations ORDER BY id"))
                    .containsExactly("done", "aborted");
        }
    }

    /**
     * Samples pg_locks every 2 ms and keeps every unbroken stretch of a granted ACCESS EXCLUSIVE
     * on the tables (one still open when sampling stops is not counted).
     */
    static final class AccessExclusiveSampler implements AutoCloseable {
        private final ExecutorService pool = Executors.newSingleThreadExecutor();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Future<List<Long>> stretches;

        AccessExclusiveSampler(TestDatabase.Database d, String... tables) throws SQLException {
            Connection c = d.connect();
            String relations = String.join(", ", java.util.Arrays.stream(tables).map(t -> "'" + t + "'::regclass")
                    .toList());
            stretches = pool.submit(() -> {
                List<Long> out = new java.util.ArrayList<>();
                long since = -1;
                try (c; Statement st = c.createStatement()) {
                    while (running.get()) {
                        boolean held;
                        try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = "
                                + "'relation' AND relation IN (" + relations + ") AND mode = 'AccessExclusiveLock'"
                                + " AND granted)")) {
                            rs.next();
                            held = rs.getBoolean(1);
                        }
                        long now = System.nanoTime();
                        if (held && since < 0) {
                            since = now;
                        } else if (!held && since >= 0) {
                            out.add((now - since) / 1_000_000);
                            since = -1;
                        }
                        Thread.sleep(2);
                    }
                }
                return out;
            });
        }

        /** Stops sampling; every stretch, in ms, in the order they ended. */
        List<Long> stretches() throws Exception {
            running.set(false);
            return stretches.get();
        }

        long longestMillis() throws Exception {
            return stretches().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        @Override
        public void close() {
            running.set(false);
            pool.shutdownNow();
        }
    }
}
