package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.db.Db;
import io.pgswap.engine.Aborter;
import io.pgswap.engine.Resume;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A run over a partitioned table stopped inside its second partition: {@code resume} and
 * {@code abort} named with the partitioned table act on that partition's unfinished migration.
 */
class PartitionedAbortResumeIT {
    @Test
    void resumeAndAbortOfThePartitionedTableActOnItsUnfinishedPartition() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            PartitionedUnderLoadIT.createPartitionedOrders(d);
            List<String> before = Fixtures.describe(c, "orders_p1");
            StopSignal stop = new StopSignal();
            AtomicInteger copies = new AtomicInteger();
            Hooks stopInSecond = new Hooks() {
                @Override
                public void afterStep(String step) {
                    if (step.equals("copy") && copies.incrementAndGet() == 2) {
                        stop.request("the test stops the run");
                    }
                }
            };
            try {
                Fixtures.run(db, Fixtures.repack("orders"), Fixtures.tuning(), SwapOptions.DEFAULT, stop, stopInSecond);
            } catch (PgSwapException e) {
                assertThat(e.getMessage()).contains("orders_p1");
            }
            List<String> runs = Fixtures.strings(c, "SELECT table_name || ' ' || phase FROM pgswap.migrations ORDER BY id");
            assertThat(runs).hasSize(2).first().isEqualTo("orders_p0 done");
            assertThat(runs.get(1)).startsWith("orders_p1 ").isNotEqualTo("orders_p1 done");
            assertThat(Resume.find(c, new Target(null, "orders"))).hasValueSatisfying(r -> assertThat(r.toString())
                    .contains("orders_p1"));
            List<String> aborted = Aborter.forTable(c, new Target(null, "orders"), false, Clock.SYSTEM,
                    Fixtures.tuning());
            assertThat(aborted).singleElement().asString().contains("of partition public.orders_p1");
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(Fixtures.describe(c, "orders_p1")).isEqualTo(before);
            assertThat(Resume.find(c, new Target(null, "orders"))).isEmpty();
        }
    }
}
