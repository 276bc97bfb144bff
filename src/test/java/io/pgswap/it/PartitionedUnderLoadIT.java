package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.ExitCode;
import io.pgswap.core.Target;
import io.pgswap.db.Db;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.ops.AddIndex;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A range-partitioned orders table under writes through the parent (inserts, updates, key
 * moves into another partition, deletes, re-inserts; every one mirrored into orders_oracle):
 * repack of one partition, repack of the whole table, add-not-null on the whole table, add-index on it
 * (each partition's index CONCURRENTLY, then the parent's, which attaches them). No
 * application transaction fails, the contents equal the oracle, every row is in the partition its
 * bound says, and the parent is not under ACCESS EXCLUSIVE for more than 50 ms at a stretch (one
 * partition's swap) at the median; the longest stretch may add one lock request made while the parent
 * is held (the partition's own lock, behind an autovacuum say), bounded by the lock timeout.
 */
class PartitionedUnderLoadIT {
    static final int ROWS = 150_000;
    static final long MAX_HOLD_MS = 50;

    static Stream<Integer> majors() {
        return TestDatabase.majors().stream();
    }

    static void createPartitionedOrders(TestDatabase.Database d) throws Exception {
        Fixtures.createOrders(d, ROWS);
        d.execute("""
                ALTER TABLE orders RENAME TO orders_plain;
                DROP INDEX orders_customer_id_idx, orders_created_at_idx;
                ALTER TABLE orders_plain DROP CONSTRAINT orders_pkey;
                CREATE TABLE orders (LIKE orders_plain INCLUDING DEFAULTS, PRIMARY KEY (id)) PARTITION BY RANGE (id);
                ALTER SEQUENCE orders_id_seq OWNED BY orders.id;
                CREATE INDEX orders_customer_id_idx ON orders (customer_id);
                CREATE TABLE orders_p0 PARTITION OF orders FOR VALUES FROM (MINVALUE) TO (50000);
                CREATE TABLE orders_p1 PARTITION OF orders FOR VALUES FROM (50000) TO (100000);
                CREATE TABLE orders_p2 PARTITION OF orders FOR VALUES FROM (100000) TO (MAXVALUE);
                CREATE INDEX orders_p1_created_at_idx ON orders_p1 (created_at);
                INSERT INTO orders SELECT * FROM orders_plain;
                DROP TABLE orders_plain;
                ANALYZE orders;
                """);
    }

    static Request<?> addIndex(String table, String columns, String name) {
        return Request.of(new AddIndex(), new AddIndex.Args(new Target(null, table), columns, name, false, null, null,
                null));
    }

    /** The same query through an index only (bitmap or index scan) and through a sequential scan only. */
    static boolean answeredThroughTheIndex(Connection c, String query) throws Exception {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("BEGIN");
            st.execute("SET LOCAL enable_seqscan = off");
            String plan = String.join("\n", Fixtures.strings(c, "EXPLAIN " + query));
            String viaIndex = String.join(",", Fixtures.strings(c, "SELECT row(x.*)::text FROM (" + query + ") x"));
            st.execute("SET LOCAL enable_seqscan = on");
            st.execute("SET LOCAL enable_indexscan = off");
            st.execute("SET LOCAL enable_bitmapscan = off");
            st.execute("SET LOCAL enable_indexonlyscan = off");
            String viaScan = String.join(",", Fixtures.strings(c, "SELECT row(x.*)::text FROM (" + query + ") x"));
            st.execute("COMMIT");
            assertThat(plan).as("the plan uses the index").containsPattern("Index|Bitmap");
            return viaIndex.equals(viaScan);
        }
    }

    /**
     * A partition created while add-index goes through the leaves: the step on the partitioned
     * table finds it under its lock and stops (exit 1), building nothing there; the same command
     * then indexes the new partition and finishes.
     */
    @org.junit.jupiter.api.Test
    void aPartitionAddedDuringAddIndexStopsTheStepOnTheParent_andTheRerunFinishes() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
            d.execute("""
                    CREATE TABLE ev (id bigint NOT NULL, region int NOT NULL, kind text) PARTITION BY LIST (region);
                    CREATE TABLE ev_1 PARTITION OF ev FOR VALUES IN (1);
                    CREATE TABLE ev_2 PARTITION OF ev FOR VALUES IN (2);
                    INSERT INTO ev SELECT g, 1 + g % 2, 'k' || g % 7 FROM generate_series(1, 20000) g;
                    """);
            java.util.concurrent.atomic.AtomicBoolean added = new java.util.concurrent.atomic.AtomicBoolean();
            io.pgswap.core.Hooks hooks = new io.pgswap.core.Hooks() {
                @Override
                public void afterStep(String step) throws java.sql.SQLException {
                    if (added.compareAndSet(false, true)) {
                        try (java.sql.Statement st = c.createStatement()) {
                            st.execute("CREATE TABLE ev_3 PARTITION OF ev FOR VALUES IN (3)");
                            st.execute("INSERT INTO ev SELECT g, 3, 'new' FROM generate_series(1, 5000) g");
                        }
                    }
                }
            };
            assertThatThrownBy(() -> Fixtures.run(db, addIndex("ev", "kind", "ev_kind"), hooks))
                    .isInstanceOfSatisfying(io.pgswap.PgSwapException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
                        assertThat(e.getMessage()).contains("partitions of public.ev changed during the run")
                                .contains("new: public.ev_3").contains("run the same command again");
                    });
            assertThat(Fixtures.strings(c, "SELECT count(*)::text FROM pg_index WHERE indrelid IN ('ev'::regclass, "
                    + "'ev_3'::regclass)")).as("nothing built on the new partition, nothing on the parent")
                    .containsExactly("0");
            Result r = Fixtures.run(db, addIndex("ev", "kind", "ev_kind"));
            assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(Fixtures.strings(c, "SELECT indisvalid::text || ' ' || (SELECT count(*) FROM pg_inherits "
                    + "WHERE inhparent = indexrelid) FROM pg_index WHERE indexrelid = 'ev_kind'::regclass"))
                    .containsExactly("true 3");
            assertThat(answeredThroughTheIndex(c, "SELECT count(*) FROM ev WHERE kind = 'new'")).isTrue();
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void repackOnePartitionThenTheWholeTableThenAddNotNullUnderWrites(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase(); Connection c = d.connect()) {
            createPartitionedOrders(d);
            List<Long> one;
            List<Long> whole;
            List<Long> notNull;
            try (Workload load = new Workload(d, 3, ROWS).start(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.awaitCommits(200);
                Result r;
                try (AddCheckIT.AccessExclusiveSampler s = new AddCheckIT.AccessExclusiveSampler(d, "orders")) {
                    r = Fixtures.run(db, Fixtures.repack("orders_p1"));
                    one = s.stretches();
                }
                assertThat(r.outcome()).isEqualTo("swapped");
                load.awaitCommits(200);
                try (AddCheckIT.AccessExclusiveSampler s = new AddCheckIT.AccessExclusiveSampler(d, "orders")) {
                    r = Fixtures.run(db, Fixtures.repack("orders"));
                    whole = s.stretches();
                }
                assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
                assertThat(r.stepMillis()).containsOnlyKeys("orders_p0", "orders_p1", "orders_p2");
                load.awaitCommits(200);
                load.writeNulls = false; // from now on the application writes no NULL status
                load.awaitCommits(50);
                try (AddCheckIT.AccessExclusiveSampler s = new AddCheckIT.AccessExclusiveSampler(d, "orders")) {
                    r = Fixtures.run(db, Fixtures.addNotNull("status", "filled"));
                    notNull = s.stretches();
                }
                assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
                load.awaitCommits(200);
                r = Fixtures.run(db, addIndex("orders", "status, amount", null));
                assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
                assertThat(r.stepMillis()).containsOnlyKeys("orders_p0", "orders_p1", "orders_p2");
                load.awaitCommits(200);
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
                System.out.printf("[PartitionedUnderLoadIT] PG %d: %d transactions committed; stretches of ACCESS EXCLUSIVE "
                        + "on the parent: repack of one partition %s ms, of the whole table %s ms, "
                        + "add-not-null on the whole table %s ms (sampled every 2 ms)%n",
                        major, load.committed.get(), one, whole, notNull);
            }
            String cols = "id, customer_id, coalesce(status, 'filled'), amount, created_at, note";
            assertThat(Fixtures.difference(c, "SELECT * FROM orders", "SELECT " + cols + " FROM orders_oracle"))
                    .as("rows that differ from the oracle").isZero();
            assertThat(Fixtures.strings(c, "SELECT attrelid::regclass::text FROM pg_attribute WHERE attname = 'status' "
                    + "AND NOT attnotnull AND attrelid IN (SELECT relid FROM pg_partition_tree('orders'))")).isEmpty();
            for (String leaf : List.of("orders_p0", "orders_p1", "orders_p2")) {
                String bound = Fixtures.strings(c, "SELECT pg_get_partition_constraintdef('" + leaf + "'::regclass)")
                        .get(0);
                assertThat(Fixtures.count(c, "SELECT count(*) FROM ONLY " + leaf + " WHERE NOT (" + bound + ")"))
                        .as("rows of %s outside its bound", leaf).isZero();
            }
            assertThat(Fixtures.strings(c, "SELECT count(*)::text FROM pg_inherits h JOIN pg_class i ON i.oid = h.inhrelid "
                    + "WHERE h.inhparent IN ('orders_pkey'::regclass, 'orders_customer_id_idx'::regclass)"))
                    .containsExactly("6");
            assertThat(Fixtures.strings(c, "SELECT indrelid::regclass::text FROM pg_index "
                    + "WHERE indexrelid = 'orders_p1_created_at_idx'::regclass")).containsExactly("orders_p1");
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations ORDER BY id")).hasSize(10)
                    .containsOnly("done");
            assertThat(Fixtures.strings(c, "SELECT indisvalid::text || ' ' || (SELECT count(*) FROM pg_inherits "
                    + "WHERE inhparent = indexrelid) FROM pg_index WHERE indexrelid = 'orders_status_amount_idx'::regclass"))
                    .as("the partitioned index: valid, with the three partitions' indexes attached").containsExactly("true 3");
            assertThat(Fixtures.strings(c, "SELECT count(*) FILTER (WHERE NOT indisvalid) FROM pg_index WHERE indrelid IN "
                    + "(SELECT relid FROM pg_partition_tree('orders'))")).as("INVALID indexes").containsExactly("0");
            assertThat(answeredThroughTheIndex(c, "SELECT count(*), sum(amount) FROM orders WHERE status = 'paid'"))
                    .as("the index's answer against a sequential scan's").isTrue();
            List<Long> stretches = new java.util.ArrayList<>(one);
            stretches.addAll(whole);
            stretches.addAll(notNull);
            java.util.Collections.sort(stretches);
            assertThat(stretches).as("stretches of ACCESS EXCLUSIVE on the parent (one per swap, and SET NOT NULL)")
                    .hasSizeGreaterThanOrEqualTo(1);
            assertThat(stretches.get(stretches.size() / 2)).as("median stretch, ms").isLessThanOrEqualTo(MAX_HOLD_MS);
            // the longest may include one lock request made while the parent is held (the partition's,
            // or the default partition's), which waits at most --lock-timeout (200 ms here)
            assertThat(stretches.get(stretches.size() - 1)).as("longest stretch, ms")
                    .isLessThanOrEqualTo(200 + MAX_HOLD_MS);
        }
    }
}
