package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.ExitCode;
import io.pgswap.db.Db;
import io.pgswap.engine.Result;
import io.pgswap.state.StateSchema;
import io.pgswap.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * A database holding unfinished migrations written by pgswap 0.1.0 (its state schema, log tables,
 * trigger functions, capture triggers and shadows, exactly as it left them) is upgraded by the
 * numbered state steps and both migrations resume to done, oracle-exact, under concurrent writes.
 *
 * <p>The fixture is a pg_dump of a PostgreSQL 15 database where the pgswap 0.1.0 jar (built from
 * the commit before the operation model) ran {@code add-not-null orders.status --fill unknown
 * --no-swap} (phase SYNC: shadow complete, log filling) and {@code repack items} stopped right
 * after creating its shadow (phase COPY, checkpoint at page 0), followed by application writes
 * recorded in orders_oracle and items_oracle. A restore gives tables new OIDs and filenodes, so
 * the test binds the state rows to them, as they were in the database that was dumped. The
 * fingerprints are the ones 0.1.0 stored.
 */
class StateUpgradeIT {
    private static final String FIXTURE = "/state-upgrade/pgswap-0.1.0-fixture.sql.gz";

    @Test
    void unfinishedMigrationsOfPgswap010ResumeToDoneAfterTheUpgrade() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect()) {
            d.execute(fixture());
            d.execute("""
                    UPDATE pgswap.migrations SET table_oid = to_regclass(format('%I.%I', schema_name, table_name)),
                           copy_filenode = pg_relation_filenode(to_regclass(format('%I.%I', schema_name, table_name)));
                    UPDATE pgswap.migrations
                       SET copy_end_page = pg_relation_size('public.items') / current_setting('block_size')::int
                     WHERE id = 3;
                    SELECT setval('public.orders_id_seq', 100000);
                    CREATE SEQUENCE key_moves START 1000000000;
                    """);
            assertThat(StateSchema.version(c)).as("the 0.1.0 state schema").isEqualTo(2);
            assertThat(Fixtures.strings(c, "SELECT id || ':' || phase FROM pgswap.migrations ORDER BY id"))
                    .containsExactly("1:SYNC", "3:COPY");
            assertThat(Fixtures.count(c, "SELECT count(*) FROM pgswap.log_1")).isPositive();
            Workload writers = new Workload(d, 2, 2000);
            writers.writeNulls = false; // the column is NOT NULL once migration 1 swaps
            try (Workload load = writers.start(); Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                load.awaitCommits(50);
                Result notNull = Fixtures.run(db, Fixtures.addNotNull("status", "unknown"));
                assertThat(notNull.exitCode()).isEqualTo(ExitCode.OK);
                assertThat(notNull.migrationId()).as("migration 1 resumed, not a new one").isEqualTo(1);
                assertThat(notNull.outcome()).isEqualTo("swapped");
                d.execute("UPDATE items SET qty = 99 WHERE id BETWEEN 1000 AND 1100;"
                        + "UPDATE items_oracle SET qty = 99 WHERE id BETWEEN 1000 AND 1100");
                Result repack = Fixtures.run(db, Fixtures.repack("items"));
                assertThat(repack.migrationId()).as("migration 3 resumed").isEqualTo(3);
                assertThat(repack.rowsCopied()).isPositive();
                load.awaitCommits(50);
                load.stop();
                assertThat(load.errors).as("application errors").isEmpty();
            }
            assertThat(StateSchema.version(c)).isEqualTo(StateSchema.CURRENT);
            assertThat(Fixtures.strings(c, "SELECT id || ':' || phase FROM pgswap.migrations ORDER BY id"))
                    .containsExactly("1:done", "3:done");
            assertThat(Fixtures.strings(c, "SELECT args::text FROM pgswap.migrations WHERE id = 1").get(0))
                    .contains("\"column\": \"status\"").contains("\"fill\": \"unknown\"");
            String orders = "id, customer_id, coalesce(status, 'unknown'), amount, created_at, note";
            assertThat(Fixtures.difference(c, "SELECT " + orders + " FROM orders",
                    "SELECT " + orders + " FROM orders_oracle")).isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
            assertThat(Fixtures.strings(c, "SELECT attnotnull::text FROM pg_attribute "
                    + "WHERE attrelid = 'orders'::regclass AND attname = 'status'")).containsExactly("true");
            assertThat(Fixtures.difference(c, "SELECT * FROM items", "SELECT * FROM items_oracle")).isZero();
            assertThat(Fixtures.helperObjects(c)).isEmpty();
        }
    }

    private static String fixture() throws IOException {
        try (InputStream in = StateUpgradeIT.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE).isNotNull();
            return new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
