package io.pgswap.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Operation;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final long ID = 7;
    /** A fill value that would break any statement it were pasted into. */
    private static final String FILL = "it's a 'FILL' \"value\"; DROP TABLE orders; --";

    static MigrationSpec addNotNull(String column, String fill) {
        return new MigrationSpec(Operation.ADD_NOT_NULL, null, "orders", column, fill, true, Duration.ofMillis(200),
                Duration.ofMinutes(10), 200, Duration.ofMillis(200), 0, 5000, 2, false);
    }

    static MigrationSpec repack(boolean dropOld) {
        return new MigrationSpec(Operation.REPACK, null, "orders", null, null, true, Duration.ofMillis(300),
                Duration.ofMinutes(10), 200, Duration.ofMillis(200), 0, 5000, 2, dropOld);
    }

    private static Plan plan(TableFacts f, MigrationSpec spec) {
        return Planner.plan(f, spec, ID, List.of());
    }

    private static Step step(Plan p, String phase) {
        return p.steps().stream().filter(s -> s.phase().equals(phase)).findFirst().orElseThrow();
    }

    private static Stream<String> allSql(Plan p) {
        return Stream.concat(p.steps().stream().flatMap(s -> s.sql().stream()),
                p.alternatives().stream().flatMap(a -> a.sql().stream()));
    }

    @Test
    void stepsComeInPhaseOrder() {
        assertThat(plan(TableFactsFixture.orders().build(), addNotNull("status", null)).steps())
                .extracting(Step::phase)
                .containsExactly("capture", "shadow", "copy", "indexes", "replay", "swap", "finish");
        assertThat(plan(TableFactsFixture.orders().build(), repack(false)).steps())
                .extracting(Step::phase)
                .containsExactly("capture", "shadow", "copy", "indexes", "replay", "swap", "finish");
    }

    @Test
    void locksAndWhatTheyBlock() {
        Plan p = plan(TableFactsFixture.orders().build(), addNotNull("status", null));
        Step swap = step(p, "swap");
        assertThat(swap.lock()).isEqualTo(LockLevel.ACCESS_EXCLUSIVE);
        assertThat(swap.lock().blocks()).isEqualTo(LockLevel.Blocks.READS_AND_WRITES);
        assertThat(swap.lockTarget()).isEqualTo("\"public\".\"orders\"");
        assertThat(step(p, "copy").lock().blocks()).isEqualTo(LockLevel.Blocks.NOTHING);
        assertThat(step(p, "replay").lock().blocks()).isEqualTo(LockLevel.Blocks.NOTHING);
        assertThat(step(p, "indexes").lock()).isEqualTo(LockLevel.NONE);
        assertThat(step(p, "capture").lock()).isEqualTo(LockLevel.SHARE_ROW_EXCLUSIVE);
        assertThat(step(p, "capture").lock().blocks()).isEqualTo(LockLevel.Blocks.WRITES);
        assertThat(step(p, "finish").lock()).isEqualTo(LockLevel.NONE);
        // only the swap blocks reads
        assertThat(p.steps()).filteredOn(s -> s.lock().blocks() == LockLevel.Blocks.READS_AND_WRITES)
                .extracting(Step::phase).containsExactly("swap");
    }

    @Test
    void dropOldDropsTheOldTableInTheFinishStepUnderItsOwnLock() {
        Plan p = plan(TableFactsFixture.orders().build(), repack(true));
        Step finish = step(p, "finish");
        assertThat(finish.lock()).isEqualTo(LockLevel.ACCESS_EXCLUSIVE);
        assertThat(finish.lockTarget()).isEqualTo("\"public\".\"pgswap_old_7_orders\"");
        assertThat(finish.sql()).contains("DROP TABLE \"public\".\"pgswap_old_7_orders\"");
        assertThat(step(p, "swap").sql()).noneMatch(s -> s.startsWith("DROP TABLE"));
        assertThat(step(plan(TableFactsFixture.orders().build(), repack(false)), "finish").sql())
                .noneMatch(s -> s.startsWith("DROP TABLE \"public\""));
    }

    @Test
    void swapLocksBothTablesWithABoundedWaitAndChecksTheLogIsEmpty() {
        List<String> swap = step(plan(TableFactsFixture.orders().build(), addNotNull("status", null)), "swap").sql();
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
        Plan p = plan(TableFactsFixture.orders().build(), addNotNull("status", FILL));
        Pattern bareTable = Pattern.compile("(?<![\\w\"])(public|orders)(?![\\w\"])");
        assertThat(allSql(p)).allSatisfy(sql -> assertThat(bareTable.matcher(sql).find())
                .as("bare schema or table name in %s", sql).isFalse());
        assertThat(step(p, "copy").sql().get(0))
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
            for (MigrationSpec spec : List.of(addNotNull("Status Code", FILL), repack(true))) {
                allSql(Planner.plan(fv, spec, ID, List.of())).forEach(PlannerTest::assertNoBareName);
            }
        }
        assertThat(step(plan(f, addNotNull("Status Code", null)), "shadow").sql())
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
        Plan p = plan(TableFactsFixture.orders().serverVersionNum(180000).build(), addNotNull("status", null));
        assertThat(step(p, "shadow").sql()).contains(
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
        Plan p = plan(TableFactsFixture.orders().serverVersionNum(170000).build(), addNotNull("status", null));
        assertThat(step(p, "shadow").sql())
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
            Plan p = plan(TableFactsFixture.orders().serverVersionNum(v).build(), addNotNull("status", null));
            assertThat(p.alternatives()).as("server %d", v).extracting(Plan.Alternative::name)
                    .anySatisfy(n -> assertThat(n).contains("CHECK NOT VALID"));
        }
    }

    @Test
    void fillValueIsABindParameterNeverSqlText() {
        Plan p = plan(TableFactsFixture.orders().build(), addNotNull("status", FILL));
        assertThat(allSql(p)).noneMatch(s -> s.contains(FILL))
                .noneMatch(s -> s.contains("FILL"))
                .noneMatch(s -> s.contains("DROP TABLE orders"));
        assertThat(step(p, "copy").sql().get(0)).contains("COALESCE(o.\"status\", CAST(? AS text))");
        assertThat(step(p, "replay").sql()).anySatisfy(s -> assertThat(s).contains("CAST(? AS text)"));
        assertThat(p.toString()).doesNotContain(FILL);
    }

    @Test
    void withoutFillThereIsNoExtraParameter() {
        Plan p = plan(TableFactsFixture.orders().build(), addNotNull("status", null));
        assertThat(step(p, "copy").sql().get(0)).doesNotContain("COALESCE")
                .contains("SELECT o.\"id\", o.\"status\", o.\"amount\"");
    }

    @Test
    void indexesAreBuiltAfterTheCopyKeyFirst() {
        Plan p = plan(TableFactsFixture.orders().build(), addNotNull("status", null));
        assertThat(step(p, "shadow").sql()).noneMatch(s -> s.contains("INDEX"));
        assertThat(step(p, "copy").sql()).noneMatch(s -> s.contains("INDEX"));
        List<String> indexes = step(p, "indexes").sql();
        int key = indexes.indexOf("CREATE UNIQUE INDEX \"pgswap_7_i0\" ON \"public\".\"pgswap_shadow_7\" USING btree (id)");
        int secondary = indexes.indexOf("CREATE INDEX \"pgswap_7_i1\" ON \"public\".\"pgswap_shadow_7\" USING btree (status)");
        assertThat(key).as("key index in %s", indexes).isNotNegative();
        assertThat(secondary).as("secondary index in %s", indexes).isGreaterThan(key);
        assertThat(indexes).contains(
                "ALTER TABLE \"public\".\"pgswap_shadow_7\" ADD CONSTRAINT \"pgswap_7_i0\" PRIMARY KEY USING INDEX \"pgswap_7_i0\"");
    }

    @Test
    void planDescribesTheTarget() {
        Plan p = plan(TableFactsFixture.orders().build(), addNotNull("status", null));
        assertThat(p.table()).isEqualTo("public.orders");
        assertThat(p.operation()).isEqualTo("add-not-null");
        assertThat(p.column()).isEqualTo("status");
        assertThat(p.key()).isEqualTo("orders_pkey (id)");
        assertThat(p.serverVersionNum()).isEqualTo(170004);
        assertThat(p.steps()).allSatisfy(s -> assertThat(s.estimate()).isPositive());
    }

    @Test
    void repackOffersVacuumFull() {
        Plan p = plan(TableFactsFixture.orders().build(), repack(false));
        assertThat(p.alternatives()).extracting(Plan.Alternative::name).containsExactly("VACUUM FULL");
        assertThat(p.alternatives().get(0).sql()).containsExactly("VACUUM FULL \"public\".\"orders\"");
        assertThat(step(p, "shadow").sql()).noneMatch(s -> s.contains("NOT NULL"));
    }

    @Test
    void estimatesScaleWithSize() {
        assertThat(Planner.seconds(60_000_000, Planner.COPY_BYTES_PER_SECOND)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Planner.seconds(0, Planner.COPY_BYTES_PER_SECOND)).isEqualTo(Duration.ofMillis(1));
        assertThat(Planner.seconds(600_000_000, Planner.COPY_BYTES_PER_SECOND)).isEqualTo(Duration.ofSeconds(10));
    }
}
