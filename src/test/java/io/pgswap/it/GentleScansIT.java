package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.core.Hooks;
import io.pgswap.core.Pacing;
import io.pgswap.core.ServerLoad;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Tuning;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * pgswap's own scans use the server's parallel query workers only where its index builds may use
 * parallel maintenance workers: on an idle server, or with --duty-cycle 100. On a busy one a
 * parallel scan's three processes take the cores the application waits for.
 */
class GentleScansIT extends OrdersDatabase {
    static Tuning pace(int copyJobs, int dutyCycle) {
        return new Tuning(Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofMinutes(1), 50,
                Duration.ofMillis(100), 0, 1000, 1, Duration.ofMinutes(10), new Pacing(copyJobs, dutyCycle, 0));
    }

    String workersOf(Connection s) throws SQLException {
        return Fixtures.strings(s, "SHOW max_parallel_workers_per_gather").get(0);
    }

    @Test
    void aBusyServerOrADutyCycleBelow100_meansNoParallelQueryWorkers() throws Exception {
        String serverDefault = workersOf(c);
        assertThat(serverDefault).isNotEqualTo("0");
        try (Connection s = d.connect()) {
            ServerLoad.limitQueryWorkers("localhost", pace(1, 100), s);
            assertThat(workersOf(s)).as("--duty-cycle 100").isEqualTo(serverDefault);
        }
        try (Connection s = d.connect()) {
            ServerLoad.limitQueryWorkers("localhost", pace(1, 50), s);
            assertThat(workersOf(s)).as("--duty-cycle 50").isEqualTo("0");
        }
        List<Connection> app = new ArrayList<>();
        List<CompletableFuture<Void>> sleeping = new ArrayList<>();
        try (Connection s = d.connect()) {
            for (int i = 0; i < ServerLoad.BUSY_SESSIONS; i++) {
                Connection a = d.connect();
                app.add(a);
                sleeping.add(CompletableFuture.runAsync(() -> {
                    try {
                        a.createStatement().execute("SELECT pg_sleep(3)");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Thread.sleep(300);
            ServerLoad.limitQueryWorkers("localhost", pace(Pacing.AUTO, Pacing.AUTO), s);
            assertThat(workersOf(s)).as("auto pace, " + ServerLoad.BUSY_SESSIONS + " sessions busy").isEqualTo("0");
        } finally {
            for (CompletableFuture<Void> f : sleeping) {
                f.join();
            }
            for (Connection a : app) {
                a.close();
            }
        }
    }

    @Test
    void theRunsSessionsFollowThePace() throws Exception {
        for (int duty : new int[] {50, 100}) {
            AtomicReference<String> seen = new AtomicReference<>();
            Hooks hooks = new Hooks() {
                @Override
                public void inCopyBatch(Connection tx, long fromPage, long toPage) throws SQLException {
                    seen.compareAndSet(null, workersOf(tx)); // one job: the run's work session
                }
            };
            Fixtures.run(db, Fixtures.repack("orders"), pace(1, duty), SwapOptions.DEFAULT, new StopSignal(), hooks);
            if (duty < 100) {
                assertThat(seen.get()).as("--duty-cycle " + duty).isEqualTo("0");
            } else {
                assertThat(seen.get()).as("--duty-cycle 100").isNotEqualTo("0");
            }
        }
    }
}
