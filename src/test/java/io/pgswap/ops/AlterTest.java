package io.pgswap.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.SequenceLink;
import io.pgswap.catalog.TableFacts;
import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Names;
import io.pgswap.core.Target;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.replay.ReplaySql;
import io.pgswap.shadow.ShadowDdl;
import io.pgswap.sql.Statement;
import io.pgswap.swap.SequenceTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of alter and of the shared pieces it changed: mapping, key casts, sequences. */
class AlterTest {
    private static final TableFacts ORDERS = TableFactsFixture.orders().build();
    private static final Names NAMES = new Names(7, "public", "orders");

    private static List<Column> shadow(String idType, boolean withStatus) {
        List<Column> out = new java.util.ArrayList<>(List.of(new Column(1, "id", idType, true, ' ', ' ', -1)));
        if (withStatus) {
            out.add(new Column(2, "status", "text", false, ' ', ' ', -1));
        }
        out.add(new Column(3, "amount", "numeric(14,2)", false, ' ', ' ', -1));
        out.add(new Column(4, "token", "uuid", false, ' ', ' ', -1));
        return out;
    }

    @Test
    void theMappingCopiesSameNameColumnsThroughTheirUsingAndLeavesAddedOnesToTheirDefault() {
        List<AlterSubcommands.Subcommand> subs = AlterSubcommands.parse("ALTER COLUMN amount TYPE numeric(14,2), "
                + "DROP COLUMN status, ADD COLUMN token uuid DEFAULT gen_random_uuid()", List.of("amount=round(amount, 2)"));
        ColumnMapping m = Alter.mapping(subs, null).derive(ORDERS, shadow("bigint", false));
        assertThat(m.insertColumns()).isEqualTo("\"id\", \"amount\"");
        assertThat(m.selectList().text()).isEqualTo("o.\"id\", (round(amount, 2))");
        assertThat(m.drops("status")).isTrue();
        assertThat(m.drops("id")).isFalse();
        assertThat(m.changedType(ORDERS.column("amount").orElseThrow())).isEqualTo("numeric(14,2)");
        assertThat(m.changedType(ORDERS.column("id").orElseThrow())).isNull();
    }

    @Test
    void replayAndTheKeyRemovalCastLoggedKeysToTheNewKeyType() {
        ColumnMapping same = Alter.mapping(List.of(), null).derive(ORDERS, shadow("bigint", true));
        ColumnMapping retyped = Alter.mapping(List.of(), null).derive(ORDERS, shadow("numeric(20,0)", true));
        assertThat(ReplaySql.deleteFromShadow(ORDERS, NAMES, same)).endsWith("WHERE s.\"id\" = k.\"k1\"");
        assertThat(ReplaySql.deleteFromShadow(ORDERS, NAMES, retyped))
                .endsWith("WHERE s.\"id\" = CAST(k.\"k1\" AS numeric(20,0))");
        assertThat(ShadowDdl.removeLoggedKeys(ORDERS, NAMES, retyped))
                .endsWith("WHERE s.\"id\" = CAST(l.\"k1\" AS numeric(20,0))");
        // the original is joined by its own values
        assertThat(ReplaySql.insertIntoShadow(ORDERS, NAMES, retyped).text()).endsWith("ON o.\"id\" = k.\"k1\"");
    }

    @Test
    void aMappingWithoutShadowTypesChangesNothing() {
        ColumnMapping m = new ColumnMapping(List.of(new ColumnMapping.Entry("id", Statement.of("o.id"))), false);
        assertThat(m.drops("status")).isFalse();
        assertThat(m.changedType(ORDERS.column("id").orElseThrow())).isNull();
    }

    @Test
    void identitySequencesTakeTheNewIntegerTypeAfterTheOldOne() {
        SequenceLink integer = new SequenceLink("public", "orders_id_seq", "id", true, "integer");
        SequenceLink bigint = new SequenceLink("public", "orders_id_seq", "id", true, "bigint");
        // unchanged: the old type, as before
        assertThat(SequenceTypes.identity("s", integer, "integer")).containsExactly("ALTER SEQUENCE s AS integer");
        assertThat(SequenceTypes.identity("s", bigint, "bigint")).isEmpty();
        // integer -> bigint: first the old type (so the bounds are the old type's), then the new one
        assertThat(SequenceTypes.identity("s", integer, "bigint"))
                .containsExactly("ALTER SEQUENCE s AS integer", "ALTER SEQUENCE s AS bigint");
        assertThat(SequenceTypes.identity("s", bigint, "integer")).containsExactly("ALTER SEQUENCE s AS integer");
    }

    @Test
    void serialSequencesWidenWithTheirColumnOnly() {
        TableFacts f = TableFactsFixture.orders().sequences(
                new SequenceLink("public", "orders_id_seq", "id", false, "integer"),
                new SequenceLink("public", "orders_n_seq", "amount", false, "bigint")).build();
        assertThat(SequenceTypes.serial(f, c -> c.equals("id") ? "bigint" : "integer"))
                .containsExactly("ALTER SEQUENCE \"public\".\"orders_id_seq\" AS bigint");
        assertThat(SequenceTypes.serial(f, c -> "text")).isEmpty();
    }

    @Test
    void aKeyUsingIsAcceptedOnlyAsThePlainCast() {
        assertThat(AlterChecks.castTarget("id", "id")).isEmpty();
        assertThat(AlterChecks.castTarget("(id)", "id")).isEmpty();
        assertThat(AlterChecks.castTarget("id::bigint", "id")).isEqualTo("bigint");
        assertThat(AlterChecks.castTarget("((\"id\" :: numeric(20, 0)))", "id")).isEqualTo("numeric(20, 0)");
        assertThat(AlterChecks.castTarget("CAST(id AS bigint)", "id")).isEqualTo("bigint");
        assertThat(AlterChecks.castTarget("cast(ID as int8)", "id")).isEqualTo("int8");
        assertThat(AlterChecks.castTarget("id * 10", "id")).isNull();
        assertThat(AlterChecks.castTarget("id::text::bigint", "id")).isNull();
        assertThat(AlterChecks.castTarget("other::bigint", "id")).isNull();
        assertThat(AlterChecks.castTarget("CAST(id AS bigint) + 1", "id")).isNull();
        assertThat(AlterChecks.castTarget("(id) + (id)", "id")).isNull();
    }

    @Test
    void theChangeRenamesConstraintsTheServerNamedAfterTheShadow() {
        List<Statement> change = Alter.change(ORDERS, AlterSubcommands.parse("ADD CHECK (amount > 0)", List.of()))
                .on("\"public\".\"pgswap_shadow_7\"");
        assertThat(change.get(0).text()).isEqualTo("ALTER TABLE \"public\".\"pgswap_shadow_7\" ADD CHECK (amount > 0)");
        assertThat(change.get(1).text()).startsWith("DO $pgswap$").contains("CAST('\"public\".\"pgswap_shadow_7\"' AS "
                + "regclass)").contains("target := 'orders' || '_'").contains("contype IN ('c', 'n')");
    }

    @Test
    void partitionedTablesAreRefused() {
        Alter.Args a = new Alter.Args(new Target(null, "orders"), "DROP COLUMN status", List.of(), false);
        Throwable t = catchThrowable(() -> new Alter().check(a, TableFactsFixture.orders().relkind('p').build()));
        assertThat(((PgSwapException) t).exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(t).hasMessageContaining("partitioned");
    }

    @Test
    void describeShowsEverythingAsked() {
        Alter.Args a = new Alter.Args(new Target(null, "orders"), "ALTER COLUMN c TYPE int", List.of("c=c::int"), true);
        assertThat(new Alter().describe(a)).isEqualTo("alter 'ALTER COLUMN c TYPE int' --using 'c=c::int' --force-swap");
    }
}
