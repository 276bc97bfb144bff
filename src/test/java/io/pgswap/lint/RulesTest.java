package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.pgck.PgCodeKeeperParser;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every rule with the statement that triggers it and the one that does not, on each version the
 * rule depends on. The table's statements run after {@code SET lock_timeout}, so the
 * lock_timeout rule (tested on its own below) stays out of them.
 */
class RulesTest {

    static FileResult lint(String sql, int major, boolean singleTransaction, TableFacts facts) {
        return new Linter(new PgCodeKeeperParser(), new Target(major, Target.Origin.OPTION, null), facts,
                singleTransaction).lint("test.sql", sql);
    }

    static List<Finding> findings(String sql, int major) {
        return findings(sql, major, false, TableFacts.NONE);
    }

    static List<Finding> findings(String sql, int major, boolean singleTransaction, TableFacts facts) {
        FileResult r = lint(sql, major, singleTransaction, facts);
        assertThat(r.syntaxErrors()).as("syntax errors").isEmpty();
        return r.statements().stream().flatMap(s -> s.findings().stream()).toList();
    }

    /** "PGS001 error, PGS010 warning" for the findings of sql, in order. */
    static String summary(String sql, int major) {
        return String.join(", ", findings(sql, major).stream()
                .map(f -> f.rule().id() + " " + f.severity().label()).toList());
    }

    @ParameterizedTest(name = "PG {0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // PGS001 index without CONCURRENTLY
        "14 | CREATE INDEX i ON orders (customer_id)                                  | PGS001 error",
        "18 | CREATE UNIQUE INDEX i ON orders (lower(email))                          | PGS001 error",
        "14 | CREATE INDEX CONCURRENTLY i ON orders (customer_id)                     | ``",
        // ON ONLY: the manual recipe's first step for a partitioned table, catalog only there
        "14 | CREATE INDEX measures_v_idx ON ONLY measures (v)                        | PGS001 info",
        // PGS002 SET NOT NULL
        "14 | ALTER TABLE orders ALTER COLUMN status SET NOT NULL                     | PGS002 error",
        "14 | ALTER TABLE orders ALTER COLUMN status DROP NOT NULL                    | ``",
        "18 | ALTER TABLE orders ADD CONSTRAINT status_nn NOT NULL status             | PGS002 error",
        "18 | ALTER TABLE orders ADD CONSTRAINT status_nn NOT NULL status NOT VALID   | ``",
        // PGS003 CHECK / FOREIGN KEY without NOT VALID
        "14 | ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0)    | PGS003 error",
        "14 | ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0) NOT VALID | ``",
        "14 | ALTER TABLE orders VALIDATE CONSTRAINT amount_positive                  | ``",
        "14 | ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) | PGS003 error",
        "14 | ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID | ``",
        "14 | ALTER TABLE orders ADD COLUMN shop_id bigint REFERENCES shops (id)      | PGS003 error",
        // PGS004 UNIQUE / PRIMARY KEY without USING INDEX, EXCLUDE
        "14 | ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)         | PGS004 error",
        "14 | ALTER TABLE users ADD PRIMARY KEY (id)                                  | PGS004 error",
        "14 | ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx | ``",
        "14 | ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx | PGS002 warning",
        "14 | ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) | PGS004 error",
        "14 | ALTER TABLE users ADD COLUMN code text UNIQUE                           | PGS004 error",
        // PGS005 column type
        "14 | ALTER TABLE orders ALTER COLUMN id TYPE bigint                          | PGS005 error",
        "14 | ALTER TABLE orders ALTER COLUMN note TYPE text                          | PGS005 error",
        // PGS006 volatile default, PGS007 default before 11
        "14 | ALTER TABLE orders ADD COLUMN uuid uuid DEFAULT gen_random_uuid()       | PGS006 error",
        "10 | ALTER TABLE orders ADD COLUMN uuid uuid DEFAULT gen_random_uuid()       | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN seen timestamptz DEFAULT clock_timestamp() | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN r float8 DEFAULT random() * 10            | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN u uuid DEFAULT public.uuid_generate_v4()  | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN n bigint DEFAULT nextval('orders_n_seq')  | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN t text DEFAULT timeofday()                | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN n bigserial                               | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY     | PGS006 error",
        "14 | ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (amount * 2) STORED | PGS006 error",
        "18 | ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (amount * 2) VIRTUAL | ``",
        "14 | ALTER TABLE orders ADD COLUMN code text DEFAULT make_code()             | PGS006 warning",
        "14 | ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT now()         | ``",
        "14 | ALTER TABLE orders ADD COLUMN created timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP | ``",
        "14 | ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0       | ``",
        "11 | ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0       | ``",
        "10 | ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0       | PGS007 error",
        "10 | ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT now()         | PGS007 error",
        "10 | ALTER TABLE orders ADD COLUMN note text DEFAULT NULL                    | ``",
        "10 | ALTER TABLE orders ADD COLUMN note text                                 | ``",
        // PGS008 VACUUM FULL, CLUSTER
        "14 | VACUUM FULL orders                                                      | PGS008 error",
        "14 | VACUUM (FULL, ANALYZE) orders                                           | PGS008 error",
        "14 | VACUUM (ANALYZE) orders                                                 | ``",
        "14 | CLUSTER orders USING orders_pkey                                        | PGS008 error",
        // PGS009 REINDEX
        "14 | REINDEX TABLE orders                                                    | PGS009 error",
        "14 | REINDEX INDEX orders_pkey                                               | PGS009 error",
        "14 | REINDEX TABLE CONCURRENTLY orders                                       | ``",
        "14 | REINDEX (CONCURRENTLY) INDEX orders_pkey                                | ``",
        // PGS013 rename, PGS014 drop, PGS015 DROP INDEX
        "14 | ALTER TABLE orders RENAME COLUMN note TO notes                          | PGS013 warning",
        "14 | ALTER TABLE orders RENAME TO purchases                                  | PGS013 warning",
        "14 | ALTER TABLE orders DROP COLUMN legacy                                   | PGS014 warning",
        "14 | DROP TABLE legacy_orders                                                | PGS014 warning",
        "14 | DROP INDEX orders_old_idx                                               | PGS015 warning",
        "14 | DROP INDEX CONCURRENTLY orders_old_idx                                  | ``",
        // PGS016 other rewriting forms
        "14 | ALTER TABLE orders SET TABLESPACE fast                                  | PGS016 error",
        "14 | ALTER TABLE orders SET LOGGED                                           | PGS016 error",
        "15 | ALTER TABLE orders SET ACCESS METHOD heap2                              | PGS016 error",
        "14 | ALTER TABLE orders SET UNLOGGED                                         | PGS016 error",
        "17 | ALTER TABLE orders ALTER COLUMN total SET EXPRESSION AS (amount * 3)    | PGS016 error",
        "17 | ALTER TABLE orders ALTER COLUMN total DROP EXPRESSION                   | ``",
        // PGS017 CREATE TABLE ... PARTITION OF, PGS018 DETACH PARTITION without CONCURRENTLY
        "14 | CREATE TABLE m_2027 PARTITION OF m FOR VALUES FROM (1) TO (2)           | PGS017 warning",
        "14 | CREATE TABLE m_other PARTITION OF m DEFAULT                             | PGS017 warning",
        "14 | CREATE TABLE m_2027 (LIKE m INCLUDING ALL)                              | ``",
        "14 | ALTER TABLE m ATTACH PARTITION m_2027 FOR VALUES FROM (1) TO (2)        | ``",
        "14 | ALTER TABLE m DETACH PARTITION m_2024                                   | PGS018 warning",
        "13 | ALTER TABLE m DETACH PARTITION m_2024                                   | ``",
        "14 | ALTER TABLE m DETACH PARTITION m_2024 CONCURRENTLY                      | ``",
        // PGS019 REFRESH MATERIALIZED VIEW without CONCURRENTLY
        "14 | REFRESH MATERIALIZED VIEW sales_summary                                 | PGS019 warning",
        "14 | REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary                    | ``",
        "14 | REFRESH MATERIALIZED VIEW sales_summary WITH NO DATA                    | ``",
        // harmless statements
        "14 | ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'                | ``",
        "14 | ALTER TABLE orders ALTER COLUMN amount SET STATISTICS 500               | ``",
        "14 | CREATE TABLE t (id bigint PRIMARY KEY)                                  | ``",
        "14 | COMMENT ON TABLE orders IS 'x'                                          | ``",
    })
    void rule(int major, String sql, String expected) {
        assertThat(summary("SET lock_timeout = '1s';\n" + sql, major)).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void aNewPartitionIsAdvisedAsAPlainTableThenAttached_andIsQuietOnATableCreatedInTheFile() {
        Finding f = findings("SET lock_timeout = '1s';\nCREATE TABLE app.m_2027 PARTITION OF app.m FOR VALUES "
                + "FROM ('2027-01-01') TO ('2027-02-01');", 14).get(0);
        assertThat(f.rule()).isEqualTo(Rule.PGS017);
        assertThat(f.table()).isEqualTo("app.m");
        assertThat(f.reason()).contains("ACCESS EXCLUSIVE on app.m").contains("DEFAULT partition");
        assertThat(f.instead()).contains("CREATE TABLE app.m_2027 (LIKE app.m INCLUDING ALL); ALTER TABLE app.m "
                + "ATTACH PARTITION app.m_2027 FOR VALUES FROM ('2027-01-01') TO ('2027-02-01')");
        assertThat(findings("SET lock_timeout = '1s';\nCREATE TABLE m (at date) PARTITION BY RANGE (at);\n"
                + "CREATE TABLE m_2027 PARTITION OF m FOR VALUES FROM ('2027-01-01') TO ('2027-02-01');\n"
                + "ALTER TABLE m DETACH PARTITION m_2027;", 14)).isEmpty();
        assertThat(findings("CREATE MATERIALIZED VIEW v AS SELECT 1 AS a WITH NO DATA;\nREFRESH MATERIALIZED VIEW v;",
                14)).as("a view made by the file").isEmpty();
        Finding d = findings("SET lock_timeout = '1s';\nALTER TABLE m DETACH PARTITION m_2024;", 14).get(0);
        assertThat(d.instead()).startsWith("ALTER TABLE m DETACH PARTITION m_2024 CONCURRENTLY");
    }

    /** pg_dump's output: sequences, materialized views and CREATE TABLE AS made by the file are new, unused relations. */
    @Test
    void relationsCreatedByTheFileOtherThanTablesAreNewToo() {
        String dump = """
                CREATE SEQUENCE public.customer_customer_id_seq START WITH 1;
                ALTER TABLE public.customer_customer_id_seq OWNER TO postgres;
                CREATE MATERIALIZED VIEW public.rental_by_category AS SELECT 1 AS category WITH NO DATA;
                CREATE UNIQUE INDEX rental_category ON public.rental_by_category USING btree (category);
                CREATE TABLE public.archive AS SELECT * FROM public.orders;
                CREATE INDEX archive_id ON public.archive (id);
                """;
        assertThat(findings(dump, 14)).extracting(f -> f.rule().id() + " " + f.severity().label())
                .containsExactly("PGS001 info", "PGS001 info");
        // CREATE OR REPLACE VIEW may replace a view in use: it makes nothing new
        assertThat(summary("SET lock_timeout = '1s';\nCREATE OR REPLACE VIEW orders AS SELECT 1 AS a;\n"
                + "CREATE INDEX i ON orders (a);", 14)).isEqualTo("PGS001 error");
    }

    /** CREATE TABLE IF NOT EXISTS of a table the database has creates nothing (Mattermost's and Kestra's files). */
    @Test
    void createTableIfNotExistsOfAnExistingTableLeavesItExisting() {
        String file = "SET lock_timeout = '1s';\nCREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY, v text);\n"
                + "CREATE INDEX t_v_idx ON t (v);";
        assertThat(findings(file, 14, false, knowing(Map.of("t", 200L * 1024 * 1024))))
                .extracting(f -> f.rule().id() + " " + f.severity().label()).containsExactly("PGS001 error");
        // without a catalog the table may exist: not taken as new
        assertThat(findings(file, 14, false, TableFacts.NONE))
                .extracting(f -> f.rule().id() + " " + f.severity().label()).containsExactly("PGS001 error");
        // the catalog says it does not exist: new, as after a plain CREATE TABLE
        assertThat(findings(file, 14, false, knowing(Map.of())))
                .extracting(f -> f.rule().id() + " " + f.severity().label()).containsExactly("PGS001 info");
    }

    /** Facts from a catalog: a table not in {@code sizes} does not exist. */
    static TableFacts knowing(Map<String, Long> sizes) {
        TableFacts f = facts(sizes, Map.of());
        return new TableFacts() {
            @Override
            public OptionalLong sizeBytes(RelationName table) {
                return f.sizeBytes(table);
            }

            @Override
            public Optional<String> columnType(RelationName table, String column) {
                return f.columnType(table, column);
            }

            @Override
            public Optional<RelationName> tableOfIndex(RelationName index) {
                return f.tableOfIndex(index);
            }

            @Override
            public boolean knowsTables() {
                return true;
            }
        };
    }

    @Test
    void catalogOnlyTypeChangesAreKnownFromTheFile() {
        String create = "SET lock_timeout = '1s';\nCREATE TABLE t (v varchar(20), n numeric(10,2), x text, i int);\n";
        for (String ok : List.of("v TYPE varchar(40)", "v TYPE character varying", "v TYPE text", "v TYPE varchar(20)",
                "n TYPE numeric(12,2)", "n TYPE numeric", "n TYPE decimal(10, 2)", "x TYPE varchar", "i TYPE integer")) {
            assertThat(typeFindings(create, ok)).as(ok).isEmpty();
        }
        for (String rewrite : List.of("v TYPE varchar(10)", "n TYPE numeric(12,3)", "n TYPE numeric(8,2)",
                "x TYPE varchar(10)", "i TYPE bigint", "v TYPE varchar(40) USING v::varchar(40)")) {
            assertThat(typeFindings(create, rewrite)).as(rewrite).containsExactly("PGS005 info");
        }
    }

    /** The table t is created in the same file, so the type change findings are info there. */
    private static List<String> typeFindings(String create, String change) {
        return findings(create + "ALTER TABLE t ALTER COLUMN " + change + ";", 14).stream()
                .map(f -> f.rule().id() + " " + f.severity().label()).toList();
    }

    @Test
    void catalogOnlyTypeChangesAreKnownFromTheDatabase() {
        TableFacts facts = facts(Map.of(), Map.of("orders.note", "character varying(100)", "orders.id", "integer"));
        assertThat(findings("SET lock_timeout = '1s'; ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);", 14,
                false, facts)).isEmpty();
        Finding f = findings("SET lock_timeout = '1s'; ALTER TABLE orders ALTER COLUMN id TYPE bigint;", 14, false,
                facts).get(0);
        assertThat(f.rule()).isEqualTo(Rule.PGS005);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.reason()).contains("(from integer)");
        assertThat(f.instead()).isEqualTo("pgswap alter orders 'ALTER COLUMN id TYPE bigint'");
    }

    @Test
    void setNotNullAfterAValidatedNotNullCheckSkipsTheScanFrom12On() {
        String sql = """
                SET lock_timeout = '1s';
                ALTER TABLE orders ADD CONSTRAINT status_nn CHECK (status IS NOT NULL) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT status_nn;
                ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
                """;
        assertThat(summary(sql, 12)).isEqualTo("PGS002 info");
        assertThat(summary(sql, 11)).isEqualTo("PGS002 error");
        assertThat(summary(sql.replace("ALTER TABLE orders VALIDATE CONSTRAINT status_nn;\n", ""), 14))
                .isEqualTo("PGS002 error");
    }

    @Test
    void locksFollowTheDocumentation() {
        assertThat(locks("CREATE INDEX i ON orders (a)")).containsExactly("orders SHARE");
        assertThat(locks("CREATE INDEX CONCURRENTLY i ON orders (a)")).containsExactly("orders SHARE UPDATE EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders ADD FOREIGN KEY (c) REFERENCES customers (id) NOT VALID"))
                .containsExactly("customers SHARE ROW EXCLUSIVE", "orders SHARE ROW EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders VALIDATE CONSTRAINT c")).containsExactly("orders SHARE UPDATE EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders ALTER COLUMN a SET STATISTICS 100"))
                .containsExactly("orders SHARE UPDATE EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders ALTER COLUMN a SET STATISTICS 100, ADD COLUMN b int"))
                .containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders SET (fillfactor = 70, autovacuum_enabled = false)"))
                .containsExactly("orders SHARE UPDATE EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders SET (user_catalog_table = true)")).containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders DISABLE TRIGGER ALL")).containsExactly("orders SHARE ROW EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders CLUSTER ON orders_pkey")).containsExactly("orders SHARE UPDATE EXCLUSIVE");
        assertThat(locks("ALTER TABLE orders ALTER COLUMN a SET DEFAULT 1")).containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM (1) TO (2)"))
                .containsExactly("m_2024 ACCESS EXCLUSIVE", "m SHARE UPDATE EXCLUSIVE");
        assertThat(locks("ALTER TABLE m DETACH PARTITION m_2024"))
                .containsExactly("m_2024 ACCESS EXCLUSIVE", "m ACCESS EXCLUSIVE");
        assertThat(locks("ALTER TABLE m DETACH PARTITION m_2024 CONCURRENTLY"))
                .containsExactly("m_2024 SHARE UPDATE EXCLUSIVE", "m SHARE UPDATE EXCLUSIVE");
        assertThat(locks("REFRESH MATERIALIZED VIEW app.totals")).containsExactly("app.totals ACCESS EXCLUSIVE");
        assertThat(locks("REFRESH MATERIALIZED VIEW CONCURRENTLY app.totals")).containsExactly("app.totals EXCLUSIVE");
        assertThat(locks("CREATE TABLE m_2027 PARTITION OF m FOR VALUES FROM (1) TO (2)"))
                .containsExactly("m ACCESS EXCLUSIVE");
        assertThat(locks("CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION f()"))
                .containsExactly("orders SHARE ROW EXCLUSIVE");
        assertThat(locks("CREATE TABLE items (id int, order_id int REFERENCES orders (id))"))
                .containsExactly("orders SHARE ROW EXCLUSIVE");
        assertThat(locks("REINDEX TABLE orders")).containsExactly("orders SHARE");
        assertThat(locks("DROP INDEX orders_idx")).containsExactly("the table of index orders_idx ACCESS EXCLUSIVE");
        assertThat(locks("DROP INDEX CONCURRENTLY orders_idx"))
                .containsExactly("the table of index orders_idx SHARE UPDATE EXCLUSIVE");
        assertThat(locks("VACUUM FULL orders")).containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("VACUUM orders")).containsExactly("orders SHARE UPDATE EXCLUSIVE");
        assertThat(locks("LOCK TABLE orders IN ROW EXCLUSIVE MODE")).containsExactly("orders ROW EXCLUSIVE");
        assertThat(locks("TRUNCATE orders, ONLY items")).containsExactly("orders ACCESS EXCLUSIVE",
                "items ACCESS EXCLUSIVE");
        assertThat(locks("DROP TRIGGER IF EXISTS t ON app.orders")).containsExactly("app.orders ACCESS EXCLUSIVE");
        assertThat(locks("CREATE POLICY p ON orders USING (owner = current_user)"))
                .containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("ALTER POLICY p ON orders USING (true)")).containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("DROP POLICY p ON orders")).containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("CREATE RULE r AS ON DELETE TO orders DO INSTEAD NOTHING"))
                .containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("DROP RULE r ON orders")).containsExactly("orders ACCESS EXCLUSIVE");
        assertThat(locks("SELECT 1")).isEmpty();
    }

    private static List<String> locks(String sql) {
        return lint(sql, 14, false, TableFacts.NONE).statements().get(0).locks().stream()
                .map(l -> l.tableDisplay() + " " + l.mode().sql()).toList();
    }

    @Test
    void afterTheFilesSetSearchPath_aSuggestionNamesTheSchema_sinceTheCommandRunsInItsOwnSession() {
        String sql = "SET search_path = app, public;\nCREATE INDEX ON orders (customer_id);\n"
                + "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id);\n"
                + "ALTER TABLE ledger.orders ALTER COLUMN status SET NOT NULL;\nRESET search_path;\n"
                + "CREATE INDEX ON orders (note)";
        List<String> instead = findings(sql, 14).stream().filter(f -> f.rule() != Rule.PGS011)
                .map(Finding::instead).toList();
        assertThat(instead).containsExactly("pgswap add-index app.orders customer_id",
                "pgswap add-foreign-key app.orders.customer_id app.customers.id --name fk",
                "pgswap add-not-null ledger.orders.status", "pgswap add-index orders note");
        assertThat(findings("CREATE INDEX ON orders (customer_id)", 14).get(0).instead())
                .as("no SET search_path: as written").isEqualTo("pgswap add-index orders customer_id");
    }

    @Test
    void validateBesideItsAddNotValid_inOneAlter_scansUnderTheAddsLock() {
        assertThat(findings("ALTER TABLE orders ADD CONSTRAINT c CHECK (x > 0) NOT VALID, VALIDATE CONSTRAINT c", 14)
                .stream().filter(f -> f.rule() == Rule.PGS020).map(Finding::instead).toList())
                .containsExactly("pgswap add-check orders.c 'x > 0'");
        assertThat(findings("ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (cid) REFERENCES customers (id) NOT VALID, "
                + "VALIDATE CONSTRAINT f", 14).stream().filter(f -> f.rule() == Rule.PGS020).map(Finding::instead)
                .toList()).containsExactly("pgswap add-foreign-key orders.cid customers.id --name f");
        // VALIDATE alone, or beside subcommands that take no more than it does: nothing to say
        assertThat(findings("ALTER TABLE orders VALIDATE CONSTRAINT c", 14)).noneMatch(f -> f.rule() == Rule.PGS020);
        assertThat(findings("ALTER TABLE orders VALIDATE CONSTRAINT c, SET (autovacuum_enabled = off)", 14))
                .noneMatch(f -> f.rule() == Rule.PGS020);
    }

    @Test
    void aSearchPathSetForABlockOnly_endsWithIt_asTheServerKeepsIt() {
        // SET LOCAL and set_config(..., true) end with their block; any SET in a block that rolls back is undone
        for (String block : List.of("BEGIN; SET LOCAL search_path = app; ALTER TABLE t ADD COLUMN w int; COMMIT;",
                "BEGIN; SELECT set_config('search_path', 'app', true); COMMIT;",
                "BEGIN; SET search_path = app; ROLLBACK;", "SET LOCAL search_path = app;")) {
            assertThat(findings(block + "\nCREATE INDEX ON users (name)", 14).stream()
                    .filter(f -> f.rule() == Rule.PGS001).map(Finding::instead).toList()).as(block)
                    .containsExactly("pgswap add-index users name");
        }
        // a SET in a committed block holds for the session; set_config's value is a list of schemas
        assertThat(findings("BEGIN; SET search_path = app; COMMIT; CREATE INDEX ON users (name)", 14).stream()
                .filter(f -> f.rule() == Rule.PGS001).map(Finding::instead).toList())
                .containsExactly("pgswap add-index app.users name");
        assertThat(findings("SET SCHEMA 'app'; CREATE INDEX ON users (name)", 14).stream()
                .filter(f -> f.rule() == Rule.PGS001).map(Finding::instead).toList())
                .as("SET SCHEMA is SET search_path").containsExactly("pgswap add-index app.users name");
        assertThat(findings("SELECT set_config('search_path', 'app, public', false); CREATE INDEX ON users (name)", 14)
                .stream().filter(f -> f.rule() == Rule.PGS001).map(Finding::instead).toList())
                .containsExactly("pgswap add-index app.users name");
    }

    @Test
    void suggestionsAreRunnableCommands() {
        assertThat(instead("CREATE UNIQUE INDEX orders_email_idx ON public.orders USING hash (email) "
                + "WHERE deleted_at IS NULL")).isEqualTo("pgswap add-index public.orders email --name "
                + "orders_email_idx --unique --using hash --where 'deleted_at IS NULL'");
        assertThat(instead("CREATE INDEX ON \"Sales\".\"Order Items\" (sku) INCLUDE (qty)"))
                .isEqualTo("pgswap add-index '\"Sales\".\"Order Items\"' sku --include qty");
        // the list's own parentheses go (add-index adds them; '((a, b))' would index a row), an element's stay
        assertThat(Commands.inner("(a, b)")).isEqualTo("a, b");
        assertThat(Commands.inner("((lower(email)))")).isEqualTo("(lower(email))");
        assertThat(Commands.inner("(a + b), (c)")).isEqualTo("(a + b), (c)");
        assertThat(Commands.inner("(\")(\", ')')")).isEqualTo("\")(\", ')'");
        assertThat(instead("CREATE INDEX i ON t (a) WITH (fillfactor = 70) TABLESPACE fast"))
                .isEqualTo("pgswap add-index t a --name i (add-index has no option for WITH (fillfactor = 70), "
                        + "TABLESPACE fast)");
        assertThat(instead("CREATE INDEX IF NOT EXISTS docs_tags ON docs (tags)"))
                .isEqualTo("pgswap add-index docs tags --name docs_tags --if-not-exists");
        assertThat(instead("ALTER TABLE orders ALTER COLUMN status SET NOT NULL"))
                .isEqualTo("pgswap add-not-null orders.status");
        assertThat(instead("ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0)"))
                .isEqualTo("pgswap add-check orders.amount_positive 'amount > 0'");
        assertThat(instead("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) "
                + "ON DELETE cascade")).isEqualTo("pgswap add-foreign-key orders.customer_id customers.id "
                + "--on-delete CASCADE --name fk");
        assertThat(instead("ALTER TABLE items ADD FOREIGN KEY (a, b) REFERENCES parents (x, y)"))
                .isEqualTo("pgswap add-foreign-key 'items(a, b)' 'parents(x, y)'");
        // REFERENCES reftable without columns: its primary key, which add-foreign-key takes as the table alone
        assertThat(instead("ALTER TABLE c ADD CONSTRAINT f FOREIGN KEY (person_id) REFERENCES person"))
                .isEqualTo("pgswap add-foreign-key 'c(person_id)' person --name f");
        assertThat(instead("ALTER TABLE c ADD FOREIGN KEY (a, b) REFERENCES crm.person"))
                .isEqualTo("pgswap add-foreign-key 'c(a, b)' 'crm.person()'");
        // no name: a new index, as the statement builds (an equivalent index the table has stays as it is)
        assertThat(instead("ALTER TABLE users ADD UNIQUE (email)")).isEqualTo("pgswap add-unique users email --new-index");
        assertThat(instead("ALTER TABLE users ADD PRIMARY KEY (id)")).isEqualTo("pgswap add-primary-key users id --new-index");
        // what the statement says is carried, or the suggestion says what it leaves out (apply then refuses it)
        assertThat(instead("ALTER TABLE users ADD CONSTRAINT users_pk PRIMARY KEY (id)"))
                .isEqualTo("pgswap add-primary-key users id --name users_pk");
        assertThat(instead("ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") "
                + "REFERENCES \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE"))
                .isEqualTo("pgswap add-foreign-key '\"Post\".\"authorId\"' '\"User\".id' --on-delete RESTRICT "
                        + "--on-update CASCADE --name '\"Post_authorId_fkey\"'");
        assertThat(instead("ALTER TABLE c ADD CONSTRAINT c_fk FOREIGN KEY (p) REFERENCES parents (id) MATCH FULL "
                + "DEFERRABLE INITIALLY DEFERRED")).isEqualTo("pgswap add-foreign-key c.p parents.id --name c_fk "
                + "(add-foreign-key has no option for DEFERRABLE, INITIALLY DEFERRED, MATCH FULL)");
        // PostgreSQL 15's column list of SET NULL: --on-delete takes none, so the suggestion says it leaves it out
        assertThat(instead("ALTER TABLE o ADD CONSTRAINT o_fk FOREIGN KEY (shop_id, cust_id) REFERENCES c (shop_id, id) "
                + "ON DELETE SET NULL (cust_id)")).startsWith("pgswap add-foreign-key 'o(shop_id, cust_id)' "
                + "'c(shop_id, id)' --name o_fk (add-foreign-key has no option for ON DELETE SET NULL (").doesNotContain(
                "--on-delete");
        assertThat(instead("ALTER TABLE c ADD CONSTRAINT c_qty CHECK (qty > 0) NO INHERIT"))
                .isEqualTo("pgswap add-check c.c_qty 'qty > 0' (add-check has no option for NO INHERIT)");
        assertThat(instead("ALTER TABLE u ADD CONSTRAINT u_email UNIQUE NULLS NOT DISTINCT (email)"))
                .isEqualTo("pgswap add-unique u email --name u_email (add-unique has no option for NULLS NOT DISTINCT)");
        assertThat(instead("ALTER TABLE orders ADD COLUMN uuid uuid NOT NULL DEFAULT gen_random_uuid()"))
                .isEqualTo("pgswap add-column orders.uuid uuid --default 'gen_random_uuid()' --not-null");
        // an inline constraint is split off; the column keeps the rest of what the statement says of it
        assertThat(instead("ALTER TABLE t ADD COLUMN kind text NOT NULL DEFAULT 0 CHECK (kind > 1)"))
                .isEqualTo("add the column first (pgswap add-column t.kind text --default 0 --not-null), then pgswap "
                        + "add-check t.t_kind_check 'kind > 1'");
        assertThat(instead("ALTER TABLE t ADD COLUMN code text COLLATE \"C\" NOT NULL DEFAULT 1 UNIQUE"))
                .startsWith("add the column first (pgswap add-column t.code 'text COLLATE \"C\"' --default 1 --not-null), then");
        // a column that adds a sequence: alter copies the table with it, as the statement wrote it
        assertThat(instead("ALTER TABLE orders ADD COLUMN n bigserial"))
                .isEqualTo("pgswap alter orders 'ADD COLUMN n bigserial'");
        assertThat(instead("ALTER TABLE \"Orders\" ADD COLUMN n int GENERATED ALWAYS AS IDENTITY"))
                .isEqualTo("pgswap alter '\"Orders\"' 'ADD COLUMN n int GENERATED ALWAYS AS IDENTITY'");
        assertThat(instead("ALTER TABLE orders ADD COLUMN total int GENERATED ALWAYS AS (qty * price) STORED"))
                .isEqualTo("pgswap alter orders 'ADD COLUMN total int GENERATED ALWAYS AS (qty * price) STORED'");
        assertThat(instead("ALTER TABLE bookings ADD EXCLUDE USING gist (room WITH =, during WITH &&)"))
                .startsWith("there is no online form");
        assertThat(instead("ALTER TABLE orders ALTER COLUMN id TYPE bigint")).isEqualTo(
                "pgswap alter orders 'ALTER COLUMN id TYPE bigint'");
        assertThat(instead("ALTER TABLE orders ALTER COLUMN note TYPE varchar(10) USING left(note, 10)")).isEqualTo(
                "pgswap alter orders 'ALTER COLUMN note TYPE varchar(10) USING left(note, 10)'");
        assertThat(instead("ALTER TABLE \"O'Brien\" ALTER COLUMN \"It's\" SET NOT NULL"))
                .isEqualTo("pgswap add-not-null '\"O'\\''Brien\".\"It'\\''s\"'");
        assertThat(instead("DROP INDEX public.a_idx, b_idx"))
                .isEqualTo("DROP INDEX CONCURRENTLY public.a_idx; DROP INDEX CONCURRENTLY b_idx");
        assertThat(instead("DROP INDEX IF EXISTS a_idx CASCADE")).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS a_idx "
                + "(CONCURRENTLY has no CASCADE: drop what depends on the index first)");
        assertThat(instead("VACUUM FULL sales.orders")).isEqualTo("pgswap repack sales.orders");
        assertThat(instead("REINDEX TABLE orders")).isEqualTo("pgswap reindex orders");
        assertThat(instead("REINDEX INDEX orders_idx")).isEqualTo("REINDEX INDEX CONCURRENTLY orders_idx");
        assertThat(instead("CREATE INDEX orders_idx ON orders (a); REINDEX INDEX orders_idx", 1))
                .isEqualTo("pgswap reindex orders --index orders_idx");
    }

    /** Unnamed constraints are named as PostgreSQL will name them, so a later DROP CONSTRAINT by that name works. */
    @Test
    void unnamedConstraintsGetTheNamesPostgresqlGivesThem() {
        String file = """
                SET lock_timeout = '1s';
                ALTER TABLE orders ADD CHECK (amount >= 0);
                ALTER TABLE orders ADD CHECK (amount < 1000000), ADD CHECK (orders.amount <> 5);
                ALTER TABLE orders ADD CHECK (amount > qty);
                ALTER TABLE orders ADD CHECK (length(status) > 0);
                ALTER TABLE orders ADD COLUMN x int CHECK (qty > 1);
                ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;
                ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;
                """;
        TableFacts facts = new TableFacts() {
            @Override
            public OptionalLong sizeBytes(RelationName table) {
                return OptionalLong.of(1L << 40);
            }

            @Override
            public Optional<String> columnType(RelationName table, String column) {
                return Optional.empty();
            }

            @Override
            public Optional<RelationName> tableOfIndex(RelationName index) {
                return Optional.empty();
            }

            @Override
            public boolean constraintExists(RelationName table, String name) {
                return name.equals("orders_qty_check") || name.equals("orders_customer_id_fkey");
            }
        };
        assertThat(findings(file, 14, false, facts).stream().map(Finding::instead).toList()).containsExactly(
                "pgswap add-check orders.orders_amount_check 'amount >= 0'",
                "pgswap add-check orders.orders_amount_check1 'amount < 1000000'",
                "pgswap add-check orders.orders_amount_check2 'orders.amount <> 5'",
                "pgswap add-check orders.orders_check 'amount > qty'",
                "pgswap add-check orders.orders_status_check 'length(status) > 0'",
                "add the column first (pgswap add-column orders.x int), then pgswap add-check "
                        + "orders.orders_qty_check1 'qty > 1'",
                "pgswap add-foreign-key 'orders(customer_id)' customers --name orders_customer_id_fkey1",
                "pgswap add-foreign-key 'orders(customer_id)' customers --name orders_customer_id_fkey2");
    }

    private static String instead(String sql) {
        return instead(sql, 0);
    }

    private static String instead(String sql, int statement) {
        return lint(sql, 14, false, TableFacts.NONE).statements().get(statement).findings().stream()
                .filter(f -> f.rule() != Rule.PGS011).findFirst().orElseThrow().instead();
    }

    @Test
    void findingsPointAtTheSubcommand() {
        Finding f = findings("SET lock_timeout = '1s';\nALTER TABLE orders\n  ADD COLUMN a int,\n"
                + "  ALTER COLUMN status SET NOT NULL;", 14).get(0);
        assertThat(f.line()).isEqualTo(4);
        assertThat(f.column()).isEqualTo(3);
        assertThat(f.table()).isEqualTo("orders");
        assertThat(f.lock()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
        assertThat(f.work()).isEqualTo(Work.SCAN);
    }

    @Test
    void lockTimeoutMustBeSetBeforeTheFirstStrongLock() {
        assertThat(summary("ALTER TABLE orders ADD COLUMN a int; ALTER TABLE orders ADD COLUMN b int;", 14))
                .isEqualTo("PGS011 warning");
        assertThat(summary("SET lock_timeout TO '2s'; ALTER TABLE orders ADD COLUMN a int;", 14)).isEmpty();
        assertThat(summary("SET lock_timeout = 0; ALTER TABLE orders ADD COLUMN a int;", 14)).isEqualTo("PGS011 warning");
        // the function form, as pg_dump writes it
        assertThat(summary("SELECT pg_catalog.set_config('lock_timeout', '5s', false); ALTER TABLE orders ADD b int;", 14))
                .isEmpty();
        assertThat(summary("SELECT set_config('lock_timeout', '0', false); ALTER TABLE orders ADD b int;", 14))
                .isEqualTo("PGS011 warning");
        assertThat(summary("TRUNCATE orders;", 14)).isEqualTo("PGS011 warning");
        // the index's columns are not known without the catalog: PRIMARY KEY USING INDEX may scan for NULLs
        assertThat(summary("SET lock_timeout = '1s'; ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_i;", 14))
                .isEqualTo("PGS002 warning");
        assertThat(summary("SET lock_timeout = '1s'; ALTER TABLE t ADD CONSTRAINT t_u UNIQUE USING INDEX t_i;", 14))
                .isEmpty();
        assertThat(summary("SET lock_timeout = '2s'; RESET lock_timeout; ALTER TABLE orders ADD COLUMN a int;", 14))
                .isEqualTo("PGS011 warning");
        assertThat(summary("BEGIN; SET LOCAL lock_timeout = '2s'; ALTER TABLE orders ADD COLUMN a int; COMMIT;", 14))
                .isEmpty();
        // SET LOCAL ends with its transaction; outside a transaction block it has no effect at all
        assertThat(summary("BEGIN; SET LOCAL lock_timeout = '2s'; COMMIT; ALTER TABLE orders ADD COLUMN a int;", 14))
                .isEqualTo("PGS011 warning");
        assertThat(summary("SET LOCAL lock_timeout = '2s'; ALTER TABLE orders ADD COLUMN a int;", 14))
                .isEqualTo("PGS011 warning");
        // with --single-transaction the file is the transaction, so SET LOCAL at its top counts
        assertThat(findings("SET LOCAL lock_timeout = '2s'; ALTER TABLE orders ADD COLUMN a int;", 14, true,
                TableFacts.NONE)).isEmpty();
        // a lock that blocks neither reads nor writes needs no timeout
        assertThat(summary("CREATE INDEX CONCURRENTLY i ON orders (a);", 14)).isEmpty();
        // a table created in the same file is not in use yet
        assertThat(summary("CREATE TABLE t (a int); CREATE INDEX i ON t (a);", 14)).isEqualTo("PGS001 info");
        // one table under two spellings is one table; a same-named table in another schema is another table
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; ALTER TABLE public.a ADD COLUMN x int; "
                + "ALTER TABLE a ADD COLUMN y int; COMMIT;", 14)).isEmpty();
        assertThat(summary("SET lock_timeout = '1s'; CREATE TABLE archive.orders (id int); "
                + "CREATE INDEX orders_created_idx ON orders (created_at);", 14)).isEqualTo("PGS001 error");
        assertThat(summary("SET lock_timeout = '1s'; SET search_path = archive; CREATE TABLE orders (id int); "
                + "CREATE INDEX orders_created_idx ON archive.orders (created_at);", 14)).isEqualTo("PGS001 info");
        // timestamp to timestamptz keeps every stored value when the session's time zone is UTC (12+)
        String toTz = "ALTER TABLE t ADD COLUMN at timestamp; ALTER TABLE t ALTER COLUMN at TYPE timestamptz;";
        assertThat(summary("SET lock_timeout = '1s'; " + toTz, 14)).isEqualTo("PGS005 error");
        assertThat(summary("SET lock_timeout = '1s'; SET timezone = 'UTC'; " + toTz, 14)).isEmpty();
        assertThat(summary("SET lock_timeout = '1s'; SET TIME ZONE 'Etc/UTC'; " + toTz, 14)).isEmpty();
        assertThat(summary("SET lock_timeout = '1s'; SET timezone = 'Europe/Berlin'; " + toTz, 14))
                .isEqualTo("PGS005 error");
        assertThat(summary("SET lock_timeout = '1s'; SET timezone = 'UTC'; RESET timezone; " + toTz, 14))
                .isEqualTo("PGS005 error");
        // COMMIT AND CHAIN begins the next block at once
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; ALTER TABLE a ADD x int; COMMIT AND CHAIN; "
                + "ALTER TABLE c ADD x int; ALTER TABLE d ADD y int; COMMIT;", 14)).isEqualTo("PGS010 warning");
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; ALTER TABLE a ADD x int; COMMIT AND NO CHAIN; "
                + "ALTER TABLE c ADD x int; ALTER TABLE d ADD y int;", 14)).isEmpty();
        // each explicit transaction is judged on its own
        assertThat(summary("BEGIN; ALTER TABLE a ADD x int; COMMIT; BEGIN; ALTER TABLE b ADD x int; COMMIT;", 14))
                .isEqualTo("PGS011 warning, PGS011 warning");
    }

    @Test
    void twoStronglyLockedTablesInOneTransaction() {
        String two = "SET lock_timeout = '1s'; BEGIN; ALTER TABLE orders ADD COLUMN a int; "
                + "ALTER TABLE customers ADD COLUMN b int; COMMIT;";
        assertThat(summary(two, 14)).isEqualTo("PGS010 warning");
        assertThat(summary(two.replace("BEGIN; ", "").replace(" COMMIT;", ""), 14)).isEmpty();
        assertThat(findings(two.replace("BEGIN; ", "").replace(" COMMIT;", ""), 14, true, TableFacts.NONE))
                .extracting(f -> f.rule().id()).containsExactly("PGS010");
        // the same table twice is fine; a weak lock (SHARE UPDATE EXCLUSIVE) on the second does not count
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; ALTER TABLE orders ADD a int; ALTER TABLE orders ADD b int; "
                + "ALTER TABLE customers VALIDATE CONSTRAINT c; COMMIT;", 14)).isEmpty();
        // SHARE ROW EXCLUSIVE counts; LOCK of two tables in one statement counts
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW "
                + "EXECUTE FUNCTION f(); LOCK TABLE customers IN SHARE ROW EXCLUSIVE MODE; COMMIT;", 14))
                .isEqualTo("PGS010 warning");
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; LOCK TABLE a, b IN ACCESS EXCLUSIVE MODE; COMMIT;", 14))
                .isEqualTo("PGS010 warning");
        // one ADD FOREIGN KEY alone in a block locks both tables, as it does outside one (sqitch's deploy files)
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; ALTER TABLE big ADD CONSTRAINT fk FOREIGN KEY (e) "
                + "REFERENCES small (id) NOT VALID; COMMIT;", 14)).isEmpty();
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; ALTER TABLE big ADD CONSTRAINT fk FOREIGN KEY (e) "
                + "REFERENCES small (id) NOT VALID; ALTER TABLE other ADD x int; COMMIT;", 14)).isEqualTo("PGS010 warning");
        // DROP INDEX IF EXISTS of an index the catalog does not have locks nothing; without a catalog the
        // index's table is unknown and not counted as another one (Zitadel's setup 12)
        String drops = "SET lock_timeout = '2s'; BEGIN; DROP INDEX IF EXISTS t_a; DROP INDEX IF EXISTS gone_idx; COMMIT;";
        assertThat(findings(drops, 14, false, knowing(Map.of("t", 1L << 30))).stream()
                .map(x -> x.rule().id()).toList()).doesNotContain("PGS010");
        assertThat(summary(drops, 14)).doesNotContain("PGS010");
        // a new table created in the transaction is not contended
        assertThat(summary("SET lock_timeout = '1s'; BEGIN; CREATE TABLE n (id int); ALTER TABLE n ADD b int; "
                + "ALTER TABLE orders ADD c int; COMMIT;", 14)).isEmpty();
        Finding f = findings(two, 14).get(0);
        assertThat(f.reason()).contains("ACCESS EXCLUSIVE on orders (line 1)").contains("locks customers");
    }

    @Test
    void aDoBlockThatChangesTheSchemaIsNamed() {
        assertThat(summary("SET lock_timeout = '1s'; DO $$ BEGIN ALTER TABLE big ALTER COLUMN e TYPE bigint; "
                + "CREATE INDEX big_do_idx ON big (e); END $$;", 15)).isEqualTo("PGS021 warning");
        assertThat(findings("DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN create unique index i ON t (a); END IF; END $$;",
                15).get(0).reason()).startsWith("this DO block runs CREATE UNIQUE INDEX;");
        // a block that only raises, inserts or creates functions is not named
        assertThat(summary("DO $$ BEGIN RAISE NOTICE 'ALTER TABLES are fun'; INSERT INTO t VALUES (1); END $$;", 15))
                .isEmpty();
    }

    @Test
    void validateInTheBlockThatAddedTheConstraintScansUnderItsLock() {
        TableFacts big = facts(Map.of("big", 29L * 1024 * 1024, "small", 8192L), Map.of());
        String check = "SET lock_timeout = '2s';\nBEGIN;\nALTER TABLE big ADD CONSTRAINT big_n_pos CHECK (n > 0) NOT VALID;\n"
                + "ALTER TABLE big VALIDATE CONSTRAINT big_n_pos;\nCOMMIT;";
        List<Finding> f = findings(check, 15, false, big);
        assertThat(f).extracting(x -> x.rule().id() + " " + x.severity().label()).containsExactly("PGS020 error");
        assertThat(f.get(0).line()).isEqualTo(4);
        assertThat(f.get(0).reason()).contains("still holds ACCESS EXCLUSIVE on it (line 3)").contains("big is 29.0 MB");
        assertThat(f.get(0).instead()).startsWith("COMMIT before the VALIDATE");
        // the whole file as one transaction (Flyway, Rails) is the same
        assertThat(findings(check.replace("BEGIN;\n", "").replace("COMMIT;", ""), 15, true, big))
                .extracting(x -> x.rule().id()).containsExactly("PGS020");
        // a COMMIT between them, or the VALIDATE alone in its block: nothing
        assertThat(findings(check.replace("VALID;\nALTER", "VALID;\nCOMMIT;\nBEGIN;\nALTER"), 15, false, big)).isEmpty();
        assertThat(findings("SET lock_timeout = '2s'; BEGIN; ALTER TABLE big VALIDATE CONSTRAINT c; COMMIT;", 15, false,
                big)).isEmpty();
        // a foreign key's ADD holds SHARE ROW EXCLUSIVE: writes wait for the scan
        assertThat(findings("SET lock_timeout = '2s'; BEGIN; ALTER TABLE big ADD CONSTRAINT fk FOREIGN KEY (e) "
                + "REFERENCES small (id) NOT VALID; ALTER TABLE big VALIDATE CONSTRAINT fk; COMMIT;", 15, false, big))
                .singleElement().satisfies(x -> assertThat(x.reason()).contains("SHARE ROW EXCLUSIVE on it")
                        .contains("so writes wait"));
        // a small table: info
        assertThat(findings(check.replace("big", "small"), 15, false, big))
                .extracting(x -> x.rule().id() + " " + x.severity().label()).containsExactly("PGS020 info");
    }

    @Test
    void concurrentlyInsideATransactionBlockFails() {
        assertThat(summary("BEGIN; CREATE INDEX CONCURRENTLY i ON orders (a); COMMIT;", 14)).isEqualTo("PGS012 error");
        assertThat(summary("BEGIN; DROP INDEX CONCURRENTLY i; COMMIT;", 14)).isEqualTo("PGS012 error");
        assertThat(summary("BEGIN; REINDEX INDEX CONCURRENTLY i; COMMIT;", 14)).isEqualTo("PGS012 error");
        assertThat(summary("BEGIN; VACUUM orders; COMMIT;", 14)).isEqualTo("PGS012 error");
        assertThat(summary("CREATE INDEX CONCURRENTLY i ON orders (a);", 14)).isEmpty();
        assertThat(findings("CREATE INDEX CONCURRENTLY i ON orders (a);", 14, true, TableFacts.NONE))
                .extracting(f -> f.rule().id()).containsExactly("PGS012");
        // after COMMIT of the file's own transaction the statements run on their own
        assertThat(findings("COMMIT; CREATE INDEX CONCURRENTLY i ON orders (a);", 14, true, TableFacts.NONE)).isEmpty();
    }

    @Test
    void renamesAndDropsOfTablesCreatedInTheFileAreFine() {
        assertThat(summary("SET lock_timeout = '1s'; CREATE TABLE t (a int, b int); ALTER TABLE t RENAME COLUMN a TO c; "
                + "ALTER TABLE t DROP COLUMN b; DROP TABLE t;", 14)).isEmpty();
    }

    @Test
    void smallTablesMakeRewritesInfoAndLargeOnesSayTheirSize() {
        TableFacts facts = facts(Map.of("orders", 3L * 1024 * 1024, "events", 50L * 1024 * 1024 * 1024), Map.of());
        List<Finding> small = findings("SET lock_timeout = '1s'; VACUUM FULL orders;", 14, false, facts);
        assertThat(small).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.reason()).contains("only 3.0 MB (under 10.0 MB)");
        });
        List<Finding> large = findings("SET lock_timeout = '1s'; VACUUM FULL events;", 14, false, facts);
        assertThat(large).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.reason()).contains("(events is 50.0 GB)");
        });
        // not every rule depends on size: a rename breaks the application whatever the size
        assertThat(findings("SET lock_timeout = '1s'; ALTER TABLE orders RENAME TO o;", 14, false, facts))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void indexesCreatedInTheFileOrKnownToTheDatabaseNameTheirTable() {
        TableFacts facts = new FakeFacts(Map.of(), Map.of(), Map.of("old_idx", new RelationName("public", "orders")));
        assertThat(lint("DROP INDEX old_idx", 14, false, facts).statements().get(0).locks())
                .containsExactly(new TableLock(new RelationName("public", "orders"), LockMode.ACCESS_EXCLUSIVE, false));
    }

    @Test
    void syntaxErrorsAreReportedAndTheRestIsStillRead() {
        FileResult r = lint("SELECT 1;\nALTER TABLE orders ADD COLUMN;\nVACUUM FULL orders;", 14, false, TableFacts.NONE);
        assertThat(r.syntaxErrors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).isEqualTo("syntax error at end of statement");
        });
        assertThat(r.statements()).hasSize(2);
        // what PostgreSQL refuses is refused here too, not run as add-column and add-foreign-key
        assertThat(lint("ALTER TABLE posts ADD COLUMN y bigint REFERENCES users NOT VALID", 14, false, TableFacts.NONE)
                .syntaxErrors()).singleElement().satisfies(e -> assertThat(e.message()).contains("NOT VALID"));
        assertThat(lint("ALTER TABLE posts ADD COLUMN y bigint CHECK (NOT valid) NOT NULL", 14, false, TableFacts.NONE)
                .syntaxErrors()).as("a column named valid").isEmpty();
    }

    static TableFacts facts(Map<String, Long> sizes, Map<String, String> types) {
        return new FakeFacts(sizes, types, Map.of());
    }

    /** Table facts from maps keyed by table name ("orders") and "table.column". */
    record FakeFacts(Map<String, Long> sizes, Map<String, String> types, Map<String, RelationName> indexes)
            implements TableFacts {
        @Override
        public OptionalLong sizeBytes(RelationName table) {
            Long s = sizes.get(table.name());
            return s == null ? OptionalLong.empty() : OptionalLong.of(s);
        }

        @Override
        public Optional<String> columnType(RelationName table, String column) {
            return Optional.ofNullable(types.get(table.name() + "." + column));
        }

        @Override
        public Optional<RelationName> tableOfIndex(RelationName index) {
            return Optional.ofNullable(indexes.get(index.name()));
        }
    }

    @Test
    void everyRuleHasAUniqueSlug() {
        assertThat(Arrays.stream(Rule.values()).map(Rule::slug).distinct().count()).isEqualTo(Rule.values().length);
    }
}
