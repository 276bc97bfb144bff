package io.pgswap.swap;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.Grant;
import io.pgswap.catalog.MaterializedView;
import io.pgswap.catalog.PublicationMember;
import io.pgswap.catalog.RewriteDependent;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Names;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The swap's statements for what depends on the table: lock order, foreign keys, views, rules, publications. */
class SwapSqlTest {
    static final long ORDERS = 16384;
    static final ForeignKey OUT = new ForeignKey("orders_customer_fk", ORDERS, "public", "orders", 20000, "public",
            "customers", "FOREIGN KEY (customer_id) REFERENCES customers(id)", true, true, null);
    static final ForeignKey SELF = new ForeignKey("orders_parent_fk", ORDERS, "public", "orders", ORDERS, "public",
            "orders", "FOREIGN KEY (parent_id) REFERENCES orders(id)", true, true, null);
    static final ForeignKey IN = new ForeignKey("items_order_fk", 30000, "sales", "Items", ORDERS, "public", "orders",
            "FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE", true, true, "which order");
    static final ForeignKey IN_NOT_VALID = new ForeignKey("returns_order_fk", 30001, "public", "returns", ORDERS,
            "public", "orders", "FOREIGN KEY (order_id) REFERENCES orders(id)", false, true, null);
    static final RewriteDependent VIEW = new RewriteDependent(40000, "reporting", "open orders", 'v', "app",
            "_RETURN", 'O', " SELECT id,\n    status\n   FROM orders\n  WHERE status = 'open'::text;",
            List.of("security_barrier=true", "check_option=local"), null);
    static final RewriteDependent RULE_ON_TABLE = new RewriteDependent(ORDERS, "public", "orders", 'r', "app",
            "keep", 'D', "CREATE RULE keep AS\n    ON DELETE TO public.orders DO INSTEAD NOTHING;", List.of(), "kept");
    static final RewriteDependent RULE_ELSEWHERE = new RewriteDependent(50000, "public", "intake", 'r', "app",
            "forward", 'O', "CREATE RULE forward AS\n    ON INSERT TO public.intake DO  INSERT INTO orders (id) VALUES (new.id);",
            List.of(), null);
    static final RewriteDependent MATVIEW = new RewriteDependent(60000, "reporting", "totals", 'm', "report",
            "_RETURN", 'O', " SELECT count(*) AS n\n   FROM orders;", List.of(), null);

    static TableFacts facts() {
        return TableFactsFixture.orders().foreignKeys(IN, IN_NOT_VALID, OUT, SELF)
                .rewrites(VIEW, RULE_ON_TABLE, RULE_ELSEWHERE, MATVIEW)
                .publications(new PublicationMember("cdc", "app", List.of("id", "status"), "(status <> 'draft'::text)"))
                .build();
    }

    @Test
    void locksTheShadowFirstThenEverythingElseByName_theOriginalBeforeTheTablesItReferences() {
        List<String> lock = SwapLocks.lock(facts(), new Names(7, "public", "orders"));
        assertThat(lock).containsExactly(
                "LOCK TABLE ONLY \"public\".\"pgswap_shadow_7\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"intake\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"returns\" IN ACCESS EXCLUSIVE MODE",
                "ALTER VIEW \"reporting\".\"open orders\" OWNER TO \"app\"",
                "ALTER MATERIALIZED VIEW \"reporting\".\"totals\" OWNER TO \"report\"",
                "LOCK TABLE ONLY \"sales\".\"Items\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders\" IN ACCESS EXCLUSIVE MODE",
                // the order of a write's foreign key check: the original, then the table it references
                "LOCK TABLE ONLY \"public\".\"customers\" IN ACCESS EXCLUSIVE MODE");
        assertThat(SwapLocks.lockedRelations(facts())).containsExactlyInAnyOrder(ORDERS, 20000L, 30000L, 30001L,
                40000L, 50000L, 60000L);
        // once the first relation applications use is held, every later wait is bounded by deadlock_timeout
        List<String> bounded = SwapLocks.lock(facts(), new Names(7, "public", "orders"), java.time.Duration.ofSeconds(2));
        assertThat(bounded).hasSize(lock.size() + 1);
        assertThat(bounded.subList(0, 2)).isEqualTo(lock.subList(0, 2));
        assertThat(bounded.get(2)).isEqualTo(io.pgswap.core.LockGate.belowDeadlockTimeout(java.time.Duration.ofSeconds(2)))
                .contains("least(2000, (SELECT setting::bigint FROM pg_settings WHERE name = 'deadlock_timeout') / 2)");
        assertThat(bounded.subList(3, bounded.size())).isEqualTo(lock.subList(2, lock.size()));
        // the shadow and the original alone: nothing is held that applications use while the original is waited for
        TableFacts alone = TableFactsFixture.orders().build();
        assertThat(SwapLocks.lock(alone, new Names(7, "public", "orders"), java.time.Duration.ofSeconds(2)))
                .noneMatch(s -> s.contains("set_config"));
    }

    @Test
    void foreignKeysAreReAddedNotValidAndTheOldOnesDropped() {
        assertThat(SwapSql.foreignKeys(facts(), "\"public\".\"pgswap_old_7_orders\"")).containsExactly(
                "ALTER TABLE ONLY \"sales\".\"Items\" DROP CONSTRAINT \"items_order_fk\", ADD CONSTRAINT \"items_order_fk\" "
                        + "FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE CASCADE NOT VALID",
                "COMMENT ON CONSTRAINT \"items_order_fk\" ON \"sales\".\"Items\" IS 'which order'",
                "ALTER TABLE ONLY \"public\".\"returns\" DROP CONSTRAINT \"returns_order_fk\", ADD CONSTRAINT "
                        + "\"returns_order_fk\" FOREIGN KEY (order_id) REFERENCES orders(id) NOT VALID",
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_customer_fk\" "
                        + "FOREIGN KEY (customer_id) REFERENCES customers(id) NOT VALID",
                "ALTER TABLE \"public\".\"pgswap_old_7_orders\" DROP CONSTRAINT \"orders_customer_fk\"",
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_parent_fk\" "
                        + "FOREIGN KEY (parent_id) REFERENCES orders(id) NOT VALID");
    }

    @Test
    void onlyKeysThatWereValidAreValidatedAfterTheSwap() {
        assertThat(SwapSql.keysToValidate(facts()))
                .containsExactly("30000/items_order_fk", "0/orders_customer_fk", "0/orders_parent_fk");
        ForeignKey notEnforced = new ForeignKey("k", ORDERS, "public", "orders", 20000, "public", "customers",
                "FOREIGN KEY (c) REFERENCES customers(id) NOT ENFORCED", false, false, null);
        assertThat(notEnforced.addClause()).doesNotContain("NOT VALID");
        assertThat(notEnforced.needsValidation()).isFalse();
    }

    @Test
    void viewsAreReplacedInPlaceWithTheirOptionsAndRulesKeepTheirState() {
        assertThat(SwapSql.rewrites(facts(), facts().rewriteDependents())).containsExactly(
                "CREATE OR REPLACE VIEW \"reporting\".\"open orders\" WITH (security_barrier = 'true', "
                        + "check_option = 'local') AS\nSELECT id,\n    status\n   FROM orders\n  WHERE status = 'open'::text",
                "CREATE RULE keep AS\n    ON DELETE TO public.orders DO INSTEAD NOTHING",
                "ALTER TABLE \"public\".\"orders\" DISABLE RULE \"keep\"",
                "COMMENT ON RULE \"keep\" ON \"public\".\"orders\" IS 'kept'",
                "CREATE OR REPLACE RULE forward AS\n    ON INSERT TO public.intake DO  INSERT INTO orders (id) VALUES (new.id)");
    }

    @Test
    void publicationMembershipMovesWithColumnListAndRowFilter() {
        assertThat(SwapSql.publications(facts(), "\"public\".\"pgswap_old_7_orders\"", facts().publications()))
                .containsExactly(
                        "ALTER PUBLICATION \"cdc\" DROP TABLE ONLY \"public\".\"pgswap_old_7_orders\"",
                        "ALTER PUBLICATION \"cdc\" ADD TABLE ONLY \"public\".\"orders\" (\"id\", \"status\") "
                                + "WHERE ((status <> 'draft'::text))");
    }

    @Test
    void aMaterializedViewIsRebuiltWithEverythingAroundIt() {
        MaterializedView m = new MaterializedView(null, true, "totals", true,
                List.of(new Grant("reader", "SELECT", false, null)), Map.of("n", "count"),
                List.of("CREATE UNIQUE INDEX totals_n ON reporting.totals USING btree (n)"), Map.of("totals_n", "one"),
                Map.of("n", 200), "totals_n", java.util.Arrays.asList("app_ro", null));
        assertThat(RebuildSql.rebuild(MATVIEW, m)).containsExactly(
                "DROP MATERIALIZED VIEW \"reporting\".\"totals\"",
                "CREATE MATERIALIZED VIEW \"reporting\".\"totals\" AS\nSELECT count(*) AS n\n   FROM orders\nWITH DATA",
                "REVOKE ALL ON \"reporting\".\"totals\" FROM \"app_ro\", PUBLIC",
                "GRANT ALL ON \"reporting\".\"totals\" TO CURRENT_USER",
                "ALTER MATERIALIZED VIEW \"reporting\".\"totals\" OWNER TO \"report\"",
                "REVOKE ALL ON \"reporting\".\"totals\" FROM PUBLIC, \"report\"",
                "GRANT SELECT ON \"reporting\".\"totals\" TO \"reader\"",
                "ALTER MATERIALIZED VIEW \"reporting\".\"totals\" ALTER COLUMN \"n\" SET STATISTICS 200",
                "COMMENT ON MATERIALIZED VIEW \"reporting\".\"totals\" IS 'totals'",
                "COMMENT ON COLUMN \"reporting\".\"totals\".\"n\" IS 'count'",
                "CREATE UNIQUE INDEX totals_n ON reporting.totals USING btree (n)",
                "COMMENT ON INDEX \"reporting\".\"totals_n\" IS 'one'",
                "ALTER MATERIALIZED VIEW \"reporting\".\"totals\" CLUSTER ON \"totals_n\"");
    }

    static final String REWARDS_DEF = "CREATE OR REPLACE FUNCTION public.rewards(n integer)\n RETURNS SETOF orders\n"
            + " LANGUAGE sql\nAS $function$ SELECT * FROM orders LIMIT n $function$\n";

    @Test
    void aRoutineOfTheRowTypeIsDroppedBeforeTheRenamesAndCreatedAgainAfterThem() {
        io.pgswap.catalog.Routine r = new io.pgswap.catalog.Routine(70000, "rewards(integer)", "report", REWARDS_DEF,
                true, List.of(new Grant("report", "EXECUTE", false, null, "report"),
                new Grant("app", "EXECUTE", true, null, "report")), false, List.of(), "points", null);
        List<String> sql = SwapSql.renames(facts(), new Names(7, "public", "orders"), List.of(), List.of(), List.of(r),
                List.of(), List.of());
        int drop = sql.indexOf("DROP ROUTINE rewards(integer)");
        int rename = sql.indexOf("ALTER TABLE \"public\".\"orders\" RENAME TO \"pgswap_old_7_orders\"");
        int create = sql.indexOf(RebuildSql.createNaming(r, REWARDS_DEF.strip()));
        assertThat(sql.get(create)).startsWith("DO $pgswap_routine$ BEGIN EXECUTE 'CREATE OR REPLACE FUNCTION")
                .contains("$function$ SELECT * FROM orders LIMIT n $function$")
                .endsWith("'rewards(integer)', SQLERRM; END $pgswap_routine$");
        assertThat(drop).isNotNegative().isLessThan(rename);
        assertThat(create).isGreaterThan(rename);
        assertThat(sql.subList(create + 1, create + 6)).containsExactly(
                "ALTER ROUTINE rewards(integer) OWNER TO \"report\"",
                "REVOKE ALL ON ROUTINE rewards(integer) FROM PUBLIC, \"report\"",
                "GRANT EXECUTE ON ROUTINE rewards(integer) TO \"report\"",
                "GRANT EXECUTE ON ROUTINE rewards(integer) TO \"app\" WITH GRANT OPTION",
                "COMMENT ON ROUTINE rewards(integer) IS 'points'");
    }

    @Test
    void aRoutineWithTheDefaultAclKeepsItUnlessDefaultPrivilegesWouldChangeIt() {
        List<Grant> defaults = List.of(new Grant(null, "EXECUTE", false, null, "app"),
                new Grant("app", "EXECUTE", false, null, "app"));
        io.pgswap.catalog.Routine plain = new io.pgswap.catalog.Routine(1, "f(orders)", "app", "CREATE FUNCTION f",
                false, defaults, false, List.of(), null, null);
        assertThat(RebuildSql.recreate(plain)).containsExactly(
                RebuildSql.createNaming(plain, "CREATE FUNCTION f"),
                "ALTER ROUTINE f(orders) OWNER TO \"app\"");
        io.pgswap.catalog.Routine widened = new io.pgswap.catalog.Routine(1, "f(orders)", "app", "CREATE FUNCTION f",
                false, defaults, true, List.of("auditor"), null, null);
        assertThat(RebuildSql.recreate(widened)).containsExactly(
                RebuildSql.createNaming(widened, "CREATE FUNCTION f"),
                "ALTER ROUTINE f(orders) OWNER TO \"app\"",
                "REVOKE ALL ON ROUTINE f(orders) FROM \"auditor\"",
                "REVOKE ALL ON ROUTINE f(orders) FROM PUBLIC, \"app\"",
                "GRANT EXECUTE ON ROUTINE f(orders) TO PUBLIC",
                "GRANT EXECUTE ON ROUTINE f(orders) TO \"app\"");
    }

    @Test
    void aPartitionIsDetachedBeforeTheRenamesAndTheShadowAttachedAfterThemWithItsIndexes() {
        io.pgswap.catalog.PartitionInfo p = TableFactsFixture.orders().partition().build().partition();
        TableFacts f = TableFactsFixture.orders().partition(new io.pgswap.catalog.PartitionInfo(p.parentOid(),
                p.parentSchema(), p.parentName(), p.bound(), p.constraint(), p.indexes(), List.of(OUT), "public",
                "orders_rest", 0)).build();
        Names n = new Names(7, "public", "orders");
        assertThat(SwapLocks.lock(f, n)).containsExactly(
                "LOCK TABLE ONLY \"public\".\"pgswap_shadow_7\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders_all\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders_rest\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"customers\" IN ACCESS EXCLUSIVE MODE");
        // once the parent is held, the partition, the default sibling and the referenced table are waited for
        // briefly only
        assertThat(SwapLocks.lock(f, n, java.time.Duration.ofMillis(200))).containsExactly(
                "LOCK TABLE ONLY \"public\".\"pgswap_shadow_7\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders_all\" IN ACCESS EXCLUSIVE MODE",
                io.pgswap.core.LockGate.belowDeadlockTimeout(java.time.Duration.ofMillis(20)),
                "LOCK TABLE ONLY \"public\".\"orders\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders_rest\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"customers\" IN ACCESS EXCLUSIVE MODE");
        // later attempts: the partition waits as long as any request made while the swap holds something
        assertThat(SwapLocks.lock(f, n, java.time.Duration.ofMillis(200), SwapLocks.SHORT_WAIT_ATTEMPTS + 1))
                .containsExactly(
                "LOCK TABLE ONLY \"public\".\"pgswap_shadow_7\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders_all\" IN ACCESS EXCLUSIVE MODE",
                io.pgswap.core.LockGate.belowDeadlockTimeout(java.time.Duration.ofMillis(200)),
                "LOCK TABLE ONLY \"public\".\"orders\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"orders_rest\" IN ACCESS EXCLUSIVE MODE",
                "LOCK TABLE ONLY \"public\".\"customers\" IN ACCESS EXCLUSIVE MODE");
        assertThat(SwapLocks.whileParentHeld(java.time.Duration.ofSeconds(5))).hasMillis(50);
        assertThat(SwapLocks.whileParentHeld(java.time.Duration.ofMillis(20))).hasMillis(5);
        assertThat(SwapLocks.locks(f, n)).extracting(io.pgswap.plan.LockUse::relation).containsExactly(
                "\"public\".\"pgswap_shadow_7\"", "\"public\".\"orders_all\"", "\"public\".\"orders\"",
                "\"public\".\"orders_rest\"", "\"public\".\"customers\"");
        List<String> sql = SwapSql.renames(f, n, List.of(), List.of(), List.of(), List.of(), List.of());
        int detach = sql.indexOf("ALTER TABLE \"public\".\"orders_all\" DETACH PARTITION \"public\".\"orders\"");
        int rename = sql.indexOf("ALTER TABLE \"public\".\"orders\" RENAME TO \"pgswap_old_7_orders\"");
        int attach = sql.indexOf("ALTER TABLE \"public\".\"orders_all\" ATTACH PARTITION \"public\".\"orders\" "
                + "FOR VALUES FROM ('0') TO ('1000')");
        int shadowRenamed = sql.indexOf("ALTER TABLE \"public\".\"pgswap_shadow_7\" RENAME TO \"orders\"");
        assertThat(detach).isNotNegative().isLessThan(rename);
        assertThat(attach).isGreaterThan(shadowRenamed);
        assertThat(sql.subList(attach, sql.size())).containsSubsequence(
                "ALTER INDEX \"public\".\"orders_all_pkey\" ATTACH PARTITION \"public\".\"orders_pkey\"",
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT \"pgswap_7_bound\"",
                "ALTER TABLE \"public\".\"pgswap_old_7_orders\" DROP CONSTRAINT \"orders_customer_fk\"");
        // the inherited key is not re-added by the swap: ATTACH links the shadow's own, valid copy
        assertThat(sql).noneMatch(s -> s.contains("ADD CONSTRAINT \"orders_customer_fk\""));
        assertThat(io.pgswap.shadow.PartitionDdl.shadow(f, n)).containsExactly(
                "ALTER TABLE \"public\".\"pgswap_shadow_7\" ADD CONSTRAINT \"pgswap_7_bound\" CHECK (((id IS NOT NULL) "
                        + "AND (id >= '0'::bigint) AND (id < '1000'::bigint)))",
                "ALTER TABLE \"public\".\"pgswap_shadow_7\" ADD CONSTRAINT \"orders_customer_fk\" FOREIGN KEY "
                        + "(customer_id) REFERENCES customers(id)");
    }

    @Test
    void aKeyFromAPartitionedTableIsRePointedOnTheWholePartitionedTable() {
        ForeignKey fromPartitioned = new ForeignKey("payment_order_fk", 30002, "public", "payment", ORDERS, "public",
                "orders", "FOREIGN KEY (order_id) REFERENCES orders(id)", true, true, null, true);
        TableFacts f = TableFactsFixture.orders().foreignKeys(fromPartitioned).build();
        assertThat(SwapLocks.lock(f, new Names(7, "public", "orders")))
                .contains("LOCK TABLE \"public\".\"payment\" IN ACCESS EXCLUSIVE MODE");
        assertThat(SwapSql.foreignKeys(f, "\"public\".\"pgswap_old_7_orders\"")).containsExactly(
                "ALTER TABLE \"public\".\"payment\" DROP CONSTRAINT \"payment_order_fk\", ADD CONSTRAINT "
                        + "\"payment_order_fk\" FOREIGN KEY (order_id) REFERENCES orders(id) NOT VALID");
        assertThat(SwapSql.keysToValidate(f)).containsExactly("30002/payment_order_fk");
    }
}
