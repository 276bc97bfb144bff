package io.pgswap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.Column;
import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.IndexInfo;
import io.pgswap.catalog.RewriteDependent;
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
import io.pgswap.ops.Repack;
import io.pgswap.plan.PlanStep;
import io.pgswap.recipe.Reversal;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan of the checksum before the swap and of the revert window: whether each runs and why,
 * their statements (values bound, never pasted), and the revert's plan, built by the same steps
 * with the roles of the tables exchanged.
 */
class SafetyNetsPlanTest {
    static final long ID = 7;
    static final String FILL = "it's a 'FILL'; DROP TABLE orders; --";
    static final Tuning TUNING = new Tuning(Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofMinutes(10), 200,
            Duration.ofMillis(200), 0, 5000, 1, Duration.ofHours(1));

    static SwapOptions options(Boolean checksum, Duration window) {
        return new SwapOptions(false, false, false, checksum, window);
    }

    static SwapContext context(TableFacts f, SwapRecipe recipe, SwapOptions options) {
        Names n = new Names(ID, f.schema(), f.name());
        return new SwapContext(null, f, n, recipe, recipe.mapping().derive(f, f.columns()), f.columns(), TUNING,
                options, new Progress(), new StopSignal(), Clock.SYSTEM, Hooks.NONE, null, null);
    }

    static SwapRecipe repack(TableFacts f) {
        return (SwapRecipe) new Repack().recipe(new Repack.Args(new Target(null, f.name())), f,
                new Names(ID, f.schema(), f.name()));
    }

    static SwapRecipe addNotNull(TableFacts f, String fill) {
        return (SwapRecipe) new AddNotNull().recipe(new AddNotNull.Args(new Target(null, "orders"), "status", fill), f,
                new Names(ID, f.schema(), f.name()));
    }

    static PlanStep step(List<PlanStep> steps, String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static List<String> sql(PlanStep s) {
        return s.sql().stream().map(Statement::text).toList();
    }

    @Test
    void theChecksumIsSkippedUnlessAskedForOrOnByDefault_andThePlanSaysWhy() {
        TableFacts f = TableFactsFixture.orders().build();
        PlanStep off = step(SwapPipeline.plan(context(f, repack(f), options(null, null))), "checksum");
        assertThat(off.description()).startsWith("skipped").contains("--checksum turns it on");
        assertThat(off.sql()).isEmpty();
        PlanStep asked = step(SwapPipeline.plan(context(f, repack(f), options(true, null))), "checksum");
        assertThat(asked.description()).contains("asked for with --checksum");
        assertThat(asked.sql()).isNotEmpty();
        SwapRecipe r = repack(f);
        SwapRecipe byDefault = new SwapRecipe(r.why(), r.change(), false, r.mapping(), r.errors(), true, r.reverse());
        assertThat(step(SwapPipeline.plan(context(f, byDefault, options(null, null))), "checksum").description())
                .contains("on by default for this operation; --no-checksum turns it off");
        assertThat(step(SwapPipeline.plan(context(f, byDefault, options(false, null))), "checksum").description())
                .startsWith("skipped").contains("turned off with --no-checksum");
    }

    @Test
    void theChecksumComparesTheMappedRowCastToTheShadowTypeWithTheShadowsRow_inKeyChunks() {
        TableFacts f = TableFactsFixture.orders().build();
        PlanStep s = step(SwapPipeline.plan(context(f, addNotNull(f, FILL), options(true, null))), "checksum");
        List<String> sql = sql(s);
        assertThat(sql.get(0)).isEqualTo("BEGIN ISOLATION LEVEL REPEATABLE READ");
        assertThat(sql.get(1)).contains("FROM ONLY \"public\".\"orders\" o").contains("WHERE (o.\"id\") > (CAST(? AS bigint))")
                .contains("ORDER BY o.\"id\"").endsWith("OFFSET 9999 LIMIT 1) b")
                .startsWith("SELECT CAST(b.\"id\" AS text)\nFROM (SELECT o.\"id\" FROM ONLY");
        String compare = sql.get(2);
        assertThat(compare).contains("CAST((COALESCE(o.\"status\", CAST(? AS text))) AS text) AS c2")
                .contains("s.\"id\" AS c1, s.\"status\" AS c2, s.\"amount\" AS c3")
                .contains("FROM o FULL JOIN s ON o.k1 = s.k1")
                .contains("WHERE o.k1 IS NULL OR s.k1 IS NULL\n   OR o.c1 IS DISTINCT FROM s.c1\n"
                        + "   OR o.c2 COLLATE \"C\" IS DISTINCT FROM s.c2 COLLATE \"C\"\n"
                        + "   OR CAST(o.c3 AS text) IS DISTINCT FROM CAST(s.c3 AS text)")
                .contains("(s.\"id\") > (CAST(? AS bigint)) AND (s.\"id\") <= (CAST(? AS bigint))")
                .doesNotContain("FILL");
        // the fill is a value of the statement, and the chunk bounds are left for the run
        assertThat(s.sql().get(2).params()).containsExactly(FILL);
        assertThat(s.sql().get(2).open()).isEqualTo(4);
        assertThat(sql).anyMatch(q -> q.startsWith("SELECT DISTINCT CAST(l.\"k1\" AS text)")
                && q.contains("FROM \"pgswap\".\"log_7\" l") && q.contains("l.op <> 'T'"));
    }

    @Test
    void compositeKeysAreComparedAsRows() {
        List<Column> columns = List.of(new Column(1, "region", "text", true, ' ', ' ', -1),
                new Column(2, "n", "integer", true, ' ', ' ', -1), new Column(3, "v", "jsonb", false, ' ', ' ', -1));
        IndexInfo key = new IndexInfo(1, "t_pkey", true, true, true, false, false, List.of("region", "n"),
                "USING btree (region, n)", null, null, "t_pkey", 'p', "PRIMARY KEY (region, n)", false, false, null,
                false, false);
        TableFacts f = TableFactsFixture.orders().name("t").columns(columns).indexes(List.of(key)).build();
        io.pgswap.checksum.ChecksumSql sql = new io.pgswap.checksum.ChecksumSql(f, new Names(ID, "public", "t"),
                repack(f).mapping().derive(f, columns), columns);
        Statement b = sql.boundary(new String[] {"east", "7"}, 99, false);
        assertThat(b.text()).contains("WHERE (o.\"region\", o.\"n\") > (CAST(? AS text), CAST(? AS integer))")
                .contains("ORDER BY o.\"region\", o.\"n\"");
        assertThat(b.params()).containsExactly("east", "7");
        Statement c = sql.compare(new String[] {"east", "7"}, new String[] {"west", "1"}, false);
        assertThat(c.text()).contains("o.\"region\" AS k1, o.\"n\" AS k2")
                .contains("ON o.k1 = s.k1 AND o.k2 = s.k2")
                .contains("(o.\"region\", o.\"n\") > (CAST(? AS text), CAST(? AS integer)) AND (o.\"region\", o.\"n\") <= "
                        + "(CAST(? AS text), CAST(? AS integer))");
        assertThat(c.params()).containsExactly("east", "7", "west", "1", "east", "7", "west", "1");
        assertThat(sql.compare(null, null, false).text()).doesNotContain("WHERE (");
        assertThat(sql.compare(null, null, false).params()).isEmpty();
        Statement last = sql.compare(new String[] {"west", "9"}, null, false);
        assertThat(last.text()).doesNotContain("<=");
        assertThat(sql.remaining(new String[] {"west", "9"}).params()).containsExactly("west", "9");
    }

    @Test
    void withoutAWindowTheRevertWindowStepIsSkipped_andSaysWhatARevertWouldDo() {
        TableFacts f = TableFactsFixture.orders().build();
        List<PlanStep> steps = SwapPipeline.plan(context(f, addNotNull(f, "x"), options(null, null)));
        PlanStep w = step(steps, "revert-window");
        assertThat(w.description()).startsWith("skipped: no revert window").contains("--revert-window D");
        assertThat(w.note()).contains("accepts NULLs again");
        assertThat(sql(step(steps, "swap"))).noneMatch(s -> s.contains("pgswap_revert_7"));
    }

    @Test
    void aWindowPutsTheReverseCaptureOnTheNewTableInTheSwap_andKeepsTheOldTable() {
        ForeignKey self = new ForeignKey("orders_parent_fk", 16384, "public", "orders", 16384, "public", "orders",
                "FOREIGN KEY (parent) REFERENCES orders(id)", true, true, null);
        RewriteDependent rule = new RewriteDependent(16384, "public", "orders", 'r', "app", "keep", 'O',
                "CREATE RULE keep AS ON DELETE TO public.orders DO INSTEAD NOTHING;", List.of(), null);
        TableFacts f = TableFactsFixture.orders().foreignKeys(self).rewrites(rule).build();
        SwapOptions opts = new SwapOptions(false, true, false, null, Duration.ofHours(2));
        List<PlanStep> steps = SwapPipeline.plan(context(f, repack(f), opts));
        List<String> swap = sql(step(steps, "swap"));
        int renamed = swap.indexOf("ALTER TABLE \"public\".\"pgswap_shadow_7\" RENAME TO \"orders\"");
        int trigger = swap.indexOf("CREATE TRIGGER \"pgswap_revert_7\"\nAFTER INSERT OR UPDATE OR DELETE ON "
                + "\"public\".\"orders\"\nFOR EACH ROW EXECUTE FUNCTION \"pgswap\".\"revert_7\"()");
        assertThat(trigger).as("reverse trigger in %s", swap).isGreaterThan(renamed);
        assertThat(trigger).isLessThan(swap.indexOf("COMMIT"));
        assertThat(swap).contains("DROP RULE \"keep\" ON \"public\".\"pgswap_old_7_orders\"",
                "ALTER TABLE \"public\".\"pgswap_old_7_orders\" DROP CONSTRAINT \"orders_parent_fk\"");
        assertThat(swap.get(1)).startsWith("CREATE TABLE \"pgswap\".\"revlog_7\"");
        // --drop-old waits for the end of the window
        assertThat(sql(step(steps, "finish"))).noneMatch(s -> s.startsWith("DROP TABLE \"public\""));
        PlanStep w = step(steps, "revert-window");
        assertThat(w.description()).contains("for 2h after the swap").contains("pgswap revert public.orders");
        assertThat(sql(w)).contains("DROP TRIGGER IF EXISTS \"pgswap_revert_7\" ON \"public\".\"orders\"",
                "DROP TABLE IF EXISTS \"pgswap\".\"revlog_7\"", "DROP TABLE \"public\".\"pgswap_old_7_orders\"");
    }

    @Test
    void aChangeThatCannotBeRevertedSaysSoAndRefusesTheWindow() {
        TableFacts f = TableFactsFixture.orders().build();
        List<Column> retyped = List.of(f.columns().get(0), new Column(2, "status", "character varying(5)", false, ' ',
                ' ', -1), f.columns().get(2));
        Reversal r = SwapRecipe.sameColumnsBack(null).derive(f, retyped);
        assertThat(r.possible()).isFalse();
        assertThat(r.impossible()).contains("changes type from text to character varying(5)");
        Reversal dropped = SwapRecipe.sameColumnsBack(null).derive(f, List.of(f.columns().get(0), f.columns().get(1)));
        assertThat(dropped.impossible()).contains("column amount is not in the new table");
        SwapRecipe base = repack(f);
        SwapRecipe irreversible = new SwapRecipe(base.why(), base.change(), false, base.mapping(), base.errors(), false,
                (o, s) -> Reversal.impossible("column amount is dropped"));
        assertThat(step(SwapPipeline.plan(context(f, irreversible, options(null, Duration.ofHours(1)))), "revert-window")
                .description()).startsWith("refused: --revert-window").contains("column amount is dropped");
        assertThat(step(SwapPipeline.plan(context(f, irreversible, options(null, null))), "revert-window")
                .description()).contains("this change cannot be reverted: column amount is dropped");
    }

    @Test
    void theRevertsPlanIsTheSwapWithTheTablesExchanged() {
        TableFacts f = TableFactsFixture.orders().build();
        Names n = new Names(ID, "public", "orders").reversed();
        Reversal back = SwapRecipe.sameColumnsBack(null).derive(f, f.columns());
        SwapRecipe r = repack(f);
        SwapContext ctx = new SwapContext(null, f, n, r, back.mapping(), f.columns(), TUNING, SwapOptions.DEFAULT,
                new Progress(), new StopSignal(), Clock.SYSTEM, Hooks.NONE, null, null);
        List<PlanStep> steps = Revert.plan(ctx);
        assertThat(steps).extracting(PlanStep::name).containsExactly("revert-replay", "revert", "revert-finish");
        assertThat(sql(steps.get(0)).get(0)).contains("DELETE FROM \"pgswap\".\"revlog_7\"");
        assertThat(sql(steps.get(0)).get(2)).startsWith("INSERT INTO \"public\".\"pgswap_old_7_orders\"")
                .contains("FROM ONLY \"public\".\"orders\" o");
        List<String> swap = sql(steps.get(1));
        assertThat(swap.get(1)).isEqualTo("LOCK TABLE ONLY \"public\".\"pgswap_old_7_orders\" IN ACCESS EXCLUSIVE MODE");
        assertThat(swap).containsSubsequence(
                "ALTER TABLE \"public\".\"orders\" RENAME TO \"pgswap_rev_7_orders\"",
                "ALTER TABLE \"public\".\"pgswap_rev_7_orders\" RENAME CONSTRAINT \"orders_pkey\" TO \"pgswap_rev_7_i0\"",
                "ALTER TABLE \"public\".\"pgswap_old_7_orders\" RENAME TO \"orders\"",
                "ALTER TABLE \"public\".\"orders\" RENAME CONSTRAINT \"pgswap_old_7_i0\" TO \"orders_pkey\"",
                "ALTER INDEX \"public\".\"pgswap_old_7_i1\" RENAME TO \"orders_status_idx\"",
                "DROP TRIGGER \"pgswap_revert_7\" ON \"public\".\"pgswap_rev_7_orders\"");
        assertThat(swap).anyMatch(s -> s.contains("FROM \"pgswap\".\"revlog_7\") THEN RAISE EXCEPTION"));
        assertThat(sql(steps.get(2))).contains("DROP TABLE IF EXISTS \"pgswap\".\"revlog_7\"");
    }

    @Test
    void reversedNamesExchangeTheRolesOfTheTwoTables() {
        Names n = new Names(3, "s", "t");
        Names r = n.reversed();
        assertThat(r.shadowName()).isEqualTo(n.oldName()).isEqualTo("pgswap_old_3_t");
        assertThat(r.shadowIndex(2)).isEqualTo(n.oldIndex(2));
        assertThat(r.shadowStatistics(1)).isEqualTo(n.oldStatistics(1));
        assertThat(r.oldName()).isEqualTo("pgswap_rev_3_t");
        assertThat(r.oldIndex(0)).isEqualTo("pgswap_rev_3_i0");
        assertThat(r.oldSequence(0)).isEqualTo("pgswap_rev_3_s0");
        assertThat(r.logTable()).isEqualTo("\"pgswap\".\"revlog_3\"");
        assertThat(r.captureTrigger()).isEqualTo("pgswap_revert_3").matches(io.pgswap.catalog.Inspector.OWN_TRIGGER_PATTERN);
        assertThat(r.truncateTrigger()).matches(io.pgswap.catalog.Inspector.OWN_TRIGGER_PATTERN);
        assertThat(r.replayKeysName()).isNotEqualTo(n.replayKeysName());
        assertThat(r.reversed()).isEqualTo(n);
    }
}
