package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.db.Db;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Tuning;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test (at least) per invariant of DESIGN.md, each arranged so that breaking the invariant
 * makes it fail. Runs on the default PostgreSQL major; MigrationUnderLoadIT covers all majors.
 */
class InvariantsIT extends OrdersDatabase {
    Result run(Request<?> request, Hooks hooks) throws SQLException {
        return Fixtures.run(db, request, hooks);
    }

    Result run(Request<?> request, Tuning tuning, Hooks hooks) throws SQLException {
        return Fixtures.run(db, request, tuning, SwapOptions.DEFAULT, new StopSignal(), hooks);
    }

    /** Tuning as the tests need it (lock timeout, swap budget, attempts, batch time, batch rows, replay batch, jobs). */
    static Tuning tuning(Duration lock, Duration budget, int attempts, Duration batchTime, long batchRows, int replay,
                         int jobs) {
        return new Tuning(lock, Duration.ofMinutes(1), budget, attempts, batchTime, batchRows, replay, jobs,
                Duration.ofMinutes(10));
    }

    void exec(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    long matchesOracle() throws SQLException {
        return Fixtures.difference(c, "SELECT " + ALL + " FROM orders", "SELECT " + ALL + " FROM orders_oracle");
    }

    /** Writes to orders and the oracle in one transaction, as the application would. */
    void both(Connection conn, String sql) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        exec(conn, sql.replace("@T", "orders"));
        exec(conn, sql.replace("@T", "orders_oracle"));
        conn.commit();
        conn.setAutoCommit(auto);
    }

    @Test
    void i1_nothingLostNothingResurrected_underWriters() throws Exception {
        try (Workload load = new Workload(d, 3, ROWS).start()) {
            load.awaitCommits(100);
            run(Fixtures.repack("orders"), Hooks.NONE);
            load.awaitCommits(100);
            load.stop();
            assertThat(load.errors).isEmpty();
        }
        assertThat(matchesOracle()).isZero();
    }

    @Test
    void i2_logRowsAreConsumedByIdentity_aLowerIdCommittedLateIsNotLost() throws Exception {
        try (Connection a = d.connect(); Connection b = d.connect()) {
            a.setAutoCommit(false);
            AtomicBoolean committedA = new AtomicBoolean();
            Hooks hooks = new Hooks() {
                @Override
                public void afterStep(String phase) throws SQLException {
                    if (phase.equals("copy")) {
                        // A takes the lower log id and stays open; B takes a higher one and commits
                        exec(a, "INSERT INTO orders (id, customer_id, status, amount) VALUES (-1, 1, 'a', 1)");
                        exec(a, "INSERT INTO orders_oracle (id, customer_id, status, amount, created_at)"
                                + " SELECT id, customer_id, status, amount, created_at FROM orders WHERE id = -1");
                        both(b, "INSERT INTO @T (id, customer_id, status, amount, created_at)"
                                + " VALUES (-2, 2, 'b', 2, '2026-01-01')");
                    }
                }

                @Override
                public void inReplayBatch(Connection tx, long consumed) throws SQLException {
                    // the batch has read B's row but not A's; A commits before the batch does
                    if (consumed > 0 && committedA.compareAndSet(false, true)) {
                        a.commit();
                    }
                }
            };
            run(Fixtures.repack("orders"), hooks);
            assertThat(committedA).isTrue();
        }
        assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE id IN (-1, -2)")).isEqualTo(2);
        assertThat(matchesOracle()).isZero();
    }

    @Test
    void i3_lastWritePerKeyWins_andKeyUpdatesMoveTheRow() throws Exception {
        Hooks hooks = new Hooks() {
            @Override
            public void afterStep(String phase) throws SQLException {
                if (phase.equals("copy")) {
                    // all of these land in one replay batch
                    for (String s : List.of("first", "second", "third")) {
                        both(c, "UPDATE @T SET status = '" + s + "' WHERE id = 10");
                    }
                    both(c, "UPDATE @T SET id = 500000 WHERE id = 11");
                    both(c, "UPDATE @T SET status = 'moved' WHERE id = 500000");
                    both(c, "UPDATE @T SET id = 11 WHERE id = 12");
                    both(c, "DELETE FROM @T WHERE id = 13");
                    both(c, "INSERT INTO @T (id, customer_id, status, amount, created_at)"
                            + " VALUES (13, 7, 'reborn', 9, '2026-02-02')");
                    both(c, "DELETE FROM @T WHERE id = 14");
                }
            }
        };
        run(Fixtures.repack("orders"), hooks);
        assertThat(matchesOracle()).isZero();
        assertThat(Fixtures.strings(c, "SELECT status FROM orders WHERE id = 10")).containsExactly("third");
        assertThat(Fixtures.strings(c, "SELECT status FROM orders WHERE id = 13")).containsExactly("reborn");
    }

    /**
     * I3 with a secondary unique index: the application swaps two rows' unique codes through a
     * temporary value (three updates in one transaction, so no statement sees a duplicate). A replay
     * batch that ends inside that transaction re-inserts the first row's current image, which holds
     * the code the second row still has in the shadow: a unique violation on the shadow that a retry
     * of the same batch meets again. The batch must take more of the log until the rest of the
     * transaction is in it.
     */
    @Test
    void i3_aReplayBatchThatEndsInsideATransactionSwappingUniqueValuesStillApplies() throws Exception {
        exec(c, "CREATE TABLE u (id int PRIMARY KEY, code int NOT NULL UNIQUE)");
        exec(c, "INSERT INTO u SELECT g, g FROM generate_series(1, 2000) g");
        Hooks hooks = new Hooks() {
            @Override
            public void afterStep(String phase) throws SQLException {
                if (phase.equals("indexes")) { // the shadow has its unique index now; the replay comes next
                    c.setAutoCommit(false);
                    for (int a = 1; a <= 40; a += 2) {
                        int b = a + 1000;
                        exec(c, "UPDATE u SET code = -" + a + " WHERE id = " + a);
                        exec(c, "UPDATE u SET code = " + a + " WHERE id = " + b);
                        exec(c, "UPDATE u SET code = " + b + " WHERE id = " + a);
                    }
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
        };
        // batches of 1 and 2 log rows: every batch boundary falls inside the transaction somewhere
        for (int replay : new int[] {1, 2}) {
            Result r = run(Fixtures.repack("u"), tuning(Duration.ofMillis(200), Duration.ofMinutes(1), 50,
                    Duration.ofMillis(100), 0, replay, 1), hooks);
            assertThat(r.exitCode()).as("replay batch %d", replay).isEqualTo(ExitCode.OK);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM u WHERE id <= 40 AND id % 2 = 1 AND code = id + 1000"))
                    .as("rows that took their partner's code, replay batch %d", replay).isEqualTo(20);
            exec(c, "DROP TABLE " + r.oldTable());
            exec(c, "UPDATE u SET code = -id"); // the codes as they were, for the next round (in two steps:
            exec(c, "UPDATE u SET code = id"); // a unique index is checked row by row)
        }
    }

    @Test
    void i4_aRowDeletedWhileACopyBatchHoldsItIsNotResurrected() throws Exception {
        try (Connection other = d.connect()) {
            AtomicBoolean done = new AtomicBoolean();
            Hooks hooks = new Hooks() {
                @Override
                public void inCopyBatch(Connection tx, long fromPage, long toPage) throws SQLException {
                    // the batch has copied page 0 (ids 1..) but not committed; the row dies meanwhile
                    if (fromPage == 0 && done.compareAndSet(false, true)) {
                        both(other, "DELETE FROM @T WHERE id IN (1, 2, 3)");
                        both(other, "UPDATE @T SET status = 'late' WHERE id = 4");
                    }
                }
            };
            run(Fixtures.repack("orders"), tuning(Duration.ofMillis(200), Duration.ofMinutes(1), 50, Duration.ofMillis(100), 500, 1000, 1), hooks);
            assertThat(done).isTrue();
        }
        assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE id IN (1, 2, 3)")).isZero();
        assertThat(Fixtures.strings(c, "SELECT status FROM orders WHERE id = 4")).containsExactly("late");
        assertThat(matchesOracle()).isZero();
    }

    @Test
    void i5_theSwapDrainsWritesThatArriveJustBeforeIt() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Hooks hooks = new Hooks() {
            @Override
            public void beforeSwapAttempt(int attempt) throws SQLException {
                attempts.incrementAndGet();
                both(c, "INSERT INTO @T (id, customer_id, status, amount, created_at)"
                        + " SELECT -g, g, 'last', g, '2026-03-03' FROM generate_series(1, 300) g");
                both(c, "UPDATE @T SET note = 'touched' WHERE id BETWEEN 100 AND 400");
                both(c, "DELETE FROM @T WHERE id BETWEEN 500 AND 600");
            }
        };
        Result r = run(Fixtures.repack("orders"), hooks);
        assertThat(attempts.get()).isEqualTo((int) r.swapAttempts());
        assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status = 'last'")).isEqualTo(300);
        assertThat(matchesOracle()).isZero();
    }

    @Test
    void i5_theSwapDrainsABacklogOfManyBatchesWithRepeatedKeys() throws Exception {
        Hooks hooks = new Hooks() {
            @Override
            public void beforeSwapAttempt(int attempt) throws SQLException {
                // more than one replay batch (100 rows) is waiting under the lock, and key 10 is in several
                both(c, "UPDATE @T SET note = 'a' WHERE id = 10");
                both(c, "UPDATE @T SET note = 'b' WHERE id BETWEEN 100 AND 1599");
                both(c, "UPDATE @T SET note = 'c' WHERE id = 10");
                both(c, "DELETE FROM @T WHERE id BETWEEN 2000 AND 2300");
                both(c, "UPDATE @T SET note = 'd' WHERE id = 10");
            }
        };
        Request<?> smallBatches = Fixtures.repack("orders");
        Tuning smallBatchesTuning = tuning(Duration.ofMillis(200), Duration.ofMinutes(1), 50, Duration.ofMillis(100), 0, 100, 1);
        Result r = run(smallBatches, smallBatchesTuning, hooks);
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Fixtures.strings(c, "SELECT note FROM orders WHERE id = 10")).containsExactly("d");
        assertThat(matchesOracle()).isZero();
    }

    enum FailurePoint { CAPTURE, COPY, IN_COPY_BATCH, INDEXES, IN_REPLAY, SYNC, BEFORE_SWAP }

    @ParameterizedTest
    @EnumSource(FailurePoint.class)
    void i6_aFailureBeforeTheSwapLeavesTheOriginalExactlyAsItWas(FailurePoint point) throws Exception {
        List<String> before = Fixtures.describe(c, "orders");
        String checksum = "SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM orders t";
        String dataBefore = Fixtures.strings(c, checksum).get(0);
        Hooks hooks = new Hooks() {
            void fail(FailurePoint at) {
                if (at == point) {
                    throw new PgSwapException(ExitCode.FAILED, "injected failure at " + at);
                }
            }

            @Override
            public void afterStep(String phase) {
                switch (phase) {
                    case "capture" -> fail(FailurePoint.CAPTURE);
                    case "shadow" -> fail(FailurePoint.COPY);
                    case "copy" -> fail(FailurePoint.INDEXES);
                    case "replay" -> fail(FailurePoint.SYNC);
                    default -> { }
                }
            }

            @Override
            public void inCopyBatch(Connection tx, long fromPage, long toPage) {
                if (fromPage > 0) {
                    fail(FailurePoint.IN_COPY_BATCH);
                }
            }

            @Override
            public void inReplayBatch(Connection tx, long consumed) {
                fail(FailurePoint.IN_REPLAY);
            }

            @Override
            public void beforeSwapAttempt(int attempt) {
                fail(FailurePoint.BEFORE_SWAP);
            }
        };
        Request<?> spec = Fixtures.addNotNull("status", "x");
        Tuning specTuning = tuning(Duration.ofMillis(200), Duration.ofMinutes(1), 50, Duration.ofMillis(50), 2000, 1000, 2);
        Hooks writesFirst = new Hooks() {
            @Override
            public void afterStep(String phase) throws SQLException {
                if (phase.equals("capture")) {
                    // the log is not empty, so replay runs and the copy has work on several pages
                    exec(c, "UPDATE orders SET note = note WHERE id % 100 = 0");
                    exec(c, "UPDATE orders SET note = note WHERE id % 100 = 0");
                }
                hooks.afterStep(phase);
            }

            @Override
            public void inCopyBatch(Connection tx, long fromPage, long toPage) throws SQLException {
                hooks.inCopyBatch(tx, fromPage, toPage);
            }

            @Override
            public void inReplayBatch(Connection tx, long consumed) throws SQLException {
                hooks.inReplayBatch(tx, consumed);
            }

            @Override
            public void beforeSwapAttempt(int attempt) throws SQLException {
                hooks.beforeSwapAttempt(attempt);
            }
        };
        assertThatThrownBy(() -> run(spec, specTuning, writesFirst))
                .isInstanceOf(PgSwapException.class).hasMessageContaining("injected failure at " + point);
        assertThat(Fixtures.describe(c, "orders")).isEqualTo(before);
        assertThat(Fixtures.strings(c, checksum).get(0)).isEqualTo(dataBefore);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("failed");
    }

    @Test
    void i7_whileALongTransactionHoldsTheTable_noQueryWaitsLongerThanTheLockTimeout() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicBoolean probing = new AtomicBoolean(true);
        AtomicLong worstProbeMillis = new AtomicLong();
        try (Connection blocker = d.connect(); Connection probe = d.connect()) {
            blocker.setAutoCommit(false);
            exec(blocker, "SELECT count(*) FROM orders WHERE id = 1");
            Future<?> probes = pool.submit(() -> {
                while (probing.get()) {
                    long t0 = System.nanoTime();
                    exec(probe, "SELECT status FROM orders WHERE id = 2");
                    worstProbeMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    Thread.sleep(5);
                }
                return null;
            });
            CountDownLatch swapDue = new CountDownLatch(1);
            Hooks hooks = new Hooks() {
                @Override
                public void afterStep(String phase) {
                    if (phase.equals("replay")) {
                        swapDue.countDown(); // the swapper starts next
                    }
                }
            };
            Future<Result> migration = pool.submit(() -> run(Fixtures.repack("orders"), hooks));
            assertThat(swapDue.await(60, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(3000); // the swap is due while the blocker holds the table
            blocker.commit();
            Result r = migration.get(60, TimeUnit.SECONDS);
            probing.set(false);
            probes.get(10, TimeUnit.SECONDS);
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        } finally {
            pool.shutdownNow();
        }
        // without the bound (or with a queued lock request) the probe would wait ~3 s behind the blocker
        assertThat(worstProbeMillis.get()).as("worst probe latency ms").isLessThan(1000);
        assertThat(matchesOracle()).isZero();
    }

    @Test
    void i7_aBlockerThatNeverEndsMakesTheSwapGiveUpWithExit4_andARerunFinishes() throws Exception {
        List<String> before = Fixtures.describe(c, "orders");
        Request<?> impatient = Fixtures.addNotNull("status", "x");
        Tuning impatientTuning = tuning(Duration.ofMillis(100), Duration.ofSeconds(3), 5, Duration.ofMillis(100), 0, 1000, 2);
        try (Connection blocker = d.connect()) {
            blocker.setAutoCommit(false);
            exec(blocker, "LOCK TABLE orders IN ACCESS SHARE MODE");
            Thread.sleep(300); // an old transaction by the time the swap is due
            assertThatThrownBy(() -> run(impatient, impatientTuning, Hooks.NONE))
                    .isInstanceOf(PgSwapException.class)
                    .satisfies(e -> assertThat(((PgSwapException) e).exitCode()).isEqualTo(ExitCode.GAVE_UP))
                    .hasMessageContaining("rerun");
            blocker.commit();
        }
        assertThat(Fixtures.describe(c, "orders")).isEqualTo(before);
        assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("swap");
        both(c, "UPDATE @T SET status = 'after' WHERE id = 5");
        Result r = run(impatient, impatientTuning, Hooks.NONE);
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Fixtures.difference(c, "SELECT id, coalesce(status, 'x') FROM orders",
                "SELECT id, coalesce(status, 'x') FROM orders_oracle")).isZero();
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    /**
     * I7, no failed application transaction: the swap holds a table the original references while it
     * waits for the original; an application transaction that holds the original and then wants that
     * table closes a deadlock cycle after the swap's own deadlock check has run (it runs once, 100 ms
     * into the wait). The application's check, 100 ms into its wait, would pick the application as the
     * victim, unless the swap's wait (here up to a 2 s lock timeout) gave up first: it waits at most
     * half of deadlock_timeout once it holds a relation applications use.
     */
    @Test
    void i7_aSwapHoldingAReferencedTableGivesUpBeforeAnApplicationCanBeTheDeadlockVictim() throws Exception {
        exec(c, "CREATE TABLE dl_branch (bid int PRIMARY KEY, bal bigint NOT NULL DEFAULT 0)");
        exec(c, "INSERT INTO dl_branch SELECT g, 0 FROM generate_series(1, 10) g");
        exec(c, "CREATE TABLE dl_account (aid int PRIMARY KEY, bid int NOT NULL REFERENCES dl_branch, "
                + "bal bigint NOT NULL DEFAULT 0)");
        exec(c, "INSERT INTO dl_account SELECT g, 1 + g % 10, 0 FROM generate_series(1, 1000) g");
        exec(c, "ALTER DATABASE \"" + d.name() + "\" SET deadlock_timeout = '100ms'"); // for every new session
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Db patient = Fixtures.db(d, Duration.ofSeconds(2)); Connection app = d.connect();
             Connection watch = d.connect()) {
            app.setAutoCommit(false);
            java.util.concurrent.atomic.AtomicReference<Future<?>> appTransaction =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Hooks hooks = new Hooks() {
                @Override
                public void beforeSwapAttempt(int attempt) throws SQLException {
                    if (attempt != 1) {
                        return;
                    }
                    exec(app, "UPDATE dl_account SET bal = bal + 1 WHERE aid = 1"); // holds the original
                    appTransaction.set(pool.submit(() -> {
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                        while (System.nanoTime() < until && Fixtures.count(watch, "SELECT count(*) FROM pg_locks l "
                                + "WHERE NOT l.granted AND l.relation = 'dl_account'::regclass "
                                + "AND l.mode = 'AccessExclusiveLock'") == 0) {
                            Thread.sleep(2); // until the swap, holding dl_branch, waits for dl_account
                        }
                        Thread.sleep(300); // past the swap's own deadlock check
                        exec(app, "UPDATE dl_branch SET bal = bal + 1 WHERE bid = 1"); // closes the cycle
                        app.commit();
                        return null;
                    }));
                }
            };
            Result r = Fixtures.run(patient, Fixtures.repack("dl_account"), tuning(Duration.ofSeconds(2),
                    Duration.ofMinutes(1), 200, Duration.ofMillis(100), 0, 1000, 1), SwapOptions.DEFAULT,
                    new StopSignal(), hooks);
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
            appTransaction.get().get(30, TimeUnit.SECONDS); // a deadlock victim would have thrown here
        } finally {
            pool.shutdownNow();
            exec(c, "ALTER DATABASE \"" + d.name() + "\" RESET deadlock_timeout");
        }
        assertThat(Fixtures.count(c, "SELECT bal FROM dl_account WHERE aid = 1")).isEqualTo(1);
        assertThat(Fixtures.count(c, "SELECT bal FROM dl_branch WHERE bid = 1")).isEqualTo(1);
    }

    /**
     * Writes to a table with a foreign key take the table, then (in the key's check) the table it
     * references. The swap asks for them in the same order: writes that arrive while it waits queue
     * on the original, holding nothing, so one attempt gets through. Asked in the other order, the
     * swap would hold the referenced table while such writes held the original and waited for it:
     * each attempt a cycle that its bounded wait gives up on, and under a steady stream of inserts
     * no attempt through (seen in CI: 35 attempts in two minutes).
     */
    @Test
    void i7_theSwapLocksTheOriginalBeforeTheTableItReferences_asAWritesForeignKeyCheckDoes() throws Exception {
        exec(c, "CREATE TABLE ri_customer (id int PRIMARY KEY)");
        exec(c, "INSERT INTO ri_customer SELECT g FROM generate_series(1, 10) g");
        exec(c, "CREATE TABLE ri_order (id bigint PRIMARY KEY, customer int NOT NULL REFERENCES ri_customer)");
        exec(c, "INSERT INTO ri_order SELECT g, 1 + g % 10 FROM generate_series(1, 1000) g");
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Db patient = Fixtures.db(d, Duration.ofSeconds(2)); Connection first = d.connect();
             Connection second = d.connect(); Connection watch = d.connect()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            java.util.concurrent.atomic.AtomicReference<Future<?>> writes = new java.util.concurrent.atomic.AtomicReference<>();
            Hooks hooks = new Hooks() {
                @Override
                public void beforeSwapAttempt(int attempt) throws SQLException {
                    if (attempt != 1) {
                        return;
                    }
                    exec(first, "INSERT INTO ri_order VALUES (100001, 1)"); // holds both tables' locks
                    writes.set(pool.submit(() -> {
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                        while (System.nanoTime() < until && Fixtures.count(watch, "SELECT count(*) FROM pg_locks "
                                + "WHERE NOT granted AND mode = 'AccessExclusiveLock' AND relation IN "
                                + "('ri_order'::regclass, 'ri_customer'::regclass)") == 0) {
                            Thread.sleep(2); // until the swap waits behind the first write
                        }
                        Future<?> next = pool.submit(() -> {
                            exec(second, "INSERT INTO ri_order VALUES (100002, 2)"); // arrives while the swap waits
                            second.commit();
                            return null;
                        });
                        Thread.sleep(200);
                        first.commit();
                        next.get(30, TimeUnit.SECONDS);
                        return null;
                    }));
                }
            };
            Result r = Fixtures.run(patient, Fixtures.repack("ri_order"), tuning(Duration.ofSeconds(2),
                    Duration.ofMinutes(1), 200, Duration.ofMillis(100), 0, 1000, 1), SwapOptions.DEFAULT,
                    new StopSignal(), hooks);
            writes.get().get(30, TimeUnit.SECONDS);
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(r.swapAttempts()).as("swap attempts").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Fixtures.count(c, "SELECT count(*) FROM ri_order")).isEqualTo(1002);
    }

    /**
     * The same for an in-place statement that locks two tables: ADD FOREIGN KEY ... NOT VALID holds
     * the referencing table while it waits for the referenced one, which an application transaction
     * holds and which then writes to the referencing table.
     */
    @Test
    void i7_anAddedForeignKeyWaitingForTheReferencedTableGivesUpBeforeAnApplicationCanBeTheDeadlockVictim()
            throws Exception {
        exec(c, "CREATE TABLE fk_parent (bid int PRIMARY KEY, bal bigint NOT NULL DEFAULT 0)");
        exec(c, "INSERT INTO fk_parent SELECT g, 0 FROM generate_series(1, 10) g");
        exec(c, "CREATE TABLE fk_child (aid int PRIMARY KEY, bid int NOT NULL)");
        exec(c, "INSERT INTO fk_child SELECT g, 1 + g % 10 FROM generate_series(1, 1000) g");
        exec(c, "CREATE INDEX ON fk_child (bid)");
        exec(c, "ALTER DATABASE \"" + d.name() + "\" SET deadlock_timeout = '100ms'");
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Db patient = Fixtures.db(d, Duration.ofSeconds(2)); Connection app = d.connect();
             Connection watch = d.connect()) {
            app.setAutoCommit(false);
            exec(app, "UPDATE fk_parent SET bal = bal + 1 WHERE bid = 1"); // holds the referenced table
            Future<?> appTransaction = pool.submit(() -> {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < until && Fixtures.count(watch, "SELECT count(*) FROM pg_locks l "
                        + "WHERE NOT l.granted AND l.relation = 'fk_parent'::regclass "
                        + "AND l.mode = 'ShareRowExclusiveLock'") == 0) {
                    Thread.sleep(2); // until pgswap, holding fk_child, waits for fk_parent
                }
                Thread.sleep(300); // past pgswap's own deadlock check
                exec(app, "INSERT INTO fk_child VALUES (5000, 1)"); // closes the cycle
                app.commit();
                return null;
            });
            Request<?> fk = Request.of(new io.pgswap.ops.AddForeignKey(), new io.pgswap.ops.AddForeignKey.Args(
                    new io.pgswap.core.Target(null, "fk_child"), List.of("bid"), new io.pgswap.core.Target(null,
                    "fk_parent"), List.of("bid"), null, null, null, null));
            Result r = Fixtures.run(patient, fk, tuning(Duration.ofSeconds(2), Duration.ofMinutes(1), 200,
                    Duration.ofMillis(100), 0, 1000, 1), SwapOptions.DEFAULT, new StopSignal(), Hooks.NONE);
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
            appTransaction.get(30, TimeUnit.SECONDS); // a deadlock victim would have thrown here
        } finally {
            pool.shutdownNow();
            exec(c, "ALTER DATABASE \"" + d.name() + "\" RESET deadlock_timeout");
        }
        assertThat(Fixtures.count(c, "SELECT count(*) FROM fk_child WHERE aid = 5000")).isEqualTo(1);
        assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'fk_child'::regclass "
                + "AND contype = 'f' AND convalidated")).isEqualTo(1);
    }

    @Test
    void i8_oneRunPerTable_aSecondRunSaysWhoHoldsIt() throws Exception {
        CountDownLatch firstIsCopying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Hooks pause = new Hooks() {
            @Override
            public void afterStep(String phase) {
                if (phase.equals("shadow")) {
                    firstIsCopying.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Result> first = pool.submit(() -> run(Fixtures.repack("orders"), pause));
            assertThat(firstIsCopying.await(60, TimeUnit.SECONDS)).isTrue();
            try (Db second = Fixtures.db(d, Duration.ofMillis(200))) {
                assertThatThrownBy(() -> Fixtures.run(second, Fixtures.repack("orders")))
                        .isInstanceOf(PgSwapException.class)
                        .satisfies(e -> assertThat(((PgSwapException) e).exitCode()).isEqualTo(ExitCode.REFUSED))
                        .hasMessageContaining("another pgswap run").hasMessageContaining("pid");
                // another operation on the table is told that a run is working on it now, not to resume or abort
                assertThatThrownBy(() -> Fixtures.run(second, Fixtures.addNotNull("status", "unknown")))
                        .isInstanceOf(PgSwapException.class)
                        .hasMessageContaining("a pgswap run is working on public.orders right now")
                        .hasMessageContaining("server pid").hasMessageNotContaining("pgswap abort");
            }
            release.countDown();
            assertThat(first.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(ExitCode.OK);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(matchesOracle()).isZero();
    }

    @Test
    void i9_aDefinitionChangeDuringTheRunStopsItBeforeTheSwap() throws Exception {
        Hooks hooks = new Hooks() {
            @Override
            public void afterStep(String phase) throws SQLException {
                if (phase.equals("copy")) {
                    exec(c, "ALTER TABLE orders ADD COLUMN extra int");
                }
            }
        };
        assertThatThrownBy(() -> run(Fixtures.repack("orders"), hooks))
                .isInstanceOf(PgSwapException.class).hasMessageContaining("changed");
        assertThat(Fixtures.strings(c, "SELECT attname FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = 'extra'")).containsExactly("extra");
        assertThat(Fixtures.count(c, "SELECT count(*) FROM orders")).isEqualTo(ROWS);
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    @Test
    void stopAtASafePointIsResumableFromTheCheckpoint() throws Exception {
        StopSignal stop = new StopSignal();
        AtomicInteger batches = new AtomicInteger();
        Hooks stopAfterThree = new Hooks() {
            @Override
            public void inCopyBatch(Connection tx, long fromPage, long toPage) {
                if (batches.incrementAndGet() == 3) {
                    stop.request("test");
                }
            }
        };
        Request<?> spec = Fixtures.repack("orders");
        Tuning specTuning = tuning(Duration.ofMillis(200), Duration.ofMinutes(1), 50, Duration.ofMillis(100), 1000, 1000, 2);
        try (Workload load = new Workload(d, 2, ROWS).start()) {
            assertThatThrownBy(() -> Fixtures.run(db, spec, specTuning, SwapOptions.DEFAULT, stop, stopAfterThree))
                    .isInstanceOf(PgSwapException.class)
                    .satisfies(e -> assertThat(((PgSwapException) e).exitCode()).isEqualTo(ExitCode.STOPPED));
            load.awaitCommits(100);
            Result r = run(spec, specTuning, Hooks.NONE);
            assertThat(r.rowsCopied()).isLessThan(ROWS - 2000);
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).isEmpty();
        }
        assertThat(matchesOracle()).isZero();
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }
}
