package io.pgswap.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.Dependent;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreflightTest {

    static MigrationSpec addNotNull(String column, String fill) {
        return new MigrationSpec(Operation.ADD_NOT_NULL, null, "orders", column, fill, false, Duration.ofMillis(200),
                Duration.ofMinutes(10), 200, Duration.ofMillis(200), 0, 5000, 2, false);
    }

    static MigrationSpec repack(String fill) {
        return new MigrationSpec(Operation.REPACK, null, "orders", null, fill, false, Duration.ofMillis(200),
                Duration.ofMinutes(10), 200, Duration.ofMillis(200), 0, 5000, 2, false);
    }

    private static PgSwapException refusal(MigrationSpec spec, TableFacts f) {
        Throwable t = catchThrowable(() -> Preflight.checkTable(spec, f));
        assertThat(t).isInstanceOf(PgSwapException.class);
        PgSwapException e = (PgSwapException) t;
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        return e;
    }

    @Test
    void acceptsAPlainTable() {
        assertThatCode(() -> Preflight.checkTable(addNotNull("status", null), TableFactsFixture.orders().build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> Preflight.checkTable(addNotNull("status", "x"), TableFactsFixture.orders().build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> Preflight.checkTable(repack(null), TableFactsFixture.orders().build()))
                .doesNotThrowAnyException();
        assertThatCode(() -> Preflight.checkTable(repack(null),
                TableFactsFixture.orders().serverVersionNum(140000).build())).doesNotThrowAnyException();
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
        for (MigrationSpec spec : List.of(addNotNull("status", null), repack(null))) {
            assertThat(refusal(spec, TableFactsFixture.orders().relkind(relkind).build()))
                    .hasMessageContaining("public.orders").hasMessageContaining(words);
        }
    }

    @Test
    void refusesAPartition() {
        assertThat(refusal(addNotNull("status", null), TableFactsFixture.orders().partition().build()))
                .hasMessageContaining("partition");
    }

    @ParameterizedTest(name = "persistence {0}")
    @CsvSource({"t, temporary", "u, UNLOGGED"})
    void refusesTemporaryAndUnloggedTables(char persistence, String words) {
        assertThat(refusal(repack(null), TableFactsFixture.orders().persistence(persistence).build()))
                .hasMessageContaining(words);
    }

    @Test
    void refusesDependentsAndNamesThem() {
        TableFacts f = TableFactsFixture.orders()
                .dependents(new Dependent("publication FOR ALL TABLES", "everything"),
                        new Dependent("object that depends on it", "function orders_count()"))
                .build();
        assertThat(refusal(addNotNull("status", null), f))
                .hasMessageContaining("publication FOR ALL TABLES everything")
                .hasMessageContaining("object that depends on it function orders_count()")
                .hasMessageContaining("Nothing was changed");
    }

    @Test
    void materializedViewsAreRefusedUnlessTheirRebuildIsAskedFor() {
        TableFacts f = TableFactsFixture.orders().rewrites(new io.pgswap.catalog.RewriteDependent(60000, "reporting",
                "Totals", 'm', "app", "_RETURN", 'O', "SELECT count(*) FROM orders", List.of(), null)).build();
        assertThat(refusal(addNotNull("status", null), f))
                .hasMessageContaining("reporting.\"Totals\"")
                .hasMessageContaining("--rebuild-matviews");
        MigrationSpec rebuild = new MigrationSpec(Operation.REPACK, null, "orders", null, null, false,
                Duration.ofMillis(200), Duration.ofMinutes(10), 200, Duration.ofMillis(200), 0, 5000, 2, false, false, true);
        assertThatCode(() -> Preflight.checkTable(rebuild, f)).doesNotThrowAnyException();
    }

    @Test
    void refusesProblemsAndListsThem() {
        TableFacts f = TableFactsFixture.orders()
                .problems("index orders_x is invalid", "CHECK constraint c1 is NOT VALID").build();
        assertThat(refusal(repack(null), f))
                .hasMessageContaining("index orders_x is invalid")
                .hasMessageContaining("CHECK constraint c1 is NOT VALID");
    }

    @Test
    void refusesATableWithoutAKey() {
        assertThat(refusal(addNotNull("status", null), TableFactsFixture.orders().noKey().build()))
                .hasMessageContaining("primary key");
    }

    @Test
    void aUniqueIndexOnANullableColumnIsNoKey() {
        TableFacts f = TableFactsFixture.orders()
                .indexes(List.of(new io.pgswap.catalog.IndexInfo(1, "orders_status_key", true, false, true, false,
                        false, List.of("status"), "USING btree (status)", null, null, null, null, null, false, false,
                        null, false, false)))
                .build();
        assertThat(f.key()).isEmpty();
        refusal(addNotNull("amount", null), f);
    }

    @Test
    void refusesAMissingColumnAndListsTheColumns() {
        assertThat(refusal(addNotNull("stauts", null), TableFactsFixture.orders().build()))
                .hasMessageContaining("\"stauts\"")
                .hasMessageContaining("id, status, amount");
    }

    @Test
    void columnNamesAreCaseSensitive() {
        assertThat(refusal(addNotNull("Status", null), TableFactsFixture.orders().build()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void refusesAGeneratedColumn() {
        TableFacts f = TableFactsFixture.orders()
                .column(new Column(3, "amount", "numeric", false, ' ', 's', -1)).build();
        assertThat(refusal(addNotNull("amount", null), f)).hasMessageContaining("generated");
    }

    @ParameterizedTest(name = "server {0}")
    @CsvSource({"130000", "130016", "120000", "90600"})
    void refusesServersOlderThan14(int version) {
        assertThat(refusal(addNotNull("status", null), TableFactsFixture.orders().serverVersionNum(version).build()))
                .hasMessageContaining("PostgreSQL 14");
    }

    @Test
    void alreadyNotNullIsNothingToDo() {
        TableFacts f = TableFactsFixture.orders().build();
        assertThatThrownBy(() -> Preflight.checkTable(addNotNull("id", null), f))
                .isInstanceOf(Preflight.NothingToDo.class)
                .isNotInstanceOf(PgSwapException.class)
                .hasMessageContaining("already NOT NULL");
    }

    @Test
    void fillOnRepackIsAUsageError() {
        Throwable t = catchThrowable(() -> Preflight.checkTable(repack("x"), TableFactsFixture.orders().build()));
        assertThat(t).isInstanceOf(PgSwapException.class).hasMessageContaining("--fill");
        assertThat(((PgSwapException) t).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void refusalsComeInASensibleOrder() {
        // a view is reported as a view, even if it also has no key and dependents
        TableFacts f = TableFactsFixture.orders().relkind('v').noKey()
                .dependents(new Dependent("view", "public.v2")).build();
        assertThat(refusal(addNotNull("status", null), f)).hasMessageContaining("is a view");
    }
}
