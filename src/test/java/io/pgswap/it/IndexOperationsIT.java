package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.ExitCode;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.engine.Engine;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.ops.AddIndex;
import io.pgswap.ops.Reindex;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index operations against real servers, on every major: built and rebuilt under the oracle
 * workload with no failed application transaction, no ACCESS EXCLUSIVE and no application session
 * ever waiting on pgswap, and index contents verified by amcheck (and the same query answered
 * through the index and through a sequential scan); a long reader makes the build wait, named in
 * progress, while the application goes on; the first lock request is bounded and retried; a
 * pgswap killed in the middle of a build or a rebuild is finished by running the same command again.
 */
class IndexOperationsIT {
    static final int ROWS = 100_000;

    static Stream<Integer> majors() {
        return TestDatabase.majors().stream();
    }

    private static Request<?> addIndex(String columns, String name, boolean unique, String where) {
        return Request.of(new AddIndex(), new AddIndex.Args(new Target(null, "orders"), columns, name, unique, null,
                where, null));
    }

    private static Request<?> reindex(String index, boolean invalidOnly) {
        return Request.of(new Reindex(), new Reindex.Args(new Target(null, "orders"), index, invalidOnly));
    }

    private static Tuning tuning(Duration lockTimeout) {
        return new Tuning(lockTimeout, Duration.ofMinutes(2), Duration.ofMinutes(2), 200, Duration.ofMillis(100), 0,
                2000, 1, Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void underWritesNoApplicationErrorNoWaitOnPgswapAndTheIndexesAreRight(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, ROWS);
            long accessExclusive;
            List<Result> results = new ArrayList<>();
            try (Workload load = new Workload(d, 3, ROWS).start(); WaitsOnPgswap waits = new WaitsOnPgswap(d)) {
                load.awaitCommits(200);
                try (AddCheckIT.AccessExclusiveSampler s = new AddCheckIT.AccessExclusiveSampler(d, "orders")) {
                    results.add(Fixtures.run(db, addIndex("lower(note), amount", null, false, "note IS NOT NULL")));
                    load.awaitCommits(100);
                    results.add(Fixtures.run(db, addIndex("id, customer_id", "orders_id_customer_key", true, null)));
                    load.awaitCommits(100);
                    results.add(Fixtures.run(db, reindex(null, false)));
                    accessExclusive = s.longestMillis();
                }
                load.awaitCommits(200);
                load.stop();
                assertThat(load.errors).as("failed application transactions").isEmpty();
                assertThat(waits.longestMillis()).as("longest wait of an application session on a pgswap session, ms")
                        .isZero();
                System.out.printf("[IndexOperationsIT] PG %d: %d application transactions, none failed, none waited "
                        + "on pgswap; longest client transaction %d ms%n", major, load.committed.get(),
                        load.maxLatencyMicros.get() / 1000);
            }
            assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(ExitCode.OK));
            assertThat(accessExclusive).as("longest ACCESS EXCLUSIVE on orders, ms").isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_index WHERE indrelid = 'orders'::regclass "
                    + "AND NOT (indisvalid AND indisready)")).isZero();
            assertThat(Fixtures.strings(c, "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE i.indrelid = 'orders'::regclass ORDER BY 1")).containsExactly("orders_created_at_idx",
                    "orders_customer_id_idx", "orders_id_customer_key", "orders_lower_amount_idx", "orders_pkey");
            assertThat(Fixtures.difference(c, "SELECT * FROM orders", "SELECT * FROM orders_oracle")).isZero();
            assertIndexesMatchTheTable(c);
        }
    }

    /** amcheck's bt_index_check with heapallindexed on every B-tree, and index answers equal to sequential scans. */
    static void assertIndexesMatchTheTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
            for (String index : Fixtures.strings(c, "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c "
                    + "ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'orders'::regclass "
                    + "AND a.amname = 'btree'")) {
                st.execute("SELECT bt_index_check('" + index + "'::regclass, true)");
            }
        }
        String q = "SELECT count(*) || ' ' || coalesce(sum(hashtext(lower(note) || amount::text)), 0) FROM orders "
                + "WHERE note IS NOT NULL AND lower(note) >= ''";
        String q2 = "SELECT count(*) || ' ' || coalesce(sum(hashtext(id::text || customer_id::text)), 0) FROM orders "
                + "WHERE id > 0 AND customer_id >= 0";
        for (String query : List.of(q, q2)) {
            String viaIndex = answer(c, query, "SET LOCAL enable_seqscan = off");
            String viaSeqScan = answer(c, query, "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; "
                    + "SET LOCAL enable_indexonlyscan = off");
            assertThat(viaIndex).as(query).isEqualTo(viaSeqScan);
        }
    }

    private static String answer(Connection c, String query, String settings) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(settings);
            try (ResultSet rs = st.executeQuery(query)) {
                rs.next();
                return rs.getString(1);
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aLongReaderMakesTheBuildWaitNamedInProgressWhileTheApplicationGoesOn(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect();
             Connection reader = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 20_000);
            reader.setAutoCommit(false);
            reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long readerPid;
            try (Statement st = reader.createStatement()) {
                st.execute("SELECT count(*) FROM orders");
                readerPid = Fixtures.count(reader, "SELECT pg_backend_pid()");
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Workload load = new Workload(d, 2, 20_000).start(); WaitsOnPgswap waits = new WaitsOnPgswap(d)) {
                load.awaitCommits(50);
                Engine engine = new Engine(db, tuning(Duration.ofMillis(200)), SwapOptions.DEFAULT, Clock.SYSTEM,
                        new StopSignal(), Hooks.NONE);
                Future<Result> build = pool.submit(() -> engine.run(addIndex("customer_id, status", null, false, null)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!String.valueOf(engine.progress().waitingFor()).contains("pid " + readerPid)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                String waitingFor = engine.progress().waitingFor();
                assertThat(waitingFor).as("progress names the reader").contains("pid " + readerPid)
                        .contains("transaction open for").contains("query started");
                assertThat(engine.progress().detail()).as("the build phase").startsWith("waiting for");
                long before = load.committed.get();
                Thread.sleep(1500);
                assertThat(build.isDone()).as("the build waits for the reader").isFalse();
                assertThat(load.committed.get() - before).as("application commits while the build waits")
                        .isGreaterThan(10);
                try (Statement st = c.createStatement()) {
                    st.execute("SET statement_timeout = '2s'");
                    st.execute("UPDATE orders SET amount = amount WHERE id = 5");
                    st.execute("SELECT count(*) FROM orders WHERE customer_id = 3");
                }
                reader.commit();
                Result r = build.get(60, TimeUnit.SECONDS);
                assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
                load.stop();
                assertThat(load.errors).isEmpty();
                assertThat(waits.longestMillis()).as("longest wait of an application session on pgswap, ms").isZero();
            } finally {
                pool.shutdownNow();
            }
            assertThat(Fixtures.strings(c, "SELECT (indisvalid AND indisready)::text FROM pg_index "
                    + "WHERE indexrelid = 'orders_customer_id_status_idx'::regclass")).containsExactly("true");
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void theFirstLockRequestIsBoundedByTheLockTimeoutAndRetried(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection holder = d.connect();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 5000);
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE orders IN SHARE MODE"); // a plain CREATE INDEX, say
            }
            Duration lockTimeout = Duration.ofMillis(1500);
            CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(4000);
                    holder.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long longestQueued;
            Result r;
            long start = System.nanoTime();
            try (QueuedRequests queued = new QueuedRequests(d)) {
                r = Fixtures.run(db, addIndex("customer_id, amount", null, false, null), tuning(lockTimeout),
                        SwapOptions.DEFAULT, new StopSignal(), Hooks.NONE);
                longestQueued = queued.longestMillis();
            }
            release.get(10, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("[IndexOperationsIT] PG %d: first lock queued at most %d ms (lock timeout %d ms), "
                    + "built after the holder left, in %d ms%n", major, longestQueued, lockTimeout.toMillis(), tookMillis);
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(longestQueued).as("longest wait of pgswap's lock request in the queue, ms")
                    .isGreaterThan(lockTimeout.toMillis() / 2).isLessThan(lockTimeout.toMillis() + 400);
            assertThat(tookMillis).as("it finished after the holder had gone").isGreaterThan(3900);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_index WHERE indrelid = 'orders'::regclass "
                    + "AND NOT indisvalid")).isZero();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void aPgswapKilledMidBuildOrMidRebuildIsFinishedByTheSameCommand(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect();
             Connection writer = d.connect()) {
            Fixtures.createOrders(d, 20_000);
            Map<String, String> env = d.libpqEnv();
            // 1. killed while the build waits for a writer: the INVALID index it created stays, the server cancels the build
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                st.execute("UPDATE orders SET amount = amount WHERE id = 1");
            }
            List<String> build = List.of("add-index", "orders", "status, amount");
            Process p = start(env, build);
            awaitPhase(c, "waiting for writers before build");
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            awaitNoPgswapSession(c);
            assertThat(Fixtures.strings(c, "SELECT (indisvalid OR indisready)::text FROM pg_index "
                    + "WHERE indexrelid = 'orders_status_amount_idx'::regclass")).containsExactly("false");
            assertThat(Fixtures.strings(c, "SELECT phase || ' ' || pending::text FROM pgswap.migrations"))
                    .singleElement().asString().startsWith("build {\"INVALID index public.orders_status_amount_idx");
            writer.commit();
            Run again = run(env, build);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.err()).contains("resuming migration #1")
                    .contains("dropping the INVALID index public.orders_status_amount_idx left by an earlier attempt");
            assertThat(Fixtures.strings(c, "SELECT (indisvalid AND indisready)::text FROM pg_index "
                    + "WHERE indexrelid = 'orders_status_amount_idx'::regclass")).containsExactly("true");
            assertThat(Fixtures.strings(c, "SELECT phase || ' ' || pending::text FROM pgswap.migrations WHERE id = 1"))
                    .containsExactly("done {}");

            // 2. killed after the build, while it waits for an old snapshot: the index is ready (maintained) but INVALID
            writer.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = writer.createStatement()) {
                st.execute("SELECT count(*) FROM orders");
            }
            List<String> second = List.of("add-index", "orders", "note", "--name", "orders_note");
            p = start(env, second);
            awaitPhase(c, "waiting for old snapshots");
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            awaitNoPgswapSession(c);
            assertThat(Fixtures.strings(c, "SELECT indisvalid || ' ' || indisready FROM pg_index "
                    + "WHERE indexrelid = 'orders_note'::regclass")).containsExactly("false true");
            writer.commit();
            again = run(env, second);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(Fixtures.strings(c, "SELECT (indisvalid AND indisready)::text FROM pg_index "
                    + "WHERE indexrelid = 'orders_note'::regclass")).containsExactly("true");

            // 3. reindex killed after its swap, while it waits for a reader of the old index: the old copy is left
            Connection reader = d.connect(); // READ COMMITTED, idle in its transaction: locks held, no snapshot
            reader.setAutoCommit(false);
            try (Statement st = reader.createStatement()) {
                st.execute("SET enable_seqscan = off");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM orders WHERE customer_id = 5")) {
                    rs.next();
                }
                st.execute("SET application_name = 'reader'"); // drops the SELECT's portal, and its snapshot with it
            }
            List<String> rebuild = List.of("reindex", "orders", "--index", "orders_customer_id_idx");
            p = start(env, rebuild);
            awaitPhase(c, "waiting for readers before marking dead");
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            awaitNoPgswapSession(c);
            assertThat(Fixtures.strings(c, "SELECT c.relname || ' ' || i.indisvalid FROM pg_index i JOIN pg_class c "
                    + "ON c.oid = i.indexrelid WHERE c.relname LIKE 'orders_customer_id_idx%' ORDER BY 1"))
                    .containsExactly("orders_customer_id_idx true", "orders_customer_id_idx_ccold false");
            reader.commit();
            reader.close();
            again = run(env, rebuild);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.err()).contains("dropping the old copy public.orders_customer_id_idx_ccold")
                    .contains("the interrupted run had rebuilt public.orders_customer_id_idx already");
            assertThat(Fixtures.strings(c, "SELECT c.relname FROM pg_class c WHERE c.relname LIKE '%\\_cc%'")).isEmpty();
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations ORDER BY id"))
                    .containsExactly("done", "done", "done");
            assertIndexesMatchTheTable(c);
        }
    }

    private static void awaitPhase(Connection c, String phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Fixtures.count(c, "SELECT count(*) FROM pg_stat_progress_create_index WHERE phase = '" + phase + "'") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no build reached '" + phase + "' within 60 s: " + Fixtures.strings(c,
                "SELECT p.phase || ' ' || a.query FROM pg_stat_progress_create_index p JOIN pg_stat_activity a USING (pid)")
                + Fixtures.strings(c, "SELECT phase || ' ' || coalesce(last_error, '') FROM pgswap.migrations"));
    }

    /** The server notices the dead client (client_connection_check_interval) and cancels its statement. */
    private static void awaitNoPgswapSession(Connection c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Fixtures.count(c, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgswap'") > 0) {
            assertThat(System.nanoTime()).as("the killed pgswap's sessions are gone within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    record Run(int exit, String err) {
    }

    private static Process start(Map<String, String> env, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("scripts/pgswap").toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static Run run(Map<String, String> env, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of("scripts/pgswap").toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path err = Files.createTempFile("pgswap-err", ".txt");
        try {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("pgswap " + args + " did not finish within 120 s");
            }
            return new Run(p.exitValue(), Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Samples every few ms: the longest stretch an application session waited on a lock a pgswap session holds or queues for. */
    static final class WaitsOnPgswap extends Sampler {
        WaitsOnPgswap(TestDatabase.Database d) throws SQLException {
            super(d, """
                    SELECT EXISTS (SELECT 1 FROM pg_stat_activity a
                                   WHERE a.datname = current_database() AND a.application_name <> 'pgswap'
                                     AND a.backend_type = 'client backend' AND a.wait_event_type = 'Lock'
                                     AND EXISTS (SELECT 1 FROM unnest(pg_blocking_pids(a.pid)) b
                                                 JOIN pg_stat_activity p ON p.pid = b
                                                 WHERE p.application_name = 'pgswap'))""");
        }
    }

    /** The longest stretch a pgswap session's lock request waited (not granted) on orders. */
    static final class QueuedRequests extends Sampler {
        QueuedRequests(TestDatabase.Database d) throws SQLException {
            super(d, """
                    SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                                   WHERE a.application_name = 'pgswap' AND l.locktype = 'relation'
                                     AND l.relation = 'orders'::regclass AND NOT l.granted)""");
        }
    }

    /** Polls a boolean query every 5 ms and keeps the longest unbroken stretch it was true. */
    abstract static class Sampler implements AutoCloseable {
        private final ExecutorService pool = Executors.newSingleThreadExecutor();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Future<Long> longest;

        Sampler(TestDatabase.Database d, String query) throws SQLException {
            Connection c = d.connect();
            longest = pool.submit(() -> {
                long best = 0;
                long since = -1;
                try (c; Statement st = c.createStatement()) {
                    while (running.get()) {
                        boolean on;
                        try (ResultSet rs = st.executeQuery(query)) {
                            rs.next();
                            on = rs.getBoolean(1);
                        }
                        long now = System.nanoTime();
                        if (on && since < 0) {
                            since = now;
                        } else if (!on && since >= 0) {
                            best = Math.max(best, (now - since) / 1_000_000);
                            since = -1;
                        }
                        Thread.sleep(5);
                    }
                    if (since >= 0) {
                        best = Math.max(best, (System.nanoTime() - since) / 1_000_000);
                    }
                }
                return best;
            });
        }

        long longestMillis() throws Exception {
            running.set(false);
            return longest.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            running.set(false);
            pool.shutdownNow();
        }
    }
}
