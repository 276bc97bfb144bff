package io.pgswap.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Names;
import io.pgswap.plan.LockUse;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AddNotNullInPlaceTest {
    private static final AddNotNull OP = new AddNotNull();
    private static final Names N = new Names(9, "public", "orders");

    private static AddNotNull.Args parse(String... argv) {
        Operation.Command<AddNotNull.Args> cmd = OP.command();
        new CommandLine(cmd).parseArgs(argv);
        return cmd.args();
    }

    @Test
    void swapIsTheDefaultAndIsStoredAsOlderVersionsStoredIt() {
        assertThat(parse("orders.status").strategy()).isNull();
        assertThat(parse("orders.status", "--strategy", "swap").strategy()).isNull();
        assertThat(parse("orders.status", "--strategy", "in-place").strategy()).isEqualTo("in-place");
        assertThat(OP.recipe(parse("orders.status"), TableFactsFixture.orders().build(), N)).isInstanceOf(SwapRecipe.class);
        Throwable t = catchThrowable(() -> parse("orders.status", "--strategy", "inplace"));
        assertThat(((PgSwapException) t).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void inPlaceWithoutFillOnPostgres17IsCheckValidateSetNotNull() {
        InPlaceRecipe r = (InPlaceRecipe) OP.recipe(parse("orders.status", "--strategy", "in-place"),
                TableFactsFixture.orders().build(), N);
        assertThat(r.steps()).extracting(InPlaceStep::name).containsExactly("constrain", "validate", "set-not-null");
        assertThat(r.steps().get(0).sql()).extracting(Statement::text).containsExactly("ALTER TABLE \"public\".\"orders\" "
                + "ADD CONSTRAINT \"orders_status_not_null\" CHECK (\"status\" IS NOT NULL) NOT VALID");
        assertThat(r.steps().get(1).locks()).containsExactly(new LockUse("\"public\".\"orders\"",
                LockLevel.SHARE_UPDATE_EXCLUSIVE));
        assertThat(r.steps().get(2).sql()).extracting(Statement::text).containsExactly(
                "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"status\" SET NOT NULL",
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT IF EXISTS \"orders_status_not_null\"");
        assertThat(r.steps().get(0).undo().sql()).extracting(Statement::text)
                .containsExactly("ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT IF EXISTS \"orders_status_not_null\"");
    }

    @Test
    void inPlaceWithFillOnPostgres18() {
        TableFacts f = TableFactsFixture.orders().serverVersionNum(180000).build();
        InPlaceRecipe r = (InPlaceRecipe) OP.recipe(parse("orders.status", "--strategy", "in-place", "--fill",
                "it's"), f, N);
        assertThat(r.steps()).extracting(InPlaceStep::name)
                .containsExactly("fill-trigger", "fill", "constrain", "validate", "drop-trigger");
        List<String> trigger = r.steps().get(0).sql().stream().map(Statement::text).toList();
        assertThat(trigger.get(0)).contains("NEW.\"status\" := TG_ARGV[0];").doesNotContain("it's");
        assertThat(trigger).anyMatch(s -> s.contains("BEFORE INSERT OR UPDATE ON \"public\".\"orders\"")
                && s.contains("WHEN (NEW.\"status\" IS NULL)") && s.endsWith("\"pgswap\".\"fill_9\"('it''s')"));
        Statement fill = r.steps().get(1).sql().get(0);
        assertThat(fill.text()).isEqualTo("UPDATE ONLY \"public\".\"orders\" SET \"status\" = CAST(? AS text)\n"
                + "WHERE ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid) AND \"status\" IS NULL");
        assertThat(fill.params()).containsExactly("it's");
        assertThat(r.steps().get(2).sql()).extracting(Statement::text).containsExactly("ALTER TABLE \"public\".\"orders\" "
                + "ADD CONSTRAINT \"orders_status_not_null\" NOT NULL \"status\" NOT VALID");
    }

    @Test
    void autoRunsWhatItSettled_andAnExistingNotValidConstraintIsValidatedUnderItsName() {
        AddNotNull.Args auto = parse("orders.status", "--strategy", "auto");
        TableFacts f = TableFactsFixture.orders().build();
        AddNotNull.Args swap = new AddNotNull.Args(auto.table(), "status", null, "auto",
                new AddNotNull.Settled("swap", null, "many NULLs"));
        assertThat(OP.recipe(swap, f, N)).isInstanceOf(SwapRecipe.class);
        AddNotNull.Args inPlace = new AddNotNull.Args(auto.table(), "status", null, null,
                new AddNotNull.Settled("in-place", "status_required", "the column has it"));
        InPlaceRecipe r = (InPlaceRecipe) OP.recipe(inPlace, TableFactsFixture.orders().serverVersionNum(180000).build(), N);
        assertThat(r.why()).isEqualTo("the column has it");
        assertThat(r.steps().get(1).sql()).extracting(Statement::text)
                .containsExactly("ALTER TABLE \"public\".\"orders\" VALIDATE CONSTRAINT \"status_required\"");
    }
}
