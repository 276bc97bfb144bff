package io.pgswap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Dependent;
import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.PartitionInfo;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.SwapOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SwapPreflightTest {
    private static PgSwapException refusal(TableFacts f) {
        return refusal(f, SwapOptions.DEFAULT);
    }

    private static PgSwapException refusal(TableFacts f, SwapOptions options) {
        Throwable t = catchThrowable(() -> SwapPreflight.check(f, options));
        assertThat(t).isInstanceOf(PgSwapException.class);
        PgSwapException e = (PgSwapException) t;
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        return e;
    }

    @Test
    void acceptsAPlainTable() {
        assertThatCode(() -> SwapPreflight.check(TableFactsFixture.orders().build(), SwapOptions.DEFAULT))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "relkind {0}")
    @CsvSource({
        "p, partitioned table",
        "v, view",
        "m, materialized view",
        "f, foreign table",
        "S, not an ordinary table",
        "i, not an ordinary table",
    })
    void refusesWhatIsNotAnOrdinaryTable(char relkind, String words) {
        assertThat(refusal(TableFactsFixture.orders().relkind(relkind).build()))
                .hasMessageContaining("public.orders").hasMessageContaining(words);
    }

    @Test
    void acceptsAPartition() {
        assertThatCode(() -> SwapPreflight.check(TableFactsFixture.orders().partition().build(), SwapOptions.DEFAULT))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAPartitionWhoseAttachWouldScanALargeDefaultPartition() {
        PartitionInfo p = TableFactsFixture.orders().partition().build().partition();
        PartitionInfo withDefault = new PartitionInfo(p.parentOid(), p.parentSchema(), p.parentName(), p.bound(),
                p.constraint(), p.indexes(), p.inheritedKeys(), "public", "orders_other", 9L * 1024 * 1024);
        assertThat(refusal(TableFactsFixture.orders().partition(withDefault).build()))
                .hasMessageContaining("default partition public.orders_other (9 MB)").hasMessageContaining("parent");
        PartitionInfo small = new PartitionInfo(p.parentOid(), p.parentSchema(), p.parentName(), p.bound(),
                p.constraint(), p.indexes(), p.inheritedKeys(), "public", "orders_other", 8192);
        assertThatCode(() -> SwapPreflight.check(TableFactsFixture.orders().partition(small).build(),
                SwapOptions.DEFAULT)).doesNotThrowAnyException();
    }

    @Test
    void refusesAPartitionWithAnIdentityColumn() {
        assertThat(refusal(TableFactsFixture.orders().columns(new Column(1, "id", "bigint", true, 'd', ' ', -1))
                .partition().build())).hasMessageContaining("identity column(s) id");
    }

    @ParameterizedTest(name = "persistence {0}")
    @CsvSource({"t, temporary", "u, UNLOGGED"})
    void refusesTemporaryAndUnloggedTables(char persistence, String words) {
        assertThat(refusal(TableFactsFixture.orders().persistence(persistence).build())).hasMessageContaining(words);
    }

    @Test
    void refusesDependentsAndNamesThem() {
        TableFacts f = TableFactsFixture.orders()
                .dependents(new Dependent("publication FOR ALL TABLES", "everything"),
                        new Dependent("object that depends on it", "function orders_count()"))
                .build();
        assertThat(refusal(f))
                .hasMessageContaining("publication FOR ALL TABLES everything")
                .hasMessageContaining("object that depends on it function orders_count()")
                .hasMessageContaining("Nothing was changed");
    }

    @Test
    void materializedViewsAreRefusedUnlessTheirRebuildIsAskedFor() {
        TableFacts f = TableFactsFixture.orders().rewrites(new RewriteDependent(60000, "reporting",
                "Totals", 'm', "app", "_RETURN", 'O', "SELECT count(*) FROM orders", List.of(), null)).build();
        assertThat(refusal(f)).hasMessageContaining("reporting.\"Totals\"").hasMessageContaining("--rebuild-matviews");
        assertThatCode(() -> SwapPreflight.check(f, new SwapOptions(false, false, true))).doesNotThrowAnyException();
    }

    @Test
    void refusesProblemsAndListsThem() {
        TableFacts f = TableFactsFixture.orders()
                .problems("index orders_x is invalid", "CHECK constraint c1 is NOT VALID").build();
        assertThat(refusal(f))
                .hasMessageContaining("index orders_x is invalid")
                .hasMessageContaining("CHECK constraint c1 is NOT VALID");
    }

    @Test
    void refusesATableWithoutAKeyAndSaysHowToAddOne() {
        assertThat(refusal(TableFactsFixture.orders().noKey().build()))
                .hasMessageContaining("primary key").hasMessageContaining("pgswap add-primary-key public.orders");
        // an operation that can do the same in place names that command first, quoted for the shell
        TableFacts f = TableFactsFixture.orders().noKey().build();
        java.util.Optional<List<String>> inPlace = new io.pgswap.ops.AddNotNull().withoutKey(
                new io.pgswap.ops.AddNotNull.Args(new io.pgswap.core.Target(null, "orders"), "status", "it's"), f);
        Throwable t = catchThrowable(() -> SwapPreflight.check(f, SwapOptions.DEFAULT, inPlace));
        assertThat(t).isInstanceOf(PgSwapException.class).hasMessageContaining("The same change in place needs none: "
                + "pgswap add-not-null public.orders.status --fill 'it'\\''s' --strategy in-place")
                .hasMessageContaining("pgswap add-primary-key public.orders");
        assertThat(new io.pgswap.ops.Repack().withoutKey(null, f)).isEmpty();
    }

    @Test
    void aUniqueIndexOnANullableColumnIsNoKey() {
        TableFacts f = TableFactsFixture.orders()
                .indexes(List.of(new io.pgswap.catalog.IndexInfo(1, "orders_status_key", true, false, true, false,
                        false, List.of("status"), "USING btree (status)", null, null, null, null, null, false, false,
                        null, false, false)))
                .build();
        assertThat(f.key()).isEmpty();
        refusal(f);
    }

    @Test
    void refusalsComeInASensibleOrder() {
        // a view is reported as a view, even if it also has no key and dependents
        TableFacts f = TableFactsFixture.orders().relkind('v').noKey()
                .dependents(new Dependent("view", "public.v2")).build();
        assertThat(refusal(f)).hasMessageContaining("is a view");
    }
}
