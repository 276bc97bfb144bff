package io.pgswap.lint.pgck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.lint.SqlSyntaxException;
import io.pgswap.lint.StatementSplitter;
import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.ConstraintKind;
import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgCodeKeeperParserTest {
    private final PgCodeKeeperParser parser = new PgCodeKeeperParser();

    /** Typical migration statements (src/test/resources/lint/typical-statements.sql, one per line): all must parse. */
    static Stream<String> typicalStatements() throws IOException {
        try (InputStream in = PgCodeKeeperParserTest.class.getResourceAsStream("/lint/typical-statements.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typicalStatements")
    void typicalMigrationStatementsParse(String line) {
        List<Source> pieces = StatementSplitter.split(line);
        assertThat(pieces).hasSize(1);
        assertThat(parser.parse(pieces.get(0))).isNotNull();
    }

    @Test
    void typicalStatementListIsNotEmpty() throws IOException {
        assertThat(typicalStatements().count()).isGreaterThanOrEqualTo(50);
    }

    private Statement parse(String sql) {
        return parser.parse(StatementSplitter.split(sql).get(0));
    }

    @Test
    void createIndexKeepsItsParts() {
        var s = (Statement.CreateIndex) parse("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Users_Email\" ON ONLY "
                + "app.Users USING btree (lower(email), id DESC) INCLUDE (name, \"Age\") WHERE deleted_at IS NULL");
        assertThat(s.table()).isEqualTo(new RelationName("app", "users"));
        assertThat(s.name()).isEqualTo("Users_Email");
        assertThat(s.unique()).isTrue();
        assertThat(s.concurrently()).isTrue();
        assertThat(s.ifNotExists()).isTrue();
        assertThat(s.only()).isTrue();
        assertThat(s.method()).isEqualTo("btree");
        assertThat(s.columnsText()).isEqualTo("(lower(email), id DESC)");
        assertThat(s.includeText()).isEqualTo("(name, \"Age\")");
        assertThat(s.whereText()).isEqualTo("deleted_at IS NULL");
        assertThat(s.otherClauses()).isEmpty();
        var t = (Statement.CreateIndex) parse("CREATE INDEX i ON t (a) NULLS NOT DISTINCT WITH (fillfactor=70) TABLESPACE x");
        assertThat(t.otherClauses()).containsExactly("NULLS NOT DISTINCT", "WITH (fillfactor=70)", "TABLESPACE x");
    }

    /** Kestra's V1_1 and older pg_dump files: PostgreSQL still takes a quoted language name; the grammar does not. */
    @Test
    void aQuotedLanguageNameIsReadAsTheName_andTheStatementKeepsItsText() {
        String sql = "CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE 'plpgsql'";
        Statement s = parse(sql);
        assertThat(s).isInstanceOf(Statement.Other.class);
        assertThat(((Statement.Other) s).kind()).isEqualTo("CREATE OR REPLACE FUNCTION");
        assertThat(s.source().text()).isEqualTo(sql);
        assertThat(parse("CREATE PROCEDURE p() LANGUAGE 'sql' AS $$ SELECT 1 $$")).isInstanceOf(Statement.Other.class);
        // only for a function or procedure: anything else that fails to parse keeps its error
        assertThatThrownBy(() -> parse("ALTER TABLE t ADD COLUMN LANGUAGE 'sql'"))
                .isInstanceOf(io.pgswap.lint.SqlSyntaxException.class);
    }

    @Test
    void aDropOfSeveralRoutines_orOfARoutine_isReadOneRoutineAtATime() {
        String sql = "DROP FUNCTION IF EXISTS f1(int), public.f2(text, \"a,b\" int), f3 CASCADE";
        Statement s = parse(sql);
        assertThat(s).isInstanceOf(Statement.Other.class);
        assertThat(s.source().text()).isEqualTo(sql);
        assertThat(((Statement.Other) s).kind()).startsWith("DROP FUNCTION");
        assertThat(((Statement.Other) parse("DROP PROCEDURE p1(), p2(int)")).kind()).startsWith("DROP PROCEDURE");
        assertThat(((Statement.Other) parse("DROP ROUTINE r1(int), r2")).kind()).startsWith("DROP ROUTINE");
        assertThat(((Statement.Other) parse("DROP AGGREGATE a1(int), a2(*)")).kind()).startsWith("DROP AGGREGATE");
        assertThatThrownBy(() -> parse("DROP FUNCTION f1(, f2")).isInstanceOf(SqlSyntaxException.class);
        assertThatThrownBy(() -> parse("DROP FUNCTION f1(int), SELECT")).isInstanceOf(SqlSyntaxException.class);
        assertThat(PgCodeKeeperParser.topLevelItems("a(int, text), 'x,y', \"b,c\"(int)"))
                .containsExactly("a(int, text)", "'x,y'", "\"b,c\"(int)");
    }

    @Test
    void aSubqueryWithoutAnAlias_asPostgreSQL16Takes_isRead_andKeepsItsText() {
        String sql = "SELECT count(*) FROM (SELECT a FROM t) JOIN (VALUES (1)) ON true WHERE x IN (SELECT 1)";
        assertThat(parse(sql).source().text()).isEqualTo(sql);
        assertThat(parse("CREATE VIEW v AS SELECT * FROM ((SELECT 1 AS a))")).isInstanceOf(Statement.CreateRelation.class);
        assertThat(parse("INSERT INTO t SELECT * FROM (SELECT 1, 2)").source().text())
                .isEqualTo("INSERT INTO t SELECT * FROM (SELECT 1, 2)");
        assertThatThrownBy(() -> parse("SELECT * FROM (t JOIN u ON true) WHERE")).isInstanceOf(SqlSyntaxException.class);
        assertThatThrownBy(() -> parse("SELECT (1) 2")).isInstanceOf(SqlSyntaxException.class);
    }

    @Test
    void plainCreateIndexWithoutName() {
        var s = (Statement.CreateIndex) parse("create index on orders (customer_id)");
        assertThat(s.name()).isNull();
        assertThat(s.concurrently()).isFalse();
        assertThat(s.unique()).isFalse();
        assertThat(s.table()).isEqualTo(RelationName.of("orders"));
        assertThat(s.includeText()).isNull();
        assertThat(s.whereText()).isNull();
    }

    @Test
    void alterTableSubcommandsKeepTheirExactTextAndPosition() {
        String sql = "-- x\nALTER TABLE ONLY \"Sales\".orders\n  ALTER COLUMN id TYPE bigint USING id::bigint,\n"
                + "  ADD COLUMN uuid uuid NOT NULL DEFAULT gen_random_uuid(),\n  ALTER COLUMN status SET NOT NULL";
        var s = (Statement.AlterTable) parse(sql);
        assertThat(s.table()).isEqualTo(new RelationName("Sales", "orders"));
        assertThat(s.only()).isTrue();
        assertThat(s.source().line()).isEqualTo(2);
        assertThat(s.actions()).hasSize(3);
        var type = (AlterAction.AlterColumnType) s.actions().get(0);
        assertThat(type.source().text()).isEqualTo("ALTER COLUMN id TYPE bigint USING id::bigint");
        assertThat(type.source().line()).isEqualTo(3);
        assertThat(type.source().column()).isEqualTo(3);
        assertThat(type.typeText()).isEqualTo("bigint");
        assertThat(type.using().text()).isEqualTo("id::bigint");
        assertThat(type.collation()).isNull();
        var add = (AlterAction.AddColumn) s.actions().get(1);
        assertThat(add.column()).isEqualTo("uuid");
        assertThat(add.typeText()).isEqualTo("uuid");
        assertThat(add.notNull()).isTrue();
        assertThat(add.defaultValue().text()).isEqualTo("gen_random_uuid()");
        assertThat(add.defaultValue().functions()).containsExactly("gen_random_uuid");
        assertThat(add.source().line()).isEqualTo(4);
        var nn = (AlterAction.SetNotNull) s.actions().get(2);
        assertThat(nn.column()).isEqualTo("status");
        assertThat(nn.source().text()).isEqualTo("ALTER COLUMN status SET NOT NULL");
    }

    @Test
    void aTypeChangeKeepsTheCollationItNames_folded_withoutItsSchema() {
        var s = (Statement.AlterTable) parse("ALTER TABLE t ALTER COLUMN a TYPE text COLLATE pg_catalog.\"C\", "
                + "ALTER b TYPE varchar(20) COLLATE Und_X");
        assertThat(((AlterAction.AlterColumnType) s.actions().get(0)).collation()).isEqualTo("C");
        assertThat(((AlterAction.AlterColumnType) s.actions().get(0)).typeText()).isEqualTo("text");
        assertThat(((AlterAction.AlterColumnType) s.actions().get(1)).collation()).isEqualTo("und_x");
    }

    @Test
    void constraints() {
        var fk = (AlterAction.AddConstraint) ((Statement.AlterTable) parse(
                "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) "
                        + "REFERENCES public.customers (id) ON DELETE CASCADE NOT VALID")).actions().get(0);
        assertThat(fk.kind()).isEqualTo(ConstraintKind.FOREIGN_KEY);
        assertThat(fk.name()).isEqualTo("orders_customer_fk");
        assertThat(fk.notValid()).isTrue();
        assertThat(fk.columns()).containsExactly("customer_id");
        assertThat(fk.columnsText()).isEqualTo("(customer_id)");
        assertThat(fk.referencedTable()).isEqualTo(new RelationName("public", "customers"));
        assertThat(fk.referencedColumns()).containsExactly("id");
        assertThat(fk.onDelete()).isEqualTo("CASCADE");

        var check = (AlterAction.AddConstraint) ((Statement.AlterTable) parse(
                "ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0)")).actions().get(0);
        assertThat(check.kind()).isEqualTo(ConstraintKind.CHECK);
        assertThat(check.notValid()).isFalse();
        assertThat(check.check().text()).isEqualTo("amount > 0");
        assertThat(check.definitionText()).isEqualTo("CHECK (amount > 0)");

        var unique = (AlterAction.AddConstraint) ((Statement.AlterTable) parse(
                "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx")).actions().get(0);
        assertThat(unique.kind()).isEqualTo(ConstraintKind.UNIQUE);
        assertThat(unique.usingIndex()).isEqualTo("users_email_idx");

        var pk = (AlterAction.AddConstraint) ((Statement.AlterTable) parse(
                "ALTER TABLE users ADD PRIMARY KEY (id, tenant_id)")).actions().get(0);
        assertThat(pk.kind()).isEqualTo(ConstraintKind.PRIMARY_KEY);
        assertThat(pk.name()).isNull();
        assertThat(pk.usingIndex()).isNull();
        assertThat(pk.columns()).containsExactly("id", "tenant_id");
        assertThat(pk.columnsText()).isEqualTo("(id, tenant_id)");
    }

    @Test
    void addColumnWithInlineReferenceAndIdentity() {
        var a = (Statement.AlterTable) parse("ALTER TABLE orders ADD COLUMN shop_id bigint REFERENCES shops, "
                + "ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY, ADD COLUMN t numeric GENERATED ALWAYS AS (a*2) STORED");
        var ref = (AlterAction.AddColumn) a.actions().get(0);
        assertThat(ref.constraints()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConstraintKind.FOREIGN_KEY);
            assertThat(c.columns()).containsExactly("shop_id");
            assertThat(c.referencedTable()).isEqualTo(RelationName.of("shops"));
            assertThat(c.referencedColumns()).isEmpty();
        });
        assertThat(((AlterAction.AddColumn) a.actions().get(1)).generated()).isEqualTo(AlterAction.Generated.IDENTITY);
        assertThat(((AlterAction.AddColumn) a.actions().get(2)).generated()).isEqualTo(AlterAction.Generated.STORED);
    }

    @Test
    void renamesAndSchemaChanges() {
        assertThat(((Statement.AlterTable) parse("ALTER TABLE orders RENAME COLUMN note TO notes")).actions())
                .containsExactly(new AlterAction.RenameColumn(
                        new Source("RENAME COLUMN note TO notes", 1, 20, 19), "note", "notes"));
        assertThat(((Statement.AlterTable) parse("ALTER TABLE orders RENAME TO purchases")).actions().get(0))
                .isInstanceOf(AlterAction.RenameTable.class)
                .extracting(a -> ((AlterAction.RenameTable) a).newName()).isEqualTo("purchases");
        assertThat(((Statement.AlterTable) parse("ALTER TABLE orders SET SCHEMA archive")).actions().get(0))
                .isInstanceOf(AlterAction.SetSchema.class);
        assertThat(((Statement.AlterTable) parse("ALTER TABLE orders ALTER amount SET STATISTICS 500")).actions().get(0))
                .isEqualTo(new AlterAction.SetStatistics(new Source("ALTER amount SET STATISTICS 500", 1, 20, 19),
                        "amount", "500"));
        assertThat(((Statement.AlterTable) parse("ALTER TABLE orders SET (fillfactor = 70, autovacuum_enabled = off)"))
                .actions().get(0)).extracting(a -> ((AlterAction.SetStorageParameters) a).names())
                .isEqualTo(List.of("fillfactor", "autovacuum_enabled"));
        assertThat(((Statement.AlterTable) parse("ALTER TABLE orders DISABLE TRIGGER ALL")).actions().get(0))
                .extracting(a -> ((AlterAction.Other) a).kind()).isEqualTo("DISABLE TRIGGER ALL");
    }

    @Test
    void maintenanceAndTransactionStatements() {
        assertThat(parse("DROP INDEX CONCURRENTLY IF EXISTS a.i1, i2")).isEqualTo(new Statement.DropIndex(
                new Source("DROP INDEX CONCURRENTLY IF EXISTS a.i1, i2", 1, 1, 0),
                List.of(new RelationName("a", "i1"), RelationName.of("i2")), true, true, false));
        assertThat(((Statement.Other) parse("COPY public.p (id, name) FROM stdin WITH (FORMAT csv)")).kind())
                .isEqualTo(Statement.COPY_FROM_STDIN);
        assertThat(((Statement.Other) parse("COPY (SELECT 'x FROM stdin') TO STDOUT")).kind())
                .isNotEqualTo(Statement.COPY_FROM_STDIN);
        assertThat(((Statement.Other) parse("COPY t FROM '/tmp/t.csv'")).kind()).isNotEqualTo(Statement.COPY_FROM_STDIN);
        var r = (Statement.Reindex) parse("REINDEX (VERBOSE) TABLE CONCURRENTLY orders");
        assertThat(r.kind()).isEqualTo(Statement.ReindexKind.TABLE);
        assertThat(r.concurrently()).isTrue();
        assertThat(((Statement.Vacuum) parse("VACUUM (FULL, ANALYZE) orders, items")).full()).isTrue();
        assertThat(((Statement.Vacuum) parse("VACUUM (FULL false) orders")).full()).isFalse();
        assertThat(((Statement.Vacuum) parse("VACUUM ANALYZE")).tables()).isEmpty();
        assertThat(((Statement.Cluster) parse("CLUSTER orders USING orders_pkey")).index()).isEqualTo("orders_pkey");
        var lock = (Statement.Lock) parse("LOCK TABLE orders, customers IN SHARE ROW EXCLUSIVE MODE NOWAIT");
        assertThat(lock.mode()).isEqualTo(LockMode.SHARE_ROW_EXCLUSIVE);
        assertThat(lock.tables()).hasSize(2);
        assertThat(((Statement.Lock) parse("LOCK orders")).mode()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
        assertThat(parse("SET LOCAL lock_timeout TO '2s'")).isEqualTo(
                new Statement.SetParameter(new Source("SET LOCAL lock_timeout TO '2s'", 1, 1, 0), "lock_timeout",
                        "'2s'", true));
        assertThat(((Statement.SetParameter) parse("SET statement_timeout = DEFAULT")).value()).isNull();
        assertThat(((Statement.ResetParameter) parse("RESET lock_timeout")).name()).isEqualTo("lock_timeout");
        assertThat(parse("BEGIN")).isInstanceOf(Statement.Begin.class);
        assertThat(parse("START TRANSACTION ISOLATION LEVEL SERIALIZABLE")).isInstanceOf(Statement.Begin.class);
        assertThat(parse("END")).isInstanceOf(Statement.Commit.class);
        assertThat(parse("ROLLBACK")).isInstanceOf(Statement.Rollback.class);
        assertThat(parse("ROLLBACK TO SAVEPOINT s")).isInstanceOf(Statement.Other.class);
        assertThat(((Statement.Other) parse("CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql"))
                .kind()).isEqualTo("CREATE OR REPLACE FUNCTION");
        assertThat(((Statement.Other) parse("update orders set a = 1")).kind()).isEqualTo("UPDATE");
    }

    @Test
    void createTableRecordsColumnsAndReferences() {
        var t = (Statement.CreateTable) parse("CREATE TABLE IF NOT EXISTS line_items (id bigserial PRIMARY KEY, "
                + "order_id bigint NOT NULL REFERENCES orders (id), sku varchar(40), "
                + "FOREIGN KEY (sku) REFERENCES catalog.products (sku))");
        assertThat(t.table()).isEqualTo(RelationName.of("line_items"));
        assertThat(t.ifNotExists()).isTrue();
        assertThat(t.columns()).containsExactly(new Statement.ColumnDef("id", "bigserial"),
                new Statement.ColumnDef("order_id", "bigint"), new Statement.ColumnDef("sku", "varchar(40)"));
        assertThat(t.references()).containsExactly(RelationName.of("orders"), new RelationName("catalog", "products"));
    }

    @Test
    void quotedAndUnicodeIdentifiers() {
        var s = (Statement.AlterTable) parse("ALTER TABLE \"My \"\"Odd\"\" Table\" RENAME COLUMN U&\"d\\0061ta\" TO Data2");
        assertThat(s.table()).isEqualTo(RelationName.of("My \"Odd\" Table"));
        var rename = (AlterAction.RenameColumn) s.actions().get(0);
        assertThat(rename.from()).isEqualTo("data");
        assertThat(rename.to()).isEqualTo("data2");
    }

    @Test
    void escapeStringWithBackslashQuoteParses() {
        var a = (Statement.AlterTable) parse("ALTER TABLE t ADD COLUMN c text DEFAULT E'it\\'s'");
        assertThat(((AlterAction.AddColumn) a.actions().get(0)).defaultValue().text()).isEqualTo("E'it\\'s'");
    }

    @Test
    void textAfterNonBmpCharactersKeepsItsOffsets() {
        var a = (Statement.AlterTable) parse("ALTER TABLE t ADD COLUMN c text DEFAULT '\uD83D\uDE00', ALTER COLUMN d SET NOT NULL");
        assertThat(a.actions().get(1).source().text()).isEqualTo("ALTER COLUMN d SET NOT NULL");
        assertThat(((AlterAction.AddColumn) a.actions().get(0)).defaultValue().text()).isEqualTo("'\uD83D\uDE00'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREAT INDEX i ON t (a)", "ALTER TABLE orders ADD COLUMN", "SELECT FROM WHERE",
        "ALTER TABLE t ALTER COLUMN c TYPE", "REPACK orders", "CREATE INDEX ON t (a) garbage",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (a > ) NOT VALID"})
    void invalidStatementsAreRejected(String sql) {
        assertThatThrownBy(() -> parse(sql)).isInstanceOf(SqlSyntaxException.class);
    }

    @Test
    void syntaxErrorsCarryFilePositionsAndTheOffendingToken() {
        Source s = StatementSplitter.split("SELECT 1;\n\n  ALTER TABLE t\n    ADD COLUMN x inteeger garbage;").get(1);
        assertThatThrownBy(() -> parser.parse(s)).isInstanceOfSatisfying(SqlSyntaxException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo(27);
            assertThat(e.getMessage()).isEqualTo("syntax error at or near \"garbage\"");
        });
        Source first = StatementSplitter.split("   FOO bar").get(0);
        assertThatThrownBy(() -> parser.parse(first)).isInstanceOfSatisfying(SqlSyntaxException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(4);
        });
    }
}
