package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.engine.Result;
import io.pgswap.core.SwapOptions;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * While a long transaction keeps the swap from asking for its lock, the writers go on and the log
 * grows: the replay must go on too, so that the drain under ACCESS EXCLUSIVE stays short. Without
 * it, a reader of a few seconds left thousands of log rows to drain under the lock.
 */
class SwapWaitReplaysIT {
    @Test
    void theReplayGoesOnWhileTheSwapWaitsOutALongTransaction() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            Fixtures.createOrders(d, 5000);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            AtomicLong backlogAtFirstAttempt = new AtomicLong(-1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Void> writer = pool.submit(() -> {
                try (Connection w = d.connect(); Statement st = w.createStatement()) {
                    while (writing.get()) {
                        st.execute("INSERT INTO orders (customer_id, status, amount) VALUES (1, 'new', 1)");
                        written.incrementAndGet();
                        Thread.sleep(2);
                    }
                }
                return null;
            });
            Hooks hooks = new Hooks() {
                @Override
                public void afterStep(String step) throws SQLException {
                    if (!step.equals("replay")) {
                        return;
                    }
                    // a reader holding the table for 3 s, older than the lock timeout: the gate waits it out
                    pool.submit(() -> {
                        try (Connection r = d.connect(); Statement st = r.createStatement()) {
                            r.setAutoCommit(false);
                            st.execute("SELECT count(*) FROM orders WHERE id < 10");
                            st.execute("SELECT pg_sleep(3)");
                            r.commit();
                        }
                        return null;
                    });
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void beforeSwapAttempt(int attempt) throws SQLException {
                    if (attempt != 1) {
                        return;
                    }
                    try (Connection c = d.connect(); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT count(*) FROM pgswap.log_" + migration(c))) {
                        rs.next();
                        backlogAtFirstAttempt.set(rs.getLong(1));
                    }
                }
            };
            Tuning t = Fixtures.tuning();
            Tuning tuning = new Tuning(t.lockTimeout(), t.lockBudget(), t.swapBudget(), t.maxAttempts(), t.batchTime(),
                    t.batchRows(), 200, t.indexJobs(), t.waitTimeout());
            Result r;
            long before;
            try {
                before = written.get();
                r = Fixtures.run(db, Fixtures.repack("orders"), tuning, SwapOptions.DEFAULT, new StopSignal(), hooks);
            } finally {
                writing.set(false);
                writer.get();
                pool.shutdown();
            }
            assertThat(r.outcome()).isEqualTo("swapped");
            assertThat(written.get() - before).as("rows written while the swap waited").isGreaterThan(500);
            // about 3 s of writes (over 1,000 rows) waited out; the replay kept the log near its threshold (20)
            assertThat(backlogAtFirstAttempt.get()).isBetween(0L, 200L);
        }
    }

    private static long migration(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(id) FROM pgswap.migrations")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
