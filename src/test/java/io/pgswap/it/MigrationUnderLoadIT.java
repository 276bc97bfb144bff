package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.db.Db;
import io.pgswap.engine.Result;
import io.pgswap.core.StopSignal;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * I1 on every supported major: add-not-null --fill and repack of a 100,000-row table while
 * four writers insert, update, move keys, delete and re-insert; afterwards the table equals
 * the oracle exactly and no writer saw an error.
 */
class MigrationUnderLoadIT {
    static final int ROWS = 100_000;

    static List<Integer> majors() {
        return TestDatabase.majors();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void addNotNullAndRepackUnderConcurrentWrites(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase();
             Connection c = d.connect()) {
            Fixtures.createOrders(d, ROWS);
            List<String> before = Fixtures.describe(c, "orders");
            try (Workload load = new Workload(d, 4, ROWS).start(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.awaitCommits(200);
                Result r = Fixtures.run(db, Fixtures.addNotNull("status", "unknown"));
                load.writeNulls = false;
                load.awaitCommits(200);
                Result r2 = Fixtures.run(db, Fixtures.repack("orders"));
                load.awaitCommits(200);
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
                assertThat(r.rowsCopied()).isGreaterThan(ROWS / 2);
                assertThat(r2.swapAttempts()).isGreaterThanOrEqualTo(1);
                assertThat(load.committed.get()).isGreaterThan(600);
            }
            String cols = "id, customer_id, coalesce(status, 'unknown'), amount, created_at, note";
            assertThat(Fixtures.difference(c, "SELECT " + cols + " FROM orders",
                    "SELECT " + cols + " FROM orders_oracle")).as("rows differing from the oracle").isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
            List<String> after = Fixtures.describe(c, "orders");
            List<String> expected = before.stream()
                    .map(l -> l.startsWith("column 3 status ") ? l.replace("notnull=false", "notnull=true") : l)
                    .toList();
            if (major >= 18) {
                // PostgreSQL 18 records NOT NULL as a named constraint: the new one appears
                expected = new java.util.ArrayList<>(expected);
                expected.add("constraint orders_status_not_null NOT NULL status comment=");
                expected.sort(null);
            }
            assertThat(after).isEqualTo(expected);
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            // serial keeps going from where it was, owned by the new table
            long maxId = Fixtures.count(c, "SELECT max(id) FROM orders WHERE id < 1000000000");
            assertThat(Fixtures.count(c, "SELECT nextval('orders_id_seq')")).isGreaterThan(maxId);
        }
    }
}
