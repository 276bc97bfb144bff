package io.pgswap.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.Inspector;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.ServerLoad;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Tuning;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shadow's builds start longest first: an index on a column in random order costs more to
 * sort than a bigger one on a column in table order, so it starts first (and gets the spare
 * worker), and a table without statistics falls back to the indexes' sizes.
 */
class IndexBuildOrderIT {
    @Test
    void theBuildOfTheUnsortedColumnStartsFirst_beforeBiggerOnesOfPresortedColumns() throws Exception {
        TestDatabase.Server server = TestDatabase.server(TestDatabase.defaultMajor());
        try (TestDatabase.Database d = server.createDatabase(); Connection c = d.connect()) {
            d.execute("""
                    CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz NOT NULL,
                                         note text, customer_id int NOT NULL)
                      WITH (autovacuum_enabled = false);
                    INSERT INTO orders SELECT g, timestamptz '2024-01-01' + g * interval '1 minute',
                                              'note ' || g, 1 + abs(hashint4(g)) % 1000000
                      FROM generate_series(1, 60000) g;
                    CREATE INDEX orders_created_note ON orders (created_at, note);
                    CREATE INDEX orders_customer ON orders (customer_id);
                    """);
            Inspector inspector = new Inspector(c);
            long oid = inspector.resolveTable("public", "orders");
            TableFacts facts = inspector.inspect(oid);
            Names names = new Names(1, "public", "orders");
            IndexBuilder builder = new IndexBuilder(null, facts, names, new Progress(), new StopSignal(), Clock.SYSTEM,
                    new ServerLoad(0, 2, 2).decide(Tuning.defaults()), Duration.ofSeconds(1));
            List<ShadowDdl.IndexUnit> units = ShadowDdl.indexes(facts, names);

            // no statistics yet: by size, the two-column index (the biggest) first
            assertThat(source(facts, builder.longestFirst(c, units).get(0))).isEqualTo("orders_created_note");

            d.execute("ANALYZE orders");
            List<String> order = builder.longestFirst(c, units).stream().map(u -> source(facts, u)).toList();
            assertThat(order).as("the random column's smaller index costs the most to sort")
                    .startsWith("orders_customer").containsExactlyInAnyOrder("orders_pkey", "orders_created_note",
                            "orders_customer");
        }
    }

    private static String source(TableFacts facts, ShadowDdl.IndexUnit u) {
        return facts.indexes().stream().filter(i -> i.oid() == u.sourceOid()).findFirst().orElseThrow().name();
    }
}
