package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.Pacing;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Tuning;
import io.pgswap.engine.Result;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The copy with several jobs: batches commit in page order, so the checkpoint is exact even when
 * an early batch fails while later ones have already run their INSERT.
 */
class ParallelCopyIT extends OrdersDatabase {
    /** Three copy jobs, no rests, small fixed batches (a few pages each): many batches in flight at once. */
    static Tuning threeJobs() {
        return new Tuning(Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofMinutes(1), 50,
                Duration.ofMillis(100), 300, 1000, 2, Duration.ofMinutes(10), new Pacing(3, 100, 0));
    }

    Result run(Hooks hooks) throws SQLException {
        return Fixtures.run(db, Fixtures.repack("orders"), threeJobs(), SwapOptions.DEFAULT, new StopSignal(), hooks);
    }

    long matchesOracle() throws SQLException {
        return Fixtures.difference(c, "SELECT " + ALL + " FROM orders", "SELECT " + ALL + " FROM orders_oracle");
    }

    @Test
    void threeJobsCopyEveryRowOnce_underWriters() throws Exception {
        try (Workload load = new Workload(d, 2, ROWS).start()) {
            load.awaitCommits(50);
            run(Hooks.NONE);
            load.awaitCommits(50);
            load.stop();
            assertThat(load.errors).isEmpty();
        }
        assertThat(matchesOracle()).isZero();
    }

    @Test
    void aFailedFirstBatchRollsBackTheLaterOnes_theCheckpointStaysExact_andTheResumeCopiesEveryPageOnce()
            throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        AtomicInteger laterInFlight = new AtomicInteger();
        Hooks failFirst = new Hooks() {
            @Override
            public void inCopyBatch(Connection tx, long fromPage, long toPage) throws SQLException {
                if (fromPage > 0) {
                    laterInFlight.incrementAndGet(); // its INSERT ran; it now waits for its turn to commit
                    return;
                }
                if (failed.compareAndSet(false, true)) {
                    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (laterInFlight.get() < 2 && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    throw new SQLException("injected: could not extend file (disk full)", "53100");
                }
            }
        };
        assertThatThrownBy(() -> run(failFirst)).isInstanceOf(PgSwapException.class)
                .hasMessageContaining("rerun the same command to resume");
        assertThat(laterInFlight.get()).as("later batches ran beside the first one").isGreaterThanOrEqualTo(2);
        // the later batches rolled back: nothing is committed beyond the checkpoint, which is still page 0
        assertThat(Fixtures.count(c, "SELECT copy_next_page FROM pgswap.migrations")).isZero();
        String shadow = Fixtures.strings(c, "SELECT oid::regclass::text FROM pg_class WHERE relname LIKE 'pgswap_shadow_%'")
                .get(0);
        assertThat(Fixtures.count(c, "SELECT count(*) FROM " + shadow)).isZero();

        Result r = run(Hooks.NONE);
        assertThat(r.rowsCopied()).isEqualTo(ROWS);
        assertThat(matchesOracle()).isZero();
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    @Test
    void aBatchThatCannotGetItsLockInTime_makesTheCopyGoOnFromTheCheckpoint_notFail() throws Exception {
        // another session takes ACCESS EXCLUSIVE on the table for a second in the middle of the copy (a DDL,
        // autovacuum truncating it): the batches behind it time out on their lock and must be retried
        AtomicBoolean locked = new AtomicBoolean();
        Thread[] holder = new Thread[1];
        Hooks lockMidway = new Hooks() {
            @Override
            public void inCopyBatch(Connection tx, long fromPage, long toPage) throws SQLException {
                if (fromPage > 0 && locked.compareAndSet(false, true)) {
                    holder[0] = new Thread(() -> {
                        try (Connection other = d.connect()) {
                            other.setAutoCommit(false);
                            try (var st = other.createStatement()) {
                                st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
                                st.execute("SELECT pg_sleep(1)");
                            }
                            other.commit();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    holder[0].start();
                }
            }
        };
        Result r = run(lockMidway);
        holder[0].join();
        assertThat(locked).isTrue();
        assertThat(r.rowsCopied()).isEqualTo(ROWS);
        assertThat(matchesOracle()).isZero();
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }
}
