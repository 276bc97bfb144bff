package io.pgswap.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.lint.FileResult;
import io.pgswap.lint.Linter;
import io.pgswap.lint.TableFacts;
import io.pgswap.lint.Target;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.pgck.PgCodeKeeperParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What apply makes of each kind of statement: as written, a pgswap command, a split ALTER TABLE,
 * a block, or a refusal. Every table the database knows is 10 GB here, so risky statements are
 * risky; a table the file creates is new and empty.
 */
class PlannerTest {
    private static final TableFacts BIG = new TableFacts() {
        @Override
        public OptionalLong sizeBytes(RelationName table) {
            return OptionalLong.of(10L << 30);
        }

        @Override
        public Optional<String> columnType(RelationName table, String column) {
            return column.equals("id") ? Optional.of("integer") : Optional.empty();
        }

        @Override
        public Optional<RelationName> tableOfIndex(RelationName index) {
            return Optional.of(RelationName.of("orders"));
        }
    };

    static ApplyPlan plan(String sql, String... allow) {
        FileResult lint = new Linter(new PgCodeKeeperParser(), new Target(16, Target.Origin.OPTION, null), BIG, false)
                .lint("m.sql", sql);
        return Planner.plan(new MigrationFile(Path.of("m.sql"), "m.sql", sql, Hashes.sha256(sql)), lint, Set.of(allow));
    }

    static List<String> described(ApplyPlan p) {
        return p.steps().stream().map(s -> (s instanceof Step.Command ? "pgswap: " : "sql: ") + s.describe()).toList();
    }

    @Test
    void harmlessStatementsRunAsWritten_riskyOnesAsTheirCommands() {
        ApplyPlan p = plan("""
                CREATE TABLE audit (id bigint PRIMARY KEY, note text);
                ALTER TABLE orders ADD COLUMN note text;
                CREATE INDEX orders_note_idx ON orders (note);
                CREATE INDEX audit_note_idx ON audit (note);
                ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
                ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0);
                VACUUM FULL orders;
                """);
        assertThat(p.refusals()).isEmpty();
        assertThat(described(p)).containsExactly(
                "sql: CREATE TABLE audit (id bigint PRIMARY KEY, note text)",
                "sql: ALTER TABLE orders ADD COLUMN note text",
                "pgswap: pgswap add-index orders note --name orders_note_idx",
                "sql: CREATE INDEX audit_note_idx ON audit (note)",
                "pgswap: pgswap add-not-null orders.status",
                "pgswap: pgswap add-check orders.amount_positive 'amount > 0'",
                "pgswap: pgswap repack orders");
        assertThat(((Step.Command) p.steps().get(2)).because()).startsWith("PGS001");
    }

    @Test
    void everySuggestedCommandParsesAsThatPgswapCommand() {
        ApplyPlan p = plan("""
                CREATE UNIQUE INDEX orders_ref ON orders (customer_id, created_at) WHERE amount > 0;
                ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
                ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);
                ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT clock_timestamp();
                ALTER TABLE orders ALTER COLUMN id TYPE bigint;
                REINDEX TABLE orders;
                REINDEX INDEX orders_pkey;
                ALTER TABLE orders ADD COLUMN customer2 bigint REFERENCES customers (id);
                """);
        assertThat(p.refusals()).isEmpty();
        assertThat(described(p)).containsExactly(
                "pgswap: pgswap add-index orders 'customer_id, created_at' --name orders_ref --unique --where "
                        + "'amount > 0'",
                "pgswap: pgswap add-foreign-key orders.customer_id customers.id --name orders_customer_fk",
                "pgswap: pgswap add-unique orders code --name orders_code_key",
                "pgswap: pgswap add-column orders.created timestamptz --default 'clock_timestamp()'",
                "pgswap: pgswap alter orders 'ALTER COLUMN id TYPE bigint'",
                "pgswap: pgswap reindex orders",
                "pgswap: pgswap reindex orders --index orders_pkey",
                "pgswap: pgswap add-column orders.customer2 bigint",
                "pgswap: pgswap add-foreign-key orders.customer2 customers.id");
        for (Step s : p.steps()) {
            assertThat(OperationArgs.problem(((Step.Command) s).argv())).as(s.describe()).isEmpty();
        }
    }

    @Test
    void concurrentlyStatementsRunAsTheCommandsThatCleanUpAfterThem() {
        ApplyPlan p = plan("""
                CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
                REINDEX INDEX CONCURRENTLY orders_status_idx;
                DROP INDEX CONCURRENTLY orders_old_idx;
                """);
        assertThat(described(p)).containsExactly(
                "pgswap: pgswap add-index orders status --name orders_status_idx",
                "pgswap: pgswap reindex orders --index orders_status_idx",
                "sql: DROP INDEX CONCURRENTLY orders_old_idx");
        assertThat(((Step.Sql) p.steps().get(2)).noTransaction()).isEqualTo("DROP INDEX CONCURRENTLY");
    }

    @Test
    void anAlterTableIsSplitAroundItsRiskySubcommands_typeChangesJoinOneSwap() {
        ApplyPlan p = plan("ALTER TABLE orders ADD COLUMN a int, ALTER COLUMN status SET NOT NULL, ADD COLUMN b int, "
                + "ALTER COLUMN id TYPE bigint, ALTER COLUMN amount TYPE numeric(14,2);");
        assertThat(p.refusals()).isEmpty();
        assertThat(described(p)).containsExactly(
                "sql: ALTER TABLE \"orders\" ADD COLUMN a int",
                "pgswap: pgswap add-not-null orders.status",
                "sql: ALTER TABLE \"orders\" ADD COLUMN b int",
                "pgswap: pgswap alter orders 'ALTER COLUMN id TYPE bigint, ALTER COLUMN amount TYPE numeric(14,2)'");
    }

    @Test
    void aBlockOnOneTableIsOneStep_onSeveralIsRefusedWithTheSplit() {
        ApplyPlan one = plan("""
                BEGIN;
                ALTER TABLE orders ADD COLUMN a int;
                ALTER TABLE orders ADD COLUMN b int;
                COMMIT;
                """);
        assertThat(one.refusals()).isEmpty();
        assertThat(one.steps()).hasSize(1);
        Step.Sql block = (Step.Sql) one.steps().get(0);
        assertThat(block.block()).isTrue();
        assertThat(block.statements()).containsExactly("ALTER TABLE orders ADD COLUMN a int",
                "ALTER TABLE orders ADD COLUMN b int");

        ApplyPlan two = plan("""
                BEGIN;
                ALTER TABLE orders ADD COLUMN a int;
                ALTER TABLE customers ADD COLUMN b int;
                ALTER TABLE orders ADD COLUMN c int;
                COMMIT;
                """);
        assertThat(two.refusals()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("PGS010");
            assertThat(r.line()).isEqualTo(1);
            assertThat(r.message()).contains("orders, customers").contains("deadlock");
            assertThat(r.advice()).contains("BEGIN; the statements at lines 2, 4 (orders); COMMIT;")
                    .contains("BEGIN; the statement at line 3 (customers); COMMIT;");
        });
    }

    /** Documenso's 20230621133446: four type changes and their defaults in one ALTER TABLE are one swap. */
    @Test
    void typeChangesWithTheirDefaultsInOneAlterTableAreOneAlter() {
        ApplyPlan p = plan("""
                ALTER TABLE "Field" ALTER COLUMN "positionX" SET DATA TYPE DECIMAL(65,30),
                ALTER COLUMN "positionX" SET DEFAULT 0,
                ALTER COLUMN "positionY" SET DATA TYPE DECIMAL(65,30),
                ALTER COLUMN "positionY" SET DEFAULT 0;
                """);
        assertThat(p.refusals()).isEmpty();
        assertThat(described(p)).hasSize(1);
        Step.Command c = (Step.Command) p.steps().get(0);
        assertThat(c.argv().get(0)).isEqualTo("alter");
        assertThat(c.argv().get(2)).isEqualTo("ALTER COLUMN \"positionX\" SET DATA TYPE DECIMAL(65,30), ALTER COLUMN "
                + "\"positionX\" SET DEFAULT 0, ALTER COLUMN \"positionY\" SET DATA TYPE DECIMAL(65,30), ALTER COLUMN "
                + "\"positionY\" SET DEFAULT 0");
        assertThat(c.because()).contains("(and 1 more of its subcommands)");
        // a subcommand pgswap alter does not take (CLUSTER ON) keeps the split
        ApplyPlan split = plan("ALTER TABLE orders ALTER COLUMN note TYPE int USING note::int, CLUSTER ON orders_pkey;");
        assertThat(described(split)).hasSize(2);
    }

    @Test
    void eachCommandOfASplitAlterTableSaysWhichFindingMadeItOne() {
        ApplyPlan p = plan("ALTER TABLE orders ALTER COLUMN note SET NOT NULL, ADD COLUMN z int, "
                + "ADD CONSTRAINT amount_positive CHECK (amount > 0);");
        List<Step.Command> commands = p.steps().stream().filter(s -> s instanceof Step.Command)
                .map(s -> (Step.Command) s).toList();
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0).argv().get(0)).isEqualTo("add-not-null");
        assertThat(commands.get(1).argv().get(0)).isEqualTo("add-check");
        assertThat(commands.get(0).because()).isNotEqualTo(commands.get(1).because());
        assertThat(commands.get(1).because()).contains("CHECK");
    }

    @Test
    void aValidateInTheBlockThatAddedTheConstraintIsRefused_withTheCommitToAdd() {
        String file = """
                SET lock_timeout = '2s';
                BEGIN;
                ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT amount_positive;
                COMMIT;
                """;
        ApplyPlan p = plan(file);
        assertThat(p.refusals()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("PGS020");
            assertThat(r.line()).isEqualTo(4);
            assertThat(r.message()).contains("ACCESS EXCLUSIVE");
            assertThat(r.advice()).contains("move it after the block's COMMIT").contains("--allow-blocking 4");
        });
        assertThat(plan(file, "4").refusals()).isEmpty();
        assertThat(plan(file.replace("VALID;\nALTER", "VALID;\nCOMMIT;\nBEGIN;\nALTER")).refusals()).isEmpty();
    }

    @Test
    void aRiskyStatementInsideABlockIsRefused_asIsAConcurrentlyOne() {
        ApplyPlan p = plan("""
                BEGIN;
                CREATE INDEX orders_status_idx ON orders (status);
                COMMIT;
                BEGIN;
                CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
                COMMIT;
                """);
        assertThat(p.refusals()).extracting(ApplyPlan.Refusal::line, ApplyPlan.Refusal::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "PGS001"),
                        org.assertj.core.groups.Tuple.tuple(5, "PGS012"));
        assertThat(p.refusals().get(0).advice()).contains("move it after the block's COMMIT")
                .contains("pgswap add-index");
    }

    @Test
    void noRecipeIsRefusedUnlessAllowedByLineOrRule() {
        String sql = "SELECT 1;\nCLUSTER orders USING orders_pkey;\n";
        ApplyPlan refused = plan(sql);
        assertThat(refused.steps()).hasSize(1);
        assertThat(refused.refusals()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.rule()).isEqualTo("PGS008");
            assertThat(r.message()).contains("pgswap has no command that does exactly this");
            assertThat(r.advice()).contains("--allow-blocking 2");
        });
        for (String allow : List.of("2", "pgs008")) {
            ApplyPlan allowed = plan(sql, allow);
            assertThat(allowed.refusals()).isEmpty();
            assertThat(((Step.Sql) allowed.steps().get(1)).note()).startsWith("allowed by --allow-blocking");
        }
        assertThat(plan(sql, "3").refusals()).hasSize(1);
    }

    @Test
    void applyHandlesTransactionsAndLockTimeoutItself() {
        ApplyPlan p = plan("""
                SET lock_timeout = '5s';
                SET search_path = sales, public;
                BEGIN;
                ROLLBACK;
                BEGIN;
                UPDATE orders SET note = 'x' WHERE id = 1;
                ROLLBACK;
                COMMIT;
                """);
        assertThat(described(p)).containsExactly("sql: SET search_path = sales, public");
        assertThat(p.skipped()).extracting(ApplyPlan.Skipped::line).containsExactly(1, 4, 5, 8);
        assertThat(plan("BEGIN;\nALTER TABLE orders ADD COLUMN a int;\n").refusals()).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("has no COMMIT"));
    }

    @Test
    void aTableCreatedInTheFileIsEmpty_soItsStatementsRunAsWritten() {
        ApplyPlan p = plan("""
                CREATE TABLE fresh (id int, v text);
                ALTER TABLE fresh ALTER COLUMN v SET NOT NULL;
                CREATE INDEX ON fresh (v);
                """);
        assertThat(p.steps()).allMatch(s -> s instanceof Step.Sql);
    }

    @Test
    void stepHashesChangeWithTheStepOnly() {
        ApplyPlan a = plan("ALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX i ON orders (a);\n");
        ApplyPlan b = plan("ALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX i ON orders (a, id);\n");
        assertThat(a.stepHashes().get(0)).isEqualTo(b.stepHashes().get(0));
        assertThat(a.stepHashes().get(1)).isNotEqualTo(b.stepHashes().get(1));
    }

    @Test
    void aStatementAsWrittenIsASessionSetting_aCall_orNeither_asTheGrammarReadsIt() {
        ApplyPlan p = plan("""
                SET search_path = app, public;
                -- the schema
                set statement_timeout = 0;
                RESET ALL;
                SELECT pg_catalog.set_config('search_path', '', false);
                SET LOCAL work_mem = '64MB';
                SELECT set_config('search_path', 'x', true);
                ALTER TABLE orders SET (fillfactor = 90);
                CALL fill_log();
                -- a backfill
                call app.fill(1000);
                SELECT callback_table_fill();
                """);
        assertThat(p.steps().stream().map(s -> ((Step.Sql) s).role()).toList()).containsExactly(
                Step.Role.SESSION_SETTING, Step.Role.SESSION_SETTING, Step.Role.SESSION_SETTING,
                Step.Role.SESSION_SETTING, Step.Role.PLAIN, Step.Role.PLAIN, Step.Role.PLAIN, Step.Role.CALL,
                Step.Role.CALL, Step.Role.PLAIN);
    }
}
