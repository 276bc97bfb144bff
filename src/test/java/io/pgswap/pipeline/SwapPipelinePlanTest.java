package io.pgswap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Hooks;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.ops.AddNotNull;
import io.pgswap.ops.Operation;
import io.pgswap.ops.Repack;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.Plan;
import io.pgswap.plan.PlanStep;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The swap pipeline describing itself: the plan a dry run prints, from the steps a run executes. */
class SwapPipelinePlanTest {
    private static final long ID = 7;
    /** A fill value that would break any statement it were pasted into. */
    private static final String FILL = "it's a 'FILL' \"value\"; DROP TABLE orders; --";

    /** A request as the tests need it: an operation, its arguments, and the swap options. */
    record Req(Operation<?> op, Record args, SwapOptions options) {
    }

    /** What the dry run would print: the pipeline's steps and the operation's alternatives. */
    record TestPlan(List<PlanStep> steps, List<Plan.Alternative> alternatives) {
    }

    static Req addNotNull(String column, String fill) {
        return new Req(new AddNotNull(), new AddNotNull.Args(new Target(null, "orders"), column, fill),
                SwapOptions.DEFAULT);
    }

    static Req repack(boolean dropOld) {
        return new Req(new Repack(), new Repack.Args(new Target(null, "orders")), new SwapOptions(false, dropOld, false));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TestPlan plan(TableFacts f, Req r) {
        Operation op = r.op();
        SwapRecipe recipe = (SwapRecipe) op.recipe(r.args(), f, new Names(ID, f.schema(), f.name()));
        Tuning tuning = new Tuning(Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofMinutes(10), 200,
                Duration.ofMillis(200), 0, 5000, 2, Duration.ofHours(1));
        SwapContext ctx = new SwapContext(null, f, new Names(ID, f.schema(), f.name()), recipe,
                recipe.mapping().derive(f, f.columns()), tuning, r.options(), new Progress(), new StopSignal(),
                Clock.SYSTEM, Hooks.NONE, null, null);
        return new TestPlan(SwapPipeline.plan(ctx), op.alternatives(r.args(), f));
    }

    private static PlanStep step(TestPlan p, String name) {
        return p.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> sql(PlanStep s) {
        return s.sql().stream().map(Statement::text).toList();
    }

    private static Stream<String> allSql(TestPlan p) {
        return Stream.concat(p.steps().stream().flatMap(s -> sql(s).stream()),
                p.alternatives().stream().flatMap(a -> a.sql().stream()));
    }

    @Test
    void stepsComeInPhaseOrder() {
        assertThat(plan(TableFactsFixture.orders().build(), addNotNull("status", null)).steps())
                .extracting(PlanStep::name)
                .containsExactly("capture", "shadow", "copy", "indexes", "replay", "checksum", "swap", "finish",
                        "revert-window");
        assertThat(plan(TableFactsFixture.orders().build(), repack(false)).steps())
                .extracting(PlanStep::name)
                .containsExactly("capture", "shadow", "copy", "indexes", "replay", "checksum", "swap", "finish",
                        "revert-window");
    }

    @Test
    void locksAndWhatTheyBlock() {
        TestPlan p = plan(TableFactsFixture.orders().build(), addNotNull("status", null));
        PlanStep swap = step(p, "swap");
        assertThat(swap.strongest()).isEqualTo(LockLevel.ACCESS_EXCLUSIVE);
        assertThat(swap.strongest().blocks()).isEqualTo(LockLevel.Blocks.READS_AND_WRITES);
        assertThat(swap.locks()).extracting(l -> l.relation()).contains("\"public\".\"orders\"");
        assertThat(step(p, "copy").strongest().blocks()).isEqualTo(LockLevel.Blocks.NOTHING);
        assertThat(step(p, "replay").strongest().blocks()).isEqualTo(LockLevel.Blocks.NOTHING);
        assertThat(step(p, "indexes").strongest()).isEqualTo(LockLevel.NONE);
        assertThat(step(p, "capture").strongest()).isEqualTo(LockLevel.SHARE_ROW_EXCLUSIVE);
        assertThat(step(p, "capture").strongest().blocks()).isEqualTo(LockLevel.Blocks.WRITES);
        assertThat(step(p, "finish").strongest()).isEqualTo(LockLevel.NONE);
        assertThat(step(p, "shadow").strongest()).isEqualTo(LockLevel.ACCESS_SHARE);
        // only the swap blocks reads
        assertThat(p.steps()).filteredOn(s -> s.strongest().blocks() == LockLevel.Blocks.READS_AND_WRITES)
                .extracting(PlanStep::name).containsExactly("swap");
    }

    @Test
    void dropOldDropsTheOldTableInTheFinishStepUnderItsOwnLock() {
        TestPlan p = plan(TableFactsFixture.orders().build(), repack(true));
        PlanStep finish = step(p, "finish");
        assertThat(finish.strongest()).isEqualTo(LockLevel.ACCESS_EXCLUSIVE);
        assertThat(finish.locks()).extracting(l -> l.relation()).containsExactly("\"public\".\"pgswap_old_7_orders\"");
        assertThat(sql(finish)).contains("DROP TABLE \"public\".\"pgswap_old_7_orders\"");
        assertThat(sql(step(p, "swap"))).noneMatch(s -> s.startsWith("DROP TABLE"));
        assertThat(sql(step(plan(TableFactsFixture.orders().build(), repack(false)), "finish")))
                .noneMatch(s -> s.startsWith("DROP TABLE \"public\""));
    }

    @Test
    void swapLocksBothTablesWithABoundedWaitAndChecksTheLogIsEmpty() {
        List<String> swap = sql(step(plan(TableFactsFixture.orders().build(), addNotNull("status", null)), "swap"));
        assertThat(swap.get(0)).isEqualTo("SELECT set_config('lock_timeout', '200ms', true)");
        assertThat(swap.get(1)).isEqualTo("LOCK TABLE ONLY \"public\".\"pgswap_shadow_7\" IN ACCESS EXCLUSIVE MODE");
        assertThat(swap.get(2)).isEqualTo("LOCK TABLE ONLY \"public\".\"orders\" IN ACCESS EXCLUSIVE MODE");
        assertThat(swap).anyMatch(s -> s.startsWith("DO $pgswap$ BEGIN IF EXISTS (SELECT 1 FROM \"pgswap\".\"log_7\")")
                && s.contains("RAISE EXCEPTION"));
        assertThat(swap).contains(
                "ALTER TABLE \"public\".\"orders\" RENAME TO \"pgswap_old_7_orders\"",
                "ALTER TABLE \"public\".\"pgswap_shadow_7\" RENAME TO \"orders\"");
        assertThat(swap.get(swap.size() - 1)).isEqualTo("COMMIT");
        assertThat(swap.indexOf("ALTER TABLE \"public\".\"orders\" RENAME TO \"pgswap_old_7_orders\""))
                .isLessThan(swap.indexOf("ALTER TABLE \"public\".\"pgswap_shadow_7\" RENAME TO \"orders\""));
    }

    @Test
    void identifiersAreQuoted() {
        TestPlan p = plan(TableFactsFixture.orders().build(), addNotNull("status", FILL));
        Pattern bareTable = Pattern.compile("(?<![\\w\"])(public|orders)(?![\\w\"])");
        assertThat(allSql(p)).allSatisfy(sql -> assertThat(bareTable.matcher(sql.replaceAll("'(?:[^']|'')*'", "''")).find())
                .as("bare schema or table name in %s", sql).isFalse());
        assertThat(sql(step(p, "copy")).get(0))
                .contains("INSERT INTO \"public\".\"pgswap_shadow_7\" (\"id\", \"status\", \"amount\")")
                .contains("FROM ONLY \"public\".\"orders\" o");
    }

    @Test
    void awkwardNamesNeverAppearUnquoted() {
        Column id = new Column(1, "ID", "bigint", true, ' ', ' ', -1);
        Column status = new Column(2, "Status Code", "text", false, ' ', ' ', -1);
        Column weird = new Column(3, "a\"b;c", "integer", false, ' ', ' ', -1);
        IndexInfo pk = TableFactsFixture.primaryKey(1, "Or\"ders_pkey", "ID", "USING btree (\"ID\")");
        IndexInfo idx = TableFactsFixture.index(2, "Status Idx", "Status Code", "USING btree (\"Status Code\")");
        TableFacts f = TableFactsFixture.orders().schema("Sales Dept").name("Or\"ders")
                .columns(List.of(id, status, weird)).indexes(List.of(pk, idx)).build();
        for (int version : new int[] {170004, 180000}) {
            TableFacts fv = TableFactsFixture.orders().schema("Sales Dept").name("Or\"ders")
                    .columns(List.of(id, status, weird)).indexes(List.of(pk, idx)).serverVersionNum(version).build();
            for (Req spec : List.of(addNotNull("Status Code", FILL), repack(true))) {
                allSql(plan(fv, spec)).forEach(SwapPipelinePlanTest::assertNoBareName);
            }
        }
        assertThat(sql(step(plan(f, addNotNull("Status Code", null)), "shadow")))
                .contains("ALTER TABLE \"Sales Dept\".\"pgswap_shadow_7\" ALTER COLUMN \"Status Code\" SET NOT NULL");
    }

    /** Remove quoted identifiers, string literals and SQL comments: what is left must hold no user name. */
    private static void assertNoBareName(String sql) {
        String rest = sql.replaceAll("\"(?:[^\"]|\"\")*\"", "<ident>")
                .replaceAll("'(?:[^']|'')*'", "<literal>")
                .replaceAll("--[^\\n]*", "");
        assertThat(rest).as("SQL with quoted names removed: %s", sql)
                .doesNotContain("\"").doesNotContain("Sales").doesNotContain("Dept").doesNotContain("Status")
                .doesNotContain("Code").doesNotContain("ders").doesNotContain("b;c").doesNotContainPattern("\\bID\\b");
    }

    @Test
    void pg18ShadowUsesANamedNotNullConstraintAndOffersNotNullNotValid() {
        TestPlan p = plan(TableFactsFixture.orders().serverVersionNum(180000).build(), addNotNull("status", null));
        assertThat(sql(step(p, "shadow"))).contains(
                "ALTER TABLE \"public\".\"pgswap_shadow_7\" ADD CONSTRAINT \"orders_status_not_null\" NOT NULL \"status\"");
        assertThat(p.alternatives()).extracting(Plan.Alternative::name)
                .anySatisfy(n -> assertThat(n).contains("NOT NULL NOT VALID"))
                .noneSatisfy(n -> assertThat(n).contains("CHECK"));
        assertThat(p.alternatives()).flatExtracting(Plan.Alternative::sql).contains(
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_status_not_null\" NOT NULL \"status\" NOT VALID",
                "ALTER TABLE \"public\".\"orders\" VALIDATE CONSTRAINT \"orders_status_not_null\"");
    }

    @Test
    void pg17ShadowUsesSetNotNullAndOffersCheckNotValid() {
        TestPlan p = plan(TableFactsFixture.orders().serverVersionNum(170000).build(), addNotNull("status", null));
        assertThat(sql(step(p, "shadow")))
                .contains("ALTER TABLE \"public\".\"pgswap_shadow_7\" ALTER COLUMN \"status\" SET NOT NULL")
                .noneMatch(s -> s.contains("not_null"));
        assertThat(p.alternatives()).extracting(Plan.Alternative::name)
                .anySatisfy(n -> assertThat(n).contains("CHECK NOT VALID"))
                .noneSatisfy(n -> assertThat(n).contains("NOT NULL NOT VALID"));
        assertThat(p.alternatives()).flatExtracting(Plan.Alternative::sql).contains(
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_status_not_null\" CHECK (\"status\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"status\" SET NOT NULL");
    }

    @Test
    void pg14To17AllTakeTheCheckPath() {
        for (int v : new int[] {140000, 150010, 160004, 179999}) {
            TestPlan p = plan(TableFactsFixture.orders().serverVersionNum(v).build(), addNotNull("status", null));
            assertThat(p.alternatives()).as("server %d", v).extracting(Plan.Alternative::name)
                    .anySatisfy(n -> assertThat(n).contains("CHECK NOT VALID"));
        }
    }

    @Test
    void fillValueIsABindParameterNeverSqlText() {
        TestPlan p = plan(TableFactsFixture.orders().build(), addNotNull("status", FILL));
        assertThat(allSql(p)).noneMatch(s -> s.contains(FILL))
                .noneMatch(s -> s.contains("FILL"))
                .noneMatch(s -> s.contains("DROP TABLE orders"));
        assertThat(sql(step(p, "copy")).get(0)).contains("COALESCE(o.\"status\", CAST(? AS text))");
        assertThat(sql(step(p, "replay"))).anySatisfy(s -> assertThat(s).contains("CAST(? AS text)"));
        assertThat(p.steps()).flatExtracting(PlanStep::sql).filteredOn(st -> !st.params().isEmpty())
                .allSatisfy(st -> assertThat(st.text()).doesNotContain(FILL));
    }

    @Test
    void withoutFillThereIsNoExtraParameter() {
        TestPlan p = plan(TableFactsFixture.orders().build(), addNotNull("status", null));
        assertThat(sql(step(p, "copy")).get(0)).doesNotContain("COALESCE")
                .contains("SELECT o.\"id\", o.\"status\", o.\"amount\"");
    }

    @Test
    void indexesAreBuiltAfterTheCopyKeyFirst() {
        TestPlan p = plan(TableFactsFixture.orders().build(), addNotNull("status", null));
        assertThat(sql(step(p, "shadow"))).noneMatch(s -> s.contains("INDEX"));
        assertThat(sql(step(p, "copy"))).noneMatch(s -> s.contains("INDEX"));
        List<String> indexes = sql(step(p, "indexes"));
        int key = indexes.indexOf("CREATE UNIQUE INDEX \"pgswap_7_i0\" ON \"public\".\"pgswap_shadow_7\" USING btree (id)");
        int secondary = indexes.indexOf("CREATE INDEX \"pgswap_7_i1\" ON \"public\".\"pgswap_shadow_7\" USING btree (status)");
        assertThat(key).as("key index in %s", indexes).isNotNegative();
        assertThat(secondary).as("secondary index in %s", indexes).isGreaterThan(key);
        assertThat(indexes).contains(
                "ALTER TABLE \"public\".\"pgswap_shadow_7\" ADD CONSTRAINT \"pgswap_7_i0\" PRIMARY KEY USING INDEX \"pgswap_7_i0\"");
    }

    @Test
    void everyStepHasAPositiveEstimate() {
        assertThat(plan(TableFactsFixture.orders().build(), addNotNull("status", null)).steps())
                .allSatisfy(s -> assertThat(s.estimate()).isPositive());
    }

    @Test
    void repackOffersVacuumFull() {
        TestPlan p = plan(TableFactsFixture.orders().build(), repack(false));
        assertThat(p.alternatives()).extracting(Plan.Alternative::name).containsExactly("VACUUM FULL");
        assertThat(p.alternatives().get(0).sql()).containsExactly("VACUUM FULL \"public\".\"orders\"");
        assertThat(sql(step(p, "shadow"))).noneMatch(s -> s.contains("NOT NULL"));
    }

    @Test
    void estimatesScaleWithSize() {
        assertThat(Estimates.of(60_000_000, Estimates.COPY_BYTES_PER_SECOND)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Estimates.of(0, Estimates.COPY_BYTES_PER_SECOND)).isEqualTo(Duration.ofMillis(1));
        assertThat(Estimates.of(600_000_000, Estimates.COPY_BYTES_PER_SECOND)).isEqualTo(Duration.ofSeconds(10));
    }
}
