package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.db.Db;
import io.pgswap.engine.Result;
import io.pgswap.swap.SwapLocks;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A partition read directly by two sessions whose 100 ms transactions overlap by 50 ms: at any
 * moment one of them still holds the partition for 50 ms or more, longer than the short wait the
 * swap allows for the partition while it holds the parent (20 ms), shorter than the lock timeout
 * (200 ms), and too young for the lock gate to wait out. The first attempts give up after the
 * short wait; a later one waits the whole lock timeout, so the swap still gets through.
 */
class PartitionSwapWaitIT {
    static final long HOLD_MS = 100;

    @Test
    void aPartitionBusyWithReadsLongerThanTheShortWaitIsStillSwapped() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            PartitionedUnderLoadIT.createPartitionedOrders(d);
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicLong done = new AtomicLong();
            long t0 = System.currentTimeMillis() + 500;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Void>> readers = new ArrayList<>();
            for (long offset : new long[] {0, HOLD_MS / 2}) {
                readers.add(pool.submit(() -> {
                    try (Connection r = d.connect(); Statement st = r.createStatement()) {
                        r.setAutoCommit(false);
                        for (long i = 0; reading.get(); i++) {
                            long start = t0 + offset + i * HOLD_MS;
                            Thread.sleep(Math.max(0, start - System.currentTimeMillis()));
                            st.execute("SELECT count(*) FROM ONLY orders_p1 WHERE id < 50100");
                            long left = start + HOLD_MS - System.currentTimeMillis();
                            if (left > 0) {
                                st.execute("SELECT pg_sleep(" + left / 1000.0 + ")");
                            }
                            r.commit();
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            try {
                while (done.get() < 4) {
                    Thread.sleep(10);
                }
                Result r = Fixtures.run(db, Fixtures.repack("orders_p1"));
                assertThat(r.outcome()).isEqualTo("swapped");
                assertThat(r.swapAttempts()).isGreaterThan(SwapLocks.SHORT_WAIT_ATTEMPTS);
            } finally {
                reading.set(false);
                for (Future<Void> f : readers) {
                    f.get();
                }
                pool.shutdownNow();
            }
        }
    }
}
