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

class AddForeignKeyTest {
    private static final AddForeignKey OP = new AddForeignKey();

    private static AddForeignKey.Args parse(String... argv) {
        Operation.Command<AddForeignKey.Args> cmd = OP.command();
        new CommandLine(cmd).parseArgs(argv);
        return cmd.args();
    }

    private static AddForeignKey.Args settled(AddForeignKey.Args a, String schema) {
        return new AddForeignKey.Args(a.table(), a.columns(), a.referenced(), a.referencedColumns(), a.name(),
                a.onDelete(), a.onUpdate(), schema, a.withIndex(), a.withIndex() ? "orders_customer_id_idx" : null);
    }

    private static ExitCode usage(String... argv) {
        Throwable t = catchThrowable(() -> parse(argv));
        assertThat(t).isInstanceOf(PgSwapException.class);
        return ((PgSwapException) t).exitCode();
    }

    @Test
    void readsDottedAndParenthesizedKeys() {
        AddForeignKey.Args a = parse("orders.customer_id", "crm.Customers.ID");
        assertThat(a.columns()).containsExactly("customer_id");
        assertThat(a.referenced().schema()).isEqualTo("crm");
        assertThat(a.referenced().table()).isEqualTo("customers");
        assertThat(a.referencedColumns()).containsExactly("id");
        AddForeignKey.Args b = parse("sales.order_lines(order_id, \"Shop, Id\")", "\"Orders\"(id,shop_id)",
                "--on-delete", "set-null", "--on-update", "Cascade", "--name", "lines_order_fk");
        assertThat(b.table().schema()).isEqualTo("sales");
        assertThat(b.columns()).containsExactly("order_id", "Shop, Id");
        assertThat(b.referenced().table()).isEqualTo("Orders");
        assertThat(b.referencedColumns()).containsExactly("id", "shop_id");
        assertThat(b.onDelete()).isEqualTo("SET NULL");
        assertThat(b.onUpdate()).isEqualTo("CASCADE");
        assertThat(b.name()).isEqualTo("lines_order_fk");
    }

    @Test
    void withIndexBuildsTheIndexConcurrentlyBeforeTheKeyAndAbortDropsIt() {
        AddForeignKey.Args a = settled(parse("orders.customer_id", "customers.id", "--with-index"), "public");
        assertThat(a.withIndex()).isTrue();
        assertThat(OP.describe(a)).endsWith(" --with-index");
        InPlaceRecipe r = (InPlaceRecipe) OP.recipe(a, TableFactsFixture.orders().build(), new Names(3, "public", "orders"));
        assertThat(r.steps()).extracting(InPlaceStep::name).containsExactly("build", "add", "validate");
        InPlaceStep build = r.steps().get(0);
        assertThat(build.kind()).isEqualTo(InPlaceStep.Kind.CONCURRENT);
        assertThat(build.sql()).extracting(Statement::text).containsExactly(
                "CREATE INDEX CONCURRENTLY \"orders_customer_id_idx\" ON \"public\".\"orders\" (\"customer_id\")");
        assertThat(build.locks()).containsExactly(new LockUse("\"public\".\"orders\"", LockLevel.SHARE_UPDATE_EXCLUSIVE));
        assertThat(build.undo().sql()).extracting(Statement::text)
                .containsExactly("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_customer_id_idx\"");
        // without it: no build step, and the same request otherwise
        AddForeignKey.Args plain = settled(parse("orders.customer_id", "customers.id"), "public");
        assertThat(((InPlaceRecipe) OP.recipe(plain, TableFactsFixture.orders().build(), new Names(3, "public", "orders")))
                .steps()).extracting(InPlaceStep::name).containsExactly("add", "validate");
    }

    @Test
    void keysThatDoNotPairUpOrActionsPostgresDoesNotKnowAreUsageErrors() {
        assertThat(usage("orders(a, b)", "customers.id")).isEqualTo(ExitCode.USAGE);
        assertThat(usage("orders.customer_id", "customers.id", "--on-delete", "explode")).isEqualTo(ExitCode.USAGE);
        assertThat(usage("orders(a, a)", "customers(x, y)")).isEqualTo(ExitCode.USAGE);
        assertThat(usage("orders(a.b)", "customers(x)")).isEqualTo(ExitCode.USAGE);
        assertThat(usage("orders", "customers.id")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void addTakesShareRowExclusiveOnBothTablesInPostgresOwnOrder_validateBlocksNothing() {
        AddForeignKey.Args a = settled(parse("orders.customer_id", "customers.id", "--on-delete", "restrict"), "public");
        InPlaceRecipe r = (InPlaceRecipe) OP.recipe(a, TableFactsFixture.orders().build(), new Names(3, "public", "orders"));
        assertThat(r.steps()).extracting(InPlaceStep::name).containsExactly("add", "validate");
        InPlaceStep add = r.steps().get(0);
        assertThat(add.locks()).containsExactly(new LockUse("\"public\".\"orders\"", LockLevel.SHARE_ROW_EXCLUSIVE),
                new LockUse("\"public\".\"customers\"", LockLevel.SHARE_ROW_EXCLUSIVE));
        assertThat(add.sql()).extracting(Statement::text).containsExactly(
                "LOCK TABLE \"public\".\"orders\" IN SHARE ROW EXCLUSIVE MODE",
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_customer_id_fkey\" FOREIGN KEY (\"customer_id\") "
                        + "REFERENCES \"public\".\"customers\" (\"id\") ON DELETE RESTRICT NOT VALID");
        assertThat(add.undo().locks()).extracting(LockUse::level)
                .containsExactly(LockLevel.ACCESS_EXCLUSIVE, LockLevel.ACCESS_EXCLUSIVE);
        InPlaceStep validate = r.steps().get(1);
        assertThat(validate.locks()).containsExactly(new LockUse("\"public\".\"orders\"", LockLevel.SHARE_UPDATE_EXCLUSIVE),
                new LockUse("\"public\".\"customers\"", LockLevel.ROW_SHARE));
        assertThat(validate.locks()).allMatch(l -> l.level().blocks() == LockLevel.Blocks.NOTHING);
    }

    @Test
    void aSelfReferenceLocksOneTable() {
        AddForeignKey.Args a = settled(parse("orders.parent_id", "orders.id"), "public");
        InPlaceRecipe r = (InPlaceRecipe) OP.recipe(a, TableFactsFixture.orders().build(), new Names(3, "public", "orders"));
        assertThat(r.steps().get(0).locks()).hasSize(1);
        assertThat(r.steps().get(1).locks()).containsExactly(new LockUse("\"public\".\"orders\"",
                LockLevel.SHARE_UPDATE_EXCLUSIVE));
    }

    @Test
    void anIndexStartingWithTheKeyColumnsCountsInAnyOrder() {
        TableFacts f = TableFactsFixture.orders().build();
        assertThat(ForeignKeyIndex.indexed(List.of("status"), f)).isTrue();
        assertThat(ForeignKeyIndex.indexed(List.of("amount"), f)).isFalse();
        assertThat(ForeignKeyIndex.indexed(List.of("status", "id"), f)).isFalse();
    }

    @Test
    void theDefaultNameIsPostgresOwnAndLongNamesStayWithin63Bytes() {
        TableFacts f = TableFactsFixture.orders().build();
        assertThat(AddForeignKey.constraintName(parse("orders(a, b)", "c(x, y)"), f)).isEqualTo("orders_a_b_fkey");
        String longName = AddForeignKey.constraintName(parse("orders." + "x".repeat(63), "c.id"), f);
        assertThat(longName).hasSize(63).endsWith("_fkey");
    }
}
