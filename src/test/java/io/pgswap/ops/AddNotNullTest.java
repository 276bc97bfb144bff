package io.pgswap.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Names;
import io.pgswap.core.Target;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddNotNullTest {
    private static final AddNotNull OP = new AddNotNull();

    private static AddNotNull.Args args(String column, String fill) {
        return new AddNotNull.Args(new Target(null, "orders"), column, fill);
    }

    private static PgSwapException failure(AddNotNull.Args a, TableFacts f) {
        Throwable t = catchThrowable(() -> OP.check(a, f));
        assertThat(t).isInstanceOf(PgSwapException.class);
        return (PgSwapException) t;
    }

    @Test
    void acceptsANullableColumn() {
        assertThatCode(() -> OP.check(args("status", null), TableFactsFixture.orders().build()))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAMissingColumnAndListsTheColumns() {
        PgSwapException e = failure(args("stauts", null), TableFactsFixture.orders().build());
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(e).hasMessageContaining("\"stauts\"").hasMessageContaining("id, status, amount");
    }

    @Test
    void columnNamesAreCaseSensitive() {
        assertThat(failure(args("Status", null), TableFactsFixture.orders().build())).hasMessageContaining("does not exist");
    }

    @Test
    void refusesAGeneratedColumn() {
        TableFacts f = TableFactsFixture.orders().column(new Column(3, "amount", "numeric", false, ' ', 's', -1)).build();
        assertThat(failure(args("amount", null), f)).hasMessageContaining("generated");
    }

    @Test
    void alreadyNotNullIsNothingToDo_evenWhenTheTableCouldNotBeSwapped() {
        TableFacts f = TableFactsFixture.orders().noKey().build();
        PgSwapException e = failure(args("id", null), f);
        assertThat(e.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(e).hasMessageContaining("already NOT NULL");
    }

    @Test
    void theRecipeFillsNullsWithABindValueInTheMapping() {
        TableFacts f = TableFactsFixture.orders().build();
        SwapRecipe r = (SwapRecipe) OP.recipe(args("status", "x'); DROP TABLE t; --"), f, new Names(7, "public", "orders"));
        ColumnMapping m = r.mapping().derive(f, f.columns());
        Statement select = m.selectList();
        assertThat(select.text()).isEqualTo("o.\"id\", COALESCE(o.\"status\", CAST(? AS text)), o.\"amount\"");
        assertThat(select.params()).containsExactly("x'); DROP TABLE t; --");
        assertThat(r.change().on("\"public\".\"pgswap_shadow_7\"")).extracting(Statement::text)
                .containsExactly("ALTER TABLE \"public\".\"pgswap_shadow_7\" ALTER COLUMN \"status\" SET NOT NULL");
    }

    @Test
    void onPostgres18TheNotNullIsANamedConstraint() {
        TableFacts f = TableFactsFixture.orders().serverVersionNum(180001).build();
        SwapRecipe r = (SwapRecipe) OP.recipe(args("status", null), f, new Names(7, "public", "orders"));
        assertThat(r.change().on("s")).extracting(Statement::text)
                .containsExactly("ALTER TABLE s ADD CONSTRAINT \"orders_status_not_null\" NOT NULL \"status\"");
    }

    @Test
    void onPostgres18ALongTablesNotNullIsNamedAsTheServerCutsIt() {
        // PostgreSQL 18.1 named it so for CREATE TABLE ... (status text NOT NULL): the table part cut, no hash
        TableFacts f = TableFactsFixture.orders().name("customer_order_line_items_with_a_very_long_descriptive_name_xy")
                .serverVersionNum(180001).build();
        SwapRecipe r = (SwapRecipe) OP.recipe(args("status", null), f, new Names(7, "public", f.name()));
        assertThat(r.change().on("s")).extracting(Statement::text).containsExactly("ALTER TABLE s ADD CONSTRAINT "
                + "\"customer_order_line_items_with_a_very_long_desc_status_not_null\" NOT NULL \"status\"");
    }

    @Test
    void alternativesNameTheVersionSpecificRecipe() {
        assertThat(OP.alternatives(args("status", null), TableFactsFixture.orders().build()))
                .extracting(a -> a.name()).contains("CHECK NOT VALID, VALIDATE, then SET NOT NULL");
        assertThat(OP.alternatives(args("status", null), TableFactsFixture.orders().serverVersionNum(180000).build()))
                .extracting(a -> a.name()).contains("NOT NULL NOT VALID, then VALIDATE (PostgreSQL 18)");
        assertThat(List.of()).isEmpty();
    }
}
