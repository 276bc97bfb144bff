package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.ExitCode;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Throttle;
import io.pgswap.db.Db;
import io.pgswap.engine.Engine;
import io.pgswap.engine.Result;
import io.pgswap.retry.Clock;
import io.pgswap.testing.Standby;
import io.pgswap.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Throttling (issue 19): the copy pauses while a real streaming standby's replay falls behind
 * (its replay paused with pg_wal_replay_pause()), while a logical slot holds too much unconfirmed
 * WAL, while a pause file exists and while the user's query says so; it continues when that lifts,
 * and the result equals the oracle written by concurrent writers.
 */
class ThrottleIT {
    static final int ROWS = 100_000;

    /** 15 and 17 by default (each needs its own primary and standby); -Dpgswap.test.throttleMajors=14,15,16,17,18 for more. */
    static Stream<Integer> majors() {
        String list = System.getProperty("pgswap.test.throttleMajors", "15,17");
        return Stream.of(list.split(",")).map(String::trim).filter(v -> !v.isEmpty()).map(Integer::valueOf)
                .filter(TestDatabase.majors()::contains);
    }

    /** Tiny batches, so the copy takes long enough to be paused in the middle. */
    static io.pgswap.core.Tuning slow() {
        return new io.pgswap.core.Tuning(Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofMinutes(2), 200,
                Duration.ofMillis(20), 100, 2000, 1, Duration.ofMinutes(10));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void theCopyPausesWhileTheStandbyLagsAndWhileASlotLags(int major) throws Exception {
        try (Standby standby = Standby.start(major);
             TestDatabase.Database d = standby.primary().createDatabase(); Connection c = d.connect();
             Connection replica = standby.standby(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Workload load = new Workload(d, 2, ROWS).start()) {
                load.awaitCommits(50);
                Engine engine = new Engine(db, slow(), SwapOptions.DEFAULT,
                        new Throttle.Settings(Duration.ofSeconds(1), 64L * 1024 * 1024, null, null), Clock.SYSTEM,
                        new StopSignal(), Hooks.NONE);
                Future<Result> run = pool.submit(() -> engine.run(Fixtures.repack("orders")));
                LongSupplier copied = () -> engine.progress().rowsCopied();
                awaitAbove(copied, 2000, run);

                try (Statement st = replica.createStatement()) {
                    st.execute("SELECT pg_wal_replay_pause()");
                }
                awaitPaused(engine, "standby standby1", run);
                long atPause = copied.getAsLong();
                Thread.sleep(2500);
                assertThat(copied.getAsLong()).as("rows copied while the standby lags").isEqualTo(atPause);
                assertThat(Fixtures.strings(c, "SELECT waiting FROM pgswap.migrations").get(0))
                        .as("status says why").contains("paused: standby standby1");
                try (Statement st = replica.createStatement()) {
                    st.execute("SELECT pg_wal_replay_resume()");
                }
                awaitAbove(copied, atPause + 1000, run);

                // a logical slot that nobody consumes holds back more and more WAL
                d.execute("SELECT pg_create_logical_replication_slot('pgswap_test_slot', 'pgoutput')");
                d.execute("CREATE TABLE wal_filler AS SELECT g, repeat('w', 500) AS w FROM generate_series(1, 200000) g");
                awaitPaused(engine, "logical slot pgswap_test_slot", run);
                long atSlotPause = copied.getAsLong();
                Thread.sleep(1500);
                assertThat(copied.getAsLong()).as("rows copied while the slot lags").isEqualTo(atSlotPause);
                // dropped, not advanced: an advanced slot that nobody consumes fills up again with the
                // WAL of the rest of the copy and of the writers, and on a slow machine pauses the run anew
                d.execute("SELECT pg_drop_replication_slot('pgswap_test_slot')");

                Result r = awaitResult(engine, run);
                assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
                assertThat(engine.progress().throttledNanos()).as("time paused").isGreaterThan(2_000_000_000L);
                load.awaitCommits(50);
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
            } finally {
                pool.shutdownNow();
                d.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots");
            }
            assertThat(Fixtures.difference(c, "SELECT * FROM orders", "SELECT * FROM orders_oracle")).isZero();
        }
    }

    @Test
    void aPauseFileAndAThrottleQueryPauseTheCopyUntilTheyLift(@TempDir Path dir) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            d.execute("CREATE TABLE busy (busy boolean); INSERT INTO busy VALUES (false)");
            Path pause = dir.resolve("pause");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Engine engine = new Engine(db, slow(), SwapOptions.DEFAULT,
                        new Throttle.Settings(null, null, "SELECT busy FROM busy", pause), Clock.SYSTEM,
                        new StopSignal(), Hooks.NONE);
                Future<Result> run = pool.submit(() -> engine.run(Fixtures.addNotNull("status", "x")));
                LongSupplier copied = () -> engine.progress().rowsCopied();
                awaitAbove(copied, 2000, run);
                Files.writeString(pause, "");
                awaitPaused(engine, "the pause file", run);
                long atPause = copied.getAsLong();
                Thread.sleep(1500);
                assertThat(copied.getAsLong()).isEqualTo(atPause);
                Files.delete(pause);
                awaitAbove(copied, atPause + 1000, run);
                d.execute("UPDATE busy SET busy = true");
                awaitPaused(engine, "the throttle query returned true", run);
                d.execute("UPDATE busy SET busy = false");
                assertThat(awaitResult(engine, run).exitCode()).isEqualTo(ExitCode.OK);
            } finally {
                pool.shutdownNow();
            }
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
        }
    }

    @Test
    void aThrottleThatNeverLiftsIsEndedByTheStopSignal_resumable() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 5000);
            StopSignal stop = new StopSignal();
            stop.requestAfter(Duration.ofSeconds(3), "--max-runtime 3 s reached");
            Engine engine = new Engine(db, slow(), SwapOptions.DEFAULT,
                    new Throttle.Settings(null, null, "SELECT true", null), Clock.SYSTEM, stop, Hooks.NONE);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> engine.run(Fixtures.repack("orders")));
            assertThat(t).isInstanceOf(io.pgswap.PgSwapException.class).hasMessageContaining("--max-runtime");
            assertThat(((io.pgswap.PgSwapException) t).exitCode()).isEqualTo(ExitCode.STOPPED);
            try (Connection c = d.connect()) {
                assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("copy");
            }
        }
    }

    @Test
    void aThrottleQueryThatBreaksMidRunKeepsTheMigration_andAResumeChecksItsOwnQuery() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            d.execute("CREATE TABLE busy (busy boolean); INSERT INTO busy VALUES (false); CREATE TABLE tq (n int)");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Engine engine = new Engine(db, slow(), SwapOptions.DEFAULT,
                        new Throttle.Settings(null, null, "SELECT busy FROM busy", null), Clock.SYSTEM,
                        new StopSignal(), Hooks.NONE);
                Future<Result> run = pool.submit(() -> engine.run(Fixtures.repack("orders")));
                awaitAbove(() -> engine.progress().rowsCopied(), 2000, run);
                d.execute("DROP TABLE busy");
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(run::get);
                assertThat(t).hasCauseInstanceOf(io.pgswap.PgSwapException.class);
                io.pgswap.PgSwapException e = (io.pgswap.PgSwapException) t.getCause();
                assertThat(e.exitCode()).as("%s", e.getMessage()).isEqualTo(ExitCode.GAVE_UP);
                assertThat(e.getMessage()).contains("the --throttle-query failed", "relation \"busy\" does not exist",
                        "pgswap resume");
            } finally {
                pool.shutdownNow();
            }
            // the copy so far is kept, helpers and all
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations"))
                    .containsExactly("copy");
            assertThat(Fixtures.helperObjects(c)).isNotEmpty();

            // a resume with a query that writes is refused before it touches the migration, and wrote nothing
            Engine writes = new Engine(db, slow(), SwapOptions.DEFAULT, new Throttle.Settings(null, null,
                    "WITH x AS (INSERT INTO tq VALUES (1) RETURNING 1) SELECT count(*) < 0 FROM x", null),
                    Clock.SYSTEM, new StopSignal(), Hooks.NONE);
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> writes.run(Fixtures.repack("orders")));
            assertThat(refused).isInstanceOf(io.pgswap.PgSwapException.class)
                    .hasMessageContaining("--throttle-query is not usable");
            assertThat(((io.pgswap.PgSwapException) refused).exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM tq")).isZero();
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations"))
                    .containsExactly("copy");

            Engine fixed = new Engine(db, Fixtures.tuning(), SwapOptions.DEFAULT, Throttle.Settings.NONE, Clock.SYSTEM,
                    new StopSignal(), Hooks.NONE);
            assertThat(fixed.run(Fixtures.repack("orders")).exitCode()).isEqualTo(ExitCode.OK);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders")).isEqualTo(ROWS);
            assertThat(Fixtures.helperObjects(c)).isEmpty();
        }
    }

    @Test
    void cleanupLeavesTheCaptureTriggerOfALiveRunAlone_evenWithItsStateRowGone(@TempDir Path dir) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 20_000);
            Path pause = Files.writeString(dir.resolve("pause"), "");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Engine engine = new Engine(db, slow(), SwapOptions.DEFAULT,
                        new Throttle.Settings(null, null, null, pause), Clock.SYSTEM, new StopSignal(), Hooks.NONE);
                Future<Result> run = pool.submit(() -> engine.run(Fixtures.repack("orders")));
                awaitPaused(engine, "the pause file", run);
                d.execute("DELETE FROM pgswap.migrations"); // the row is gone, the run still holds the table
                assertThat(io.pgswap.engine.Cleanup.find(c, null)).as("the live run's trigger, log and shadow").isEmpty();
                Files.delete(pause);
                org.assertj.core.api.Assertions.catchThrowable(run::get); // it fails safely without its row
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void awaitAbove(LongSupplier value, long above, Future<?> run) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (value.getAsLong() <= above) {
            if (run.isDone()) {
                run.get();
                throw new AssertionError("the run ended before copying more than " + above + " rows");
            }
            assertThat(System.currentTimeMillis()).as("time waiting for the copy to pass %d rows", above)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The run's result; a run still going after three minutes fails naming what it waits for. */
    private static Result awaitResult(Engine engine, Future<Result> run) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (!run.isDone()) {
            assertThat(System.currentTimeMillis()).as("time waiting for the run to end; step %s, waiting for: %s",
                    engine.progress().step(), engine.progress().waitingFor()).isLessThan(deadline);
            Thread.sleep(50);
        }
        return run.get();
    }

    private static void awaitPaused(Engine engine, String why, Future<?> run) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (engine.progress().waitingFor() == null || !engine.progress().waitingFor().contains(why)) {
            if (run.isDone()) {
                run.get();
                throw new AssertionError("the run ended before pausing for " + why);
            }
            assertThat(System.currentTimeMillis()).as("time waiting for a pause (%s); waiting for: %s", why,
                    engine.progress().waitingFor()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
