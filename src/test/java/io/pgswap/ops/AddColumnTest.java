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
import io.pgswap.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AddColumnTest {
    private static final AddColumn OP = new AddColumn();
    private static final Names N = new Names(7, "public", "orders");

    private static AddColumn.Args parse(String... argv) {
        Operation.Command<AddColumn.Args> cmd = OP.command();
        new CommandLine(cmd).parseArgs(argv);
        return cmd.args();
    }

    private static AddColumn.Args settled(AddColumn.Args a, String verdict) {
        return new AddColumn.Args(a.table(), a.column(), a.type(), a.defaultExpr(), a.notNull(), verdict);
    }

    private static InPlaceRecipe recipe(AddColumn.Args a, TableFacts f) {
        return (InPlaceRecipe) OP.recipe(a, f, N);
    }

    @Test
    void readsTheCommandLine() {
        AddColumn.Args a = parse("sales.Orders.\"Public Id\"", "uuid", "--default", " gen_random_uuid() ", "--not-null");
        assertThat(a.table().schema()).isEqualTo("sales");
        assertThat(a.table().table()).isEqualTo("orders");
        assertThat(a.column()).isEqualTo("Public Id");
        assertThat(a.defaultExpr()).isEqualTo("gen_random_uuid()");
        assertThat(a.notNull()).isTrue();
        assertThat(a.settled()).isNull();
    }

    @Test
    void aTypeOrDefaultThatCouldEndTheStatementIsAUsageError() {
        for (String[] argv : List.of(new String[] {"orders.c", "int; DROP TABLE orders"},
                new String[] {"orders.c", "int", "--default", "1); DROP TABLE orders; --"},
                new String[] {"orders.c", "int", "--default", "(1"})) {
            Throwable t = catchThrowable(() -> parse(argv));
            assertThat(t).isInstanceOf(PgSwapException.class);
            assertThat(((PgSwapException) t).exitCode()).isEqualTo(ExitCode.USAGE);
        }
    }

    @Test
    void aDefaultTheServerStoresOnceIsOneBoundedAddColumn() {
        AddColumn.Args a = settled(parse("orders.prio", "int", "--default", "0", "--not-null"), AddColumn.CATALOG_ONLY);
        InPlaceRecipe r = recipe(a, TableFactsFixture.orders().build());
        assertThat(r.steps()).extracting(InPlaceStep::name).containsExactly("add");
        InPlaceStep add = r.steps().get(0);
        assertThat(add.sql()).extracting(Statement::text)
                .containsExactly("ALTER TABLE \"public\".\"orders\" ADD COLUMN \"prio\" int DEFAULT (0) NOT NULL");
        assertThat(add.locks()).containsExactly(new LockUse("\"public\".\"orders\"", LockLevel.ACCESS_EXCLUSIVE));
        assertThat(add.kind()).isEqualTo(InPlaceStep.Kind.DDL);
        assertThat(r.why()).contains("no rewrite");
    }

    @Test
    void aColumnWithoutDefaultNeedsNoBackfillWhateverWasSettled() {
        InPlaceRecipe r = recipe(parse("orders.note", "text"), TableFactsFixture.orders().build());
        assertThat(r.steps()).extracting(InPlaceStep::name).containsExactly("add");
    }

    @Test
    void aVolatileDefaultIsSplitAndBackfilled_onPostgres17WithTheCheckRecipe() {
        AddColumn.Args a = settled(parse("orders.public_id", "uuid", "--default", "gen_random_uuid()", "--not-null"),
                AddColumn.BACKFILL);
        InPlaceRecipe r = recipe(a, TableFactsFixture.orders().build());
        assertThat(r.steps()).extracting(InPlaceStep::name).containsExactly("add", "backfill", "validate", "set-not-null");
        List<String> add = r.steps().get(0).sql().stream().map(Statement::text).toList();
        // the function before anything that locks the table; then one ALTER TABLE, catalog only
        assertThat(add.get(0)).startsWith("CREATE FUNCTION \"pgswap\".\"fill_7\"()");
        assertThat(add.get(1)).startsWith("COMMENT ON FUNCTION \"pgswap\".\"fill_7\"() IS 'pgswap migration 7:");
        assertThat(add.get(2)).isEqualTo("ALTER TABLE \"public\".\"orders\"\n"
                + "  ADD COLUMN \"public_id\" uuid,\n"
                + "  ALTER COLUMN \"public_id\" SET DEFAULT (gen_random_uuid()),\n"
                + "  ADD CONSTRAINT \"orders_public_id_not_null\" CHECK (\"public_id\" IS NOT NULL) NOT VALID");
        assertThat(add.get(3)).contains("CREATE TRIGGER \"pgswap_fill_7\"\nBEFORE UPDATE ON \"public\".\"orders\"")
                .contains("WHEN (OLD.\"public_id\" IS NULL AND NEW.\"public_id\" IS NULL)");
        assertThat(add.get(4)).isEqualTo("ALTER TABLE \"public\".\"orders\" ENABLE ALWAYS TRIGGER \"pgswap_fill_7\"");
        InPlaceStep backfill = r.steps().get(1);
        assertThat(backfill.kind()).isEqualTo(InPlaceStep.Kind.BACKFILL);
        assertThat(backfill.sql().get(0).text()).isEqualTo("UPDATE ONLY \"public\".\"orders\" SET \"public_id\" = DEFAULT\n"
                + "WHERE ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid) AND \"public_id\" IS NULL");
        assertThat(backfill.sql().get(0).open()).isEqualTo(2);
        assertThat(backfill.locks()).extracting(LockUse::level).containsExactly(LockLevel.ROW_EXCLUSIVE);
        List<String> last = r.steps().get(3).sql().stream().map(Statement::text).toList();
        assertThat(last).containsExactly(
                "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"public_id\" SET NOT NULL",
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT IF EXISTS \"orders_public_id_not_null\"",
                "DROP TRIGGER IF EXISTS \"pgswap_fill_7\" ON \"public\".\"orders\"",
                "DROP FUNCTION IF EXISTS \"pgswap\".\"fill_7\"()");
        // abort removes the column and pgswap's trigger, nothing else
        assertThat(r.steps().get(0).undo().sql()).extracting(Statement::text).containsExactly(
                "DROP TRIGGER IF EXISTS \"pgswap_fill_7\" ON \"public\".\"orders\"",
                "DROP FUNCTION IF EXISTS \"pgswap\".\"fill_7\"()",
                "ALTER TABLE \"public\".\"orders\" DROP COLUMN IF EXISTS \"public_id\"");
        assertThat(r.steps().get(0).leaves()).contains("pgswap_fill_7").contains("NOT VALID CHECK");
    }

    @Test
    void onPostgres18TheNotNullIsAddedNotValidAndTheTriggerGoesInItsOwnStep() {
        AddColumn.Args a = settled(parse("orders.public_id", "uuid", "--default", "gen_random_uuid()", "--not-null"),
                AddColumn.BACKFILL);
        InPlaceRecipe r = recipe(a, TableFactsFixture.orders().serverVersionNum(180001).build());
        assertThat(r.steps()).extracting(InPlaceStep::name).containsExactly("add", "backfill", "validate", "drop-trigger");
        assertThat(r.steps().get(0).sql().get(2).text()).endsWith(",\n  ADD CONSTRAINT \"orders_public_id_not_null\" "
                + "NOT NULL \"public_id\" NOT VALID");
    }

    @Test
    void withoutNotNullTheTriggerIsRemovedAfterTheBackfill() {
        AddColumn.Args a = settled(parse("orders.touched_at", "timestamptz", "--default", "clock_timestamp()"),
                AddColumn.BACKFILL);
        assertThat(recipe(a, TableFactsFixture.orders().build()).steps()).extracting(InPlaceStep::name)
                .containsExactly("add", "backfill", "drop-trigger");
    }

    @Test
    void partitionsAndPartitionedTablesAreRefused() {
        AddColumn.Args a = parse("orders.c", "int");
        Throwable p = catchThrowable(() -> OP.check(a, TableFactsFixture.orders().relkind('p').build()));
        assertThat(p).hasMessageContaining("partitioned");
        Throwable q = catchThrowable(() -> OP.check(a, TableFactsFixture.orders().partition().build()));
        assertThat(q).hasMessageContaining("is a partition");
    }
}
