package io.pgswap.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Names;
import io.pgswap.core.Target;
import io.pgswap.recipe.InPlaceRecipe;
import io.pgswap.recipe.InPlaceStep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The index operations' checks, argument parsing and recipes, on hand-built catalog facts. */
class IndexOperationsTest {
    private static final Names NAMES = new Names(7, "public", "orders");

    private static PgSwapException failure(Runnable r) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).isInstanceOf(PgSwapException.class);
        return (PgSwapException) t;
    }

    @Test
    void concurrentlyIsRefusedOnPostgres14Point0To14Point3AndAllowedFrom14Point4() {
        for (int v : new int[] {140000, 140001, 140003}) {
            TableFacts f = TableFactsFixture.orders().serverVersionNum(v).build();
            PgSwapException e = failure(() -> new AddIndex().check(addIndex("status"), f));
            assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(e.getMessage()).contains("PostgreSQL 14." + v % 100).contains("fixed in 14.4")
                    .contains("upgrade the server to the latest 14.x minor release");
            assertThat(failure(() -> new Reindex().check(new Reindex.Args(new Target(null, "orders"), null, false), f))
                    .exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(failure(() -> new AddUnique().check(new AddUnique.Args(new Target(null, "orders"),
                    List.of("status"), null), f)).exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(failure(() -> new AddPrimaryKey().check(new AddPrimaryKey.Args(new Target(null, "orders"),
                    List.of("status"), null), TableFactsFixture.orders().serverVersionNum(v).noKey()
                    .indexes(List.of()).build())).exitCode()).isEqualTo(ExitCode.REFUSED);
        }
        for (int v : new int[] {140004, 140018, 150000, 180001}) {
            TableFacts f = TableFactsFixture.orders().serverVersionNum(v).build();
            assertThatCode(() -> new AddIndex().check(addIndex("status"), f)).doesNotThrowAnyException();
        }
    }

    @Test
    void theIndexOperationsGoThroughAPartitionedTablesPartitions_viewsAreRefused() {
        TableFacts parent = TableFactsFixture.orders().relkind('p').build();
        assertThatCode(() -> new AddIndex().check(addIndex("status"), parent)).doesNotThrowAnyException();
        AddIndex.Args named = addIndex("status");
        assertThat(new AddIndex().forPartition(named).name()).as("each partition's index gets its own name").isNull();
        var steps = new AddIndex().partitioned(named, parent).orElseThrow();
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).sql().get(0).text()).isEqualTo("CREATE INDEX \"x\" ON \"public\".\"orders\" (status)");
        assertThat(steps.get(0).locks()).extracting(l -> l.level()).containsExactly(io.pgswap.catalog.LockLevel.SHARE);
        assertThat(failure(() -> new AddIndex().check(addIndex("status"), TableFactsFixture.orders().relkind('p')
                .serverVersionNum(140002).build())).getMessage()).contains("fixed in 14.4");
        AddUnique.Args unique = new AddUnique.Args(new Target(null, "orders"), List.of("status"), "orders_status_key");
        assertThatCode(() -> new AddUnique().check(unique, parent)).doesNotThrowAnyException();
        assertThat(new AddUnique().forPartition(unique).name()).isNull();
        assertThat(new AddUnique().partitioned(unique, parent).orElseThrow().get(0).sql().get(0).text())
                .isEqualTo("ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_status_key\" UNIQUE (\"status\")");
        AddPrimaryKey.Args pk = new AddPrimaryKey.Args(new Target(null, "orders"), List.of("status"), "orders_pk");
        TableFacts keyless = TableFactsFixture.orders().relkind('p').noKey().indexes(List.of()).build();
        assertThatCode(() -> new AddPrimaryKey().check(pk, keyless)).doesNotThrowAnyException();
        assertThat(new AddPrimaryKey().partitioned(pk, keyless).orElseThrow().get(0).sql().get(0).text())
                .isEqualTo("ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_pk\" PRIMARY KEY (\"status\")");
        assertThat(failure(() -> new AddPrimaryKey().check(pk, parent)).getMessage())
                .as("a partitioned table with a primary key").contains("already has a primary key");
        assertThat(failure(() -> new AddIndex().check(addIndex("status"), TableFactsFixture.orders().relkind('v')
                .build())).exitCode()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void addIndexArgumentsAreGuardedUserSql() {
        AddIndex.Args a = parse(new AddIndex(), "orders", "lower(status), amount DESC", "--unique", "--using", "GIN",
                "--where", "amount > 0", "--include", "id", "--name", "Orders By Status");
        assertThat(a).isEqualTo(new AddIndex.Args(new Target(null, "orders"), "lower(status), amount DESC",
                "Orders By Status", true, "gin", "amount > 0", "id"));
        assertThat(failure(() -> parse(new AddIndex(), "orders", "id); DROP TABLE orders; --")).exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(failure(() -> parse(new AddIndex(), "orders", "id", "--where", "true; DROP TABLE x")).exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(failure(() -> parse(new AddIndex(), "orders", "id", "--using", "btree (id)")).getMessage())
                .contains("should be the name of an access method");
        assertThat(failure(() -> parse(new AddIndex(), "orders", "id", "--name", "x".repeat(64))).getMessage())
                .contains("longer than PostgreSQL's 63 bytes");
    }

    @Test
    void constraintColumnsAreNamesWithSqlRules() {
        assertThat(IndexBuild.columns("Customer_ID, \"Order, No\" ,x", "COLUMNS"))
                .containsExactly("customer_id", "Order, No", "x");
        // in parentheses, as in UNIQUE (code) (what lint suggests)
        assertThat(IndexBuild.columns(" (code, \"B\") ", "COLUMNS")).containsExactly("code", "B");
        assertThat(failure(() -> IndexBuild.columns("(a), (b)", "COLUMNS")).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(failure(() -> IndexBuild.columns("lower(note)", "COLUMNS")).getMessage())
                .contains("should be column names separated by commas");
        assertThat(failure(() -> IndexBuild.columns("a, A", "COLUMNS")).getMessage()).contains("names a column twice");
        assertThat(failure(() -> IndexBuild.columns("s.a", "COLUMNS")).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void addIndexBuildsOneConcurrentStepThatAbortDropsConcurrently() {
        TableFacts f = TableFactsFixture.orders().build();
        AddIndex.Args a = new AddIndex.Args(new Target(null, "orders"), "lower(status)", "orders_lower_idx", true,
                "btree", "amount > 0", "id");
        InPlaceRecipe r = (InPlaceRecipe) new AddIndex().recipe(a, f, NAMES);
        assertThat(r.steps()).hasSize(1);
        InPlaceStep build = r.steps().get(0);
        assertThat(build.kind()).isEqualTo(InPlaceStep.Kind.CONCURRENT);
        assertThat(build.transactional()).isFalse();
        assertThat(build.sql().get(0).text()).isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY \"orders_lower_idx\" ON "
                + "\"public\".\"orders\" USING \"btree\" (lower(status)) INCLUDE (id) WHERE (amount > 0)");
        assertThat(build.locks()).extracting(l -> l.level().mode()).containsExactly("SHARE UPDATE EXCLUSIVE");
        assertThat(build.undo().transactional()).isFalse();
        assertThat(build.undo().sql().get(0).text())
                .isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_lower_idx\"");
        assertThat(build.done().text()).contains("indisvalid AND i.indisready");
    }

    @Test
    void addPrimaryKeyProvesNullableColumnsNotNullWithACheckAndLeavesTheColumnsAloneUntilTheLastStep() {
        List<Column> cols = new ArrayList<>(TableFactsFixture.orders().build().columns());
        TableFacts f = TableFactsFixture.orders().noKey().indexes(List.of()).columns(cols).build();
        InPlaceRecipe r = (InPlaceRecipe) new AddPrimaryKey().recipe(new AddPrimaryKey.Args(new Target(null, "orders"),
                List.of("id", "status"), "orders_pkey"), f, NAMES);
        assertThat(r.steps()).extracting(InPlaceStep::name)
                .containsExactly("not-null-check", "not-null-validate", "build", "primary-key");
        assertThat(r.steps().get(0).sql().get(0).text()).isEqualTo("ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT "
                + "\"pgswap_nn_7_orders\" CHECK (\"status\" IS NOT NULL) NOT VALID");
        assertThat(r.steps().get(0).undo().sql().get(0).text()).contains("DROP CONSTRAINT IF EXISTS \"pgswap_nn_7_orders\"");
        assertThat(r.steps().get(3).sql()).extracting(s -> s.text()).containsExactly(
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_pkey\" PRIMARY KEY USING INDEX \"orders_pkey\"",
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT \"pgswap_nn_7_orders\"");
        // no step before the last one touches the columns, so abort has nothing to put back on them
        r.steps().subList(0, 3).forEach(s -> s.sql().forEach(q -> assertThat(q.text()).doesNotContain("SET NOT NULL")));

        InPlaceRecipe notNull = (InPlaceRecipe) new AddPrimaryKey().recipe(new AddPrimaryKey.Args(new Target(null,
                "orders"), List.of("id"), "orders_pkey"), f, NAMES);
        assertThat(notNull.steps()).extracting(InPlaceStep::name).containsExactly("build", "primary-key");
    }

    @Test
    void addPrimaryKeyOnATableWithOneIsRefusedUnlessItIsTheSameKey() {
        TableFacts f = TableFactsFixture.orders().build();
        assertThat(failure(() -> new AddPrimaryKey().check(new AddPrimaryKey.Args(new Target(null, "orders"),
                List.of("id"), null), f)).exitCode()).isEqualTo(ExitCode.OK);
        PgSwapException e = failure(() -> new AddPrimaryKey().check(new AddPrimaryKey.Args(new Target(null, "orders"),
                List.of("status"), null), f));
        assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(e.getMessage()).contains("already has a primary key");
    }

    @Test
    void reindexRebuildsEveryIndexButLeftoversAndFindsWhoseLeftoversTheyAre() {
        IndexInfo pkey = TableFactsFixture.primaryKey(1, "orders_pkey", "id", "USING btree (id)");
        IndexInfo status = TableFactsFixture.index(2, "orders_status_idx", "status", "USING btree (status)");
        IndexInfo broken = invalid(TableFactsFixture.index(3, "orders_amount_idx", "amount", "USING btree (amount)"));
        IndexInfo ccnew = invalid(TableFactsFixture.index(4, "orders_status_idx_ccnew", "status", "USING btree (status)"));
        IndexInfo ccold = invalid(TableFactsFixture.index(5, "orders_pkey_ccold1", "id", "USING btree (id)"));
        IndexInfo orphan = invalid(TableFactsFixture.index(6, "gone_idx_ccnew", "amount", "USING hash (amount)"));
        TableFacts f = TableFactsFixture.orders().indexes(List.of(pkey, status, broken, ccnew, ccold, orphan)).build();

        assertThat(Reindex.leftoverOf(ccnew, status)).isTrue();
        assertThat(Reindex.leftoverOf(ccnew, pkey)).isFalse();
        assertThat(Reindex.leftoverOf(ccold, pkey)).as("the pkey's copy is not unique here: another definition")
                .isFalse();
        Target t = new Target(null, "orders");
        assertThat(Reindex.scope(new Reindex.Args(t, null, false), f)).extracting(IndexInfo::name)
                .containsExactly("orders_amount_idx", "orders_pkey", "orders_status_idx");
        assertThat(Reindex.scope(new Reindex.Args(t, null, true), f)).extracting(IndexInfo::name)
                .as("INVALID ones, and the one an interrupted REINDEX left a copy of")
                .containsExactly("orders_amount_idx", "orders_status_idx");
        InPlaceRecipe r = (InPlaceRecipe) new Reindex().recipe(new Reindex.Args(t, null, true), f, NAMES);
        assertThat(r.steps()).extracting(InPlaceStep::name)
                .containsExactly("drop-leftovers", "reindex orders_amount_idx", "reindex orders_status_idx");
        assertThat(r.steps().get(0).sql()).extracting(s -> s.text()).containsExactly(
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_pkey_ccold1\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"gone_idx_ccnew\"");
        assertThat(r.steps().get(2).sql().get(0).text())
                .isEqualTo("REINDEX INDEX CONCURRENTLY \"public\".\"orders_status_idx\"");
        assertThat(r.steps()).allSatisfy(s -> assertThat(s.kind()).isEqualTo(InPlaceStep.Kind.CONCURRENT));
    }

    @Test
    void reindexWithNothingToRebuildIsNothingToDo() {
        Target t = new Target(null, "orders");
        TableFacts f = TableFactsFixture.orders().build();
        PgSwapException e = failure(() -> new Reindex().check(new Reindex.Args(t, null, true), f));
        assertThat(e.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(e.getMessage()).contains("has no INVALID index");
        assertThat(failure(() -> new Reindex().check(new Reindex.Args(t, "nosuch", false), f)).exitCode())
                .isEqualTo(ExitCode.REFUSED);
    }

    private static IndexInfo invalid(IndexInfo i) {
        return new IndexInfo(i.oid(), i.name(), i.unique(), i.primary(), false, i.partial(), i.hasExpressions(),
                i.keyColumns(), i.definitionTail(), i.tablespace(), i.comment(), i.constraintName(), i.constraintType(),
                i.constraintDef(), i.deferrable(), i.initiallyDeferred(), i.constraintComment(), i.replicaIdentity(),
                i.clustered());
    }

    private static AddIndex.Args addIndex(String columns) {
        return new AddIndex.Args(new Target(null, "orders"), columns, "x", false, null, null, null);
    }

    @SuppressWarnings("unchecked")
    private static <A extends Record> A parse(Operation<A> op, String... argv) {
        Operation.Command<A> cmd = op.command();
        new CommandLine(cmd).parseArgs(argv);
        return cmd.args();
    }
}
