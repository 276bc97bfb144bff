package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.db.Db;
import io.pgswap.engine.Result;
import io.pgswap.swap.SwapSql;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A partition read directly, back to back, by transactions longer than the short wait the swap
 * allows for the partition while it holds the parent: the first attempts give up after that short
 * wait, and a later one waits the whole lock timeout, so the swap still gets through.
 */
class PartitionSwapWaitIT {
    @Test
    void aPartitionBusyWithReadsLongerThanTheShortWaitIsStillSwapped() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            PartitionedUnderLoadIT.createPartitionedOrders(d);
            AtomicBoolean reading = new AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Long> reads = pool.submit(() -> {
                long n = 0;
                try (Connection r = d.connect(); Statement st = r.createStatement()) {
                    r.setAutoCommit(false);
                    while (reading.get()) {
                        // 60 ms with the partition locked: longer than the short wait (20 ms), shorter than
                        // the lock timeout (200 ms), and too short for the gate to wait it out
                        st.execute("SELECT count(*) FROM ONLY orders_p1 WHERE id < 50100");
                        st.execute("SELECT pg_sleep(0.06)");
                        r.commit();
                        n++;
                        done.incrementAndGet();
                    }
                }
                return n;
            });
            try {
                while (done.get() < 3) {
                    Thread.sleep(10);
                }
                Result r = Fixtures.run(db, Fixtures.repack("orders_p1"));
                assertThat(r.outcome()).isEqualTo("swapped");
                assertThat(r.swapAttempts()).isGreaterThan(SwapSql.SHORT_WAIT_ATTEMPTS);
            } finally {
                reading.set(false);
                assertThat(reads.get()).isPositive();
                pool.shutdownNow();
            }
        }
    }
}
