package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pgswap.ExitCode;
import io.pgswap.KeptFailure;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.db.Db;
import io.pgswap.engine.Aborter;
import io.pgswap.engine.Engine;
import io.pgswap.engine.Result;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checksum before the swap: it passes under the oracle write load (on every major), and a
 * shadow row corrupted after the copy (a fault the replay cannot explain) stops the run before the
 * swap with the key in the message, the original intact and the helper objects kept until
 * {@code pgswap abort}.
 */
class ChecksumIT {
    static final int ROWS = 40_000;
    static final SwapOptions CHECKSUM = new SwapOptions(false, false, false, true, null);
    static final String COLS = "id, customer_id, coalesce(status, 'unknown'), amount, created_at, note";

    static List<Integer> majors() {
        return TestDatabase.majors();
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A hook that, right after the copy, changes one shadow row the workload never touches. */
    static Hooks corruptAfterCopy(Connection c, String sql) {
        return new Hooks() {
            @Override
            public void afterStep(String step) throws SQLException {
                if (step.equals("copy")) {
                    exec(c, sql);
                }
            }
        };
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void theChecksumPassesUnderTheOracleWriteLoad(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect()) {
            Fixtures.createOrders(d, ROWS);
            Engine first;
            Engine second;
            try (Workload load = new Workload(d, 4, ROWS).start(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.awaitCommits(200);
                first = new Engine(db, Fixtures.tuning(), CHECKSUM, Clock.SYSTEM, new StopSignal(), Hooks.NONE);
                Result r = first.run(Fixtures.addNotNull("status", "unknown"));
                load.writeNulls = false;
                load.awaitCommits(200);
                second = new Engine(db, Fixtures.tuning(), CHECKSUM, Clock.SYSTEM, new StopSignal(), Hooks.NONE);
                Result r2 = second.run(Fixtures.repack("orders"));
                load.awaitCommits(100);
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
                assertThat(r.stepMillis()).containsKey("checksum");
                assertThat(r2.outcome()).isEqualTo("swapped");
            }
            // every row of the original was compared (the table grew while the copy ran)
            assertThat(first.progress().rowsChecksummed()).isGreaterThanOrEqualTo(ROWS);
            assertThat(second.progress().rowsChecksummed()).isGreaterThanOrEqualTo(ROWS);
            assertThat(Fixtures.difference(c, "SELECT " + COLS + " FROM orders", "SELECT " + COLS + " FROM orders_oracle"))
                    .as("rows differing from the oracle").isZero();
            assertThat(Fixtures.helperObjects(c)).isEmpty();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aShadowRowCorruptedAfterTheCopyStopsTheSwap_namingTheKey_andKeepsTheHelpers(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect()) {
            Fixtures.createOrders(d, ROWS);
            List<String> before = Fixtures.describe(c, "orders");
            long victim = ROWS - 7; // the workload only touches ids up to ROWS / 2
            KeptFailure e;
            try (Workload load = new Workload(d, 3, ROWS / 2).start(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.awaitCommits(100);
                e = catchThrowableOfType(() -> Fixtures.run(db, Fixtures.addNotNull("status", "unknown"),
                        Fixtures.tuning(), CHECKSUM, new StopSignal(), corruptAfterCopy(c,
                                "UPDATE pgswap_shadow_1 SET note = 'corrupted' WHERE id = " + victim)), KeptFailure.class);
                load.awaitCommits(100);
                load.stop();
                assertThat(load.errors).isEmpty();
            }
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(e.getMessage()).contains("(id)=(" + victim + ")").contains("kept for inspection")
                    .contains("pgswap abort public.orders").doesNotContain("rerun");
            // the original is untouched and still written to; the helpers are all there
            assertThat(Fixtures.describe(c, "orders")).isEqualTo(before);
            assertThat(Fixtures.difference(c, "SELECT * FROM orders", "SELECT * FROM orders_oracle")).isZero();
            assertThat(Fixtures.helperObjects(c)).contains("table pgswap_shadow_1", "log log_1", "trigger pgswap_capture_1",
                    "function capture_1");
            assertThat(Fixtures.strings(c, "SELECT phase || ' ' || left(last_error, 30) FROM pgswap.migrations"))
                    .containsExactly("checksum checksum before the swap of pu");
            try (Connection a = d.connect()) {
                assertThat(Aborter.forTable(a, new Target(null, "orders"), false, Clock.SYSTEM, Fixtures.tuning()))
                        .hasSize(1);
            }
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(Fixtures.describe(c, "orders")).isEqualTo(before);
        }
    }

    @Test
    void aMissingAndAnExtraShadowRowAreBothNamed() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            KeptFailure e = catchThrowableOfType(() -> Fixtures.run(db, Fixtures.repack("orders"), Fixtures.tuning(),
                    CHECKSUM, new StopSignal(), corruptAfterCopy(c, "DELETE FROM pgswap_shadow_1 WHERE id = 5;"
                            + " INSERT INTO pgswap_shadow_1 SELECT -6, customer_id, status, amount, created_at, note"
                            + " FROM pgswap_shadow_1 WHERE id = 6")), KeptFailure.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("2 key(s) still differ").contains("(id)=(-6)").contains("(id)=(5)");
        }
    }

    /** A run that stopped in sync (--no-swap), then one with --checksum: the comparison runs before that swap. */
    @Test
    void checksumAskedForWhenResumingAtTheSwap_runsBeforeIt() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            Result parked = Fixtures.run(db, Fixtures.repack("orders"), Fixtures.tuning(),
                    new SwapOptions(true, false, false, null, null), new StopSignal(), Hooks.NONE);
            assertThat(parked.outcome()).isEqualTo("synced");
            exec(c, "UPDATE pgswap_shadow_1 SET amount = -1 WHERE id = 42"); // what the comparison must catch
            KeptFailure e = catchThrowableOfType(() -> Fixtures.run(db, Fixtures.repack("orders"), Fixtures.tuning(),
                    CHECKSUM, new StopSignal(), Hooks.NONE), KeptFailure.class);
            assertThat(e).as("the swap after --no-swap compared first").isNotNull();
            assertThat(e.getMessage()).contains("(id)=(42)");
        }
    }

    /**
     * A key that differs in the pass but is in the log when it is compared again is left out (its
     * replay is still due): the swap drains it, and the table equals the oracle.
     */
    @Test
    void aDifferingKeyThatTheLogNamesIsLeftOutAndReplayedByTheSwap() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            AtomicReference<List<String>> seen = new AtomicReference<>();
            Hooks hooks = new Hooks() {
                @Override
                public void afterStep(String step) throws SQLException {
                    if (step.equals("copy")) {
                        exec(c, "UPDATE pgswap_shadow_1 SET amount = -1 WHERE id = 77");
                    }
                }

                @Override
                public void beforeChecksumRecheck(List<String> keys) throws SQLException {
                    seen.set(keys);
                    exec(c, "BEGIN; UPDATE orders SET note = 'app' WHERE id = 77;"
                            + " UPDATE orders_oracle SET note = 'app' WHERE id = 77; COMMIT");
                }
            };
            Result r = Fixtures.run(db, Fixtures.repack("orders"), Fixtures.tuning(), CHECKSUM, new StopSignal(), hooks);
            assertThat(r.outcome()).isEqualTo("swapped");
            assertThat(seen.get()).containsExactly("(id)=(77)");
            assertThat(Fixtures.difference(c, "SELECT * FROM orders", "SELECT * FROM orders_oracle")).isZero();
        }
    }

    /**
     * Three jobs over key ranges cut at sampled keys: a clean pass compares every row exactly once,
     * and changed rows at the start, in the middle and at the end of the key range are all named.
     */
    @Test
    void parallelJobsCompareEveryRowOnceAndFindDifferencesInAnyRange() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            exec(c, "ANALYZE orders");
            io.pgswap.core.Tuning t = Fixtures.tuning();
            io.pgswap.core.Tuning three = new io.pgswap.core.Tuning(t.lockTimeout(), t.lockBudget(), t.swapBudget(),
                    t.maxAttempts(), t.batchTime(), t.batchRows(), t.replayBatch(), t.indexJobs(), t.waitTimeout(),
                    new io.pgswap.core.Pacing(3, 100, 0));
            Engine clean = new Engine(db, three, CHECKSUM, Clock.SYSTEM, new StopSignal(), Hooks.NONE);
            assertThat(clean.run(Fixtures.repack("orders")).outcome()).isEqualTo("swapped");
            assertThat(clean.progress().rowsChecksummed()).isEqualTo(ROWS);
            KeptFailure e = catchThrowableOfType(() -> Fixtures.run(db, Fixtures.repack("orders"), three, CHECKSUM,
                    new StopSignal(), corruptAfterCopy(c, "UPDATE pgswap_shadow_2 SET note = 'x' WHERE id IN (1, "
                            + ROWS / 2 + ", " + ROWS + ")")), KeptFailure.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("3 key(s) still differ").contains("(id)=(1)")
                    .contains("(id)=(" + ROWS / 2 + ")").contains("(id)=(" + ROWS + ")");
        }
    }

    /** Composite keys of several types, chunked: a clean pass swaps, a changed row is named by both key columns. */
    @Test
    void compositeKeysAreChunkedAndNamedByEveryColumn() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            d.execute("""
                    CREATE TABLE "Line Items" (region text COLLATE "C", n int, at timestamptz, doc jsonb, pt point,
                                               PRIMARY KEY (region, n));
                    INSERT INTO "Line Items" SELECT (ARRAY['east', 'west', 'it''s'])[g % 3 + 1], g,
                           timestamptz '2026-01-01' + g * interval '1 minute', jsonb_build_object('g', g), point(g, g)
                    FROM generate_series(1, 25000) g;
                    """);
            io.pgswap.engine.Request<?> repack = Fixtures.repack("Line Items");
            io.pgswap.core.Tuning small = new io.pgswap.core.Tuning(Duration.ofMillis(200), Duration.ofMinutes(2),
                    Duration.ofMinutes(2), 200, Duration.ofMillis(1), 0, 2000, 1, Duration.ofMinutes(10));
            Engine clean = new Engine(db, small, CHECKSUM, Clock.SYSTEM, new StopSignal(), Hooks.NONE);
            assertThat(clean.run(repack).outcome()).isEqualTo("swapped");
            assertThat(clean.progress().rowsChecksummed()).isEqualTo(25000);
            PgSwapException e = catchThrowableOfType(() -> Fixtures.run(db, repack, small, CHECKSUM, new StopSignal(),
                    corruptAfterCopy(c, "UPDATE pgswap_shadow_2 SET pt = point(0, 0) WHERE region = 'it''s' AND n = 5")),
                    KeptFailure.class);
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("(region, n)=(it's, 5)").contains("\"region\" = 'it''s' AND \"n\" = '5'");
        }
    }
}
