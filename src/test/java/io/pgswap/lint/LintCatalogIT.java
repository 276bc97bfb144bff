package io.pgswap.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgswap.cli.Main;
import io.pgswap.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgswap lint with a connection to a real PostgreSQL: the server's version is the target, a
 * rewrite of a small table becomes info, the same rewrite of a table over 10 MB stays an error,
 * and a column's current type from the catalog proves a varchar widening catalog-only.
 */
class LintCatalogIT {
    @Test
    void tableSizesAndTypesFromTheServer(@TempDir Path dir) throws Exception {
        TestDatabase.Server server = TestDatabase.server(TestDatabase.defaultMajor());
        try (TestDatabase.Database d = server.createDatabase()) {
            d.execute("""
                    CREATE TABLE small_orders (id int PRIMARY KEY, note varchar(50));
                    INSERT INTO small_orders SELECT g, 'n' || g FROM generate_series(1, 1000) g;
                    CREATE TABLE big_orders (id int PRIMARY KEY, note varchar(50), payload text);
                    INSERT INTO big_orders SELECT g, 'n' || g, repeat(md5(g::text), 4)
                      FROM generate_series(1, 120000) g;
                    CREATE INDEX big_orders_note_idx ON big_orders (note);
                    CREATE TABLE measurements (device_id int, at date NOT NULL, value int) PARTITION BY RANGE (at);
                    CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                    CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                    INSERT INTO measurements SELECT g % 100, date '2024-01-01' + (g % 700), g
                      FROM generate_series(1, 300000) g;
                    """);
            Path migration = dir.resolve("V7__types.sql");
            Files.writeString(migration, """
                    SET lock_timeout = '2s';
                    ALTER TABLE small_orders ALTER COLUMN id TYPE bigint;
                    ALTER TABLE big_orders ALTER COLUMN id TYPE bigint;
                    ALTER TABLE big_orders ALTER COLUMN note TYPE varchar(100);
                    ALTER TABLE big_orders ALTER COLUMN note TYPE varchar(20);
                    REINDEX INDEX big_orders_note_idx;
                    ALTER TABLE measurements ALTER COLUMN value TYPE bigint;
                    """);
            JsonNode doc = lint(d, migration);
            assertThat(doc.path("target").path("origin").asText()).isEqualTo("server");
            assertThat(doc.path("target").path("pg_version").asInt()).isEqualTo(server.major());
            assertThat(doc.path("target").path("assumed").asBoolean()).isFalse();

            Map<Integer, JsonNode> byLine = new HashMap<>();
            doc.path("files").get(0).path("statements").forEach(s -> s.path("findings")
                    .forEach(f -> byLine.put(f.path("line").asInt(), f)));
            JsonNode small = byLine.get(2);
            assertThat(small.path("rule").asText()).isEqualTo("PGS005");
            assertThat(small.path("severity").asText()).isEqualTo("info");
            assertThat(small.path("reason").asText()).contains("small_orders is only").contains("under 10.0 MB")
                    .contains("(from integer)");
            JsonNode big = byLine.get(3);
            assertThat(big.path("rule").asText()).isEqualTo("PGS005");
            assertThat(big.path("severity").asText()).isEqualTo("error");
            assertThat(big.path("reason").asText()).contains("(big_orders is ").contains("MB)");
            assertThat(byLine).doesNotContainKey(4); // varchar(50) to varchar(100): catalog-only
            // the file changed it to varchar(100) on the line before: that is the type it now shortens
            assertThat(byLine.get(5).path("reason").asText()).contains("(from varchar(100))");
            JsonNode reindex = byLine.get(6);
            assertThat(reindex.path("rule").asText()).isEqualTo("PGS009");
            assertThat(reindex.path("table").asText()).isEqualTo("public.big_orders");
            assertThat(reindex.path("instead").asText())
                    .isEqualTo("pgswap reindex public.big_orders --index big_orders_note_idx");
            // a partitioned table has no storage of its own: its size is its partitions'
            JsonNode partitioned = byLine.get(7);
            assertThat(partitioned.path("rule").asText()).isEqualTo("PGS005");
            assertThat(partitioned.path("severity").asText()).isEqualTo("error");
            assertThat(partitioned.path("reason").asText()).contains("(measurements is ").contains("MB)");
            assertThat(doc.path("exit_code").asInt()).isEqualTo(1);
        }
    }

    @Test
    void primaryKeyUsingIndexScansTheIndexsNullableColumns(@TempDir Path dir) throws Exception {
        TestDatabase.Server server = TestDatabase.server(TestDatabase.defaultMajor());
        try (TestDatabase.Database d = server.createDatabase()) {
            d.execute("""
                    CREATE TABLE loose (id int, tenant int NOT NULL);
                    CREATE UNIQUE INDEX loose_key ON loose (tenant, id);
                    CREATE TABLE tight (id int NOT NULL);
                    CREATE UNIQUE INDEX tight_key ON tight (id);
                    """);
            Path migration = dir.resolve("V8__keys.sql");
            Files.writeString(migration, """
                    SET lock_timeout = '2s';
                    ALTER TABLE loose ADD CONSTRAINT loose_pkey PRIMARY KEY USING INDEX loose_key;
                    ALTER TABLE tight ADD CONSTRAINT tight_pkey PRIMARY KEY USING INDEX tight_key;
                    """);
            Map<Integer, JsonNode> byLine = new HashMap<>();
            lint(d, migration).path("files").get(0).path("statements").forEach(s -> s.path("findings")
                    .forEach(f -> byLine.put(f.path("line").asInt(), f)));
            assertThat(byLine.get(2).path("rule").asText()).isEqualTo("PGS002");
            assertThat(byLine.get(2).path("severity").asText()).as("an empty table: a scan of it is quick")
                    .isEqualTo("info");
            assertThat(byLine.get(2).path("reason").asText()).contains("sets NOT NULL on id,")
                    .contains("pgswap add-not-null loose.id --strategy in-place");
            assertThat(byLine).as("every column of tight_key is NOT NULL already: catalog only").doesNotContainKey(3);
        }
    }

    @Test
    void aTypeChangeThatKeepsTheRows_stillNamesTheIndexesItRebuilds(@TempDir Path dir) throws Exception {
        TestDatabase.Server server = TestDatabase.server(TestDatabase.defaultMajor());
        try (TestDatabase.Database d = server.createDatabase()) {
            d.execute("""
                    CREATE TABLE people (id int PRIMARY KEY, email varchar(50), code text COLLATE "C",
                      nick text COLLATE "C", name text, seen timestamp, note varchar(10));
                    CREATE INDEX people_email_idx ON people (email);
                    CREATE INDEX people_lower_email_idx ON people (lower(email));
                    CREATE INDEX people_recent_idx ON people (id) WHERE email IS NOT NULL;
                    CREATE INDEX people_code_idx ON people (code);
                    CREATE INDEX people_name_idx ON people (name);
                    CREATE INDEX people_seen_idx ON people (seen);
                    CREATE INDEX people_note_idx ON people (note);
                    """);
            Path migration = dir.resolve("V9__widen.sql");
            Files.writeString(migration, """
                    SET lock_timeout = '2s';
                    ALTER TABLE people ALTER COLUMN email TYPE varchar(100);
                    ALTER TABLE people ALTER COLUMN code TYPE text;
                    ALTER TABLE people ALTER COLUMN nick TYPE varchar;
                    ALTER TABLE people ALTER COLUMN name TYPE text COLLATE "C";
                    SET timezone = 'UTC';
                    ALTER TABLE people ALTER COLUMN seen TYPE timestamptz;
                    ALTER TABLE people ALTER COLUMN note TYPE varchar(20) COLLATE "default";
                    ALTER TABLE people ALTER COLUMN code TYPE text COLLATE "C";
                    """);
            Map<Integer, JsonNode> byLine = new HashMap<>();
            lint(d, migration).path("files").get(0).path("statements").forEach(s -> s.path("findings")
                    .forEach(f -> byLine.put(f.path("line").asInt(), f)));
            assertThat(byLine.get(2).path("rule").asText()).isEqualTo("PGS005");
            assertThat(byLine.get(2).path("reason").asText()).as("the plain index on email is kept")
                    .contains("rebuilds indexes people_lower_email_idx, people_recent_idx (PostgreSQL rebuilds an index "
                            + "with an expression or a predicate").doesNotContain("people_email_idx")
                    .contains("under ACCESS EXCLUSIVE");
            assertThat(byLine.get(2).path("instead").asText())
                    .isEqualTo("pgswap alter people 'ALTER COLUMN email TYPE varchar(100)'");
            assertThat(byLine.get(3).path("reason").asText()).contains("rebuilds index people_code_idx (its collation "
                    + "changes)").contains("from \"C\" to the database default (write COLLATE \"C\" to keep it)");
            assertThat(byLine.get(4).path("severity").asText()).as("it blocks nothing").isEqualTo("info");
            assertThat(byLine.get(4).path("reason").asText()).as("no index on nick: only its collation is lost")
                    .contains("changes only the catalog; without COLLATE the column's collation changes from \"C\"");
            assertThat(byLine.get(5).path("reason").asText()).contains("rebuilds index people_name_idx (its collation");
            assertThat(byLine.get(7).path("reason").asText())
                    .contains("rebuilds index people_seen_idx (its operator class changes)");
            assertThat(byLine).as("the same collation, a plain index: catalog only").doesNotContainKey(8);
            assertThat(byLine).as("the file declared code's type on line 3: its collation is not known")
                    .doesNotContainKey(9);
        }
    }

    @Test
    void anUnnamedConstraint_isNamedAsTheServerWillNameIt_numberedPastTheSchemasNames(@TempDir Path dir)
            throws Exception {
        TestDatabase.Server server = TestDatabase.server(TestDatabase.defaultMajor());
        try (TestDatabase.Database d = server.createDatabase()) {
            d.execute("""
                    CREATE TABLE orders (id int PRIMARY KEY, qty int, amount int);
                    CREATE TABLE other (n int CONSTRAINT orders_qty_check CHECK (n > 0));
                    CREATE SCHEMA app;
                    CREATE TABLE app.orders (amount int CHECK (amount > 0));
                    """);
            Path migration = dir.resolve("V3__checks.sql");
            Files.writeString(migration, """
                    SET lock_timeout = '2s';
                    ALTER TABLE orders ADD CHECK (qty > 0);
                    ALTER TABLE orders ADD CHECK (amount > 0);
                    """);
            Map<Integer, JsonNode> byLine = new HashMap<>();
            lint(d, migration).path("files").get(0).path("statements").forEach(s -> s.path("findings")
                    .forEach(f -> byLine.put(f.path("line").asInt(), f)));
            assertThat(byLine.get(2).path("instead").asText()).as("another table of the schema has orders_qty_check")
                    .isEqualTo("pgswap add-check orders.orders_qty_check1 'qty > 0'");
            assertThat(byLine.get(3).path("instead").asText()).as("app.orders_amount_check is in another schema")
                    .isEqualTo("pgswap add-check orders.orders_amount_check 'amount > 0'");
            d.execute("ALTER TABLE orders ADD CHECK (qty > 0)");
            assertThat(checksOfOrders(d)).as("what the server chose").isEqualTo("orders_qty_check1");

            // replacing a check: the dropped name is free again, the other table's orders_qty_check is not
            Path replace = dir.resolve("V4__replace_check.sql");
            Files.writeString(replace, """
                    SET lock_timeout = '2s';
                    ALTER TABLE orders DROP CONSTRAINT orders_qty_check1;
                    ALTER TABLE orders ADD CHECK (qty > 1);
                    """);
            Map<Integer, JsonNode> replaced = new HashMap<>();
            lint(d, replace).path("files").get(0).path("statements").forEach(s -> s.path("findings")
                    .forEach(f -> replaced.put(f.path("line").asInt(), f)));
            assertThat(replaced.get(3).path("instead").asText())
                    .isEqualTo("pgswap add-check orders.orders_qty_check1 'qty > 1'");
            d.execute("ALTER TABLE orders DROP CONSTRAINT orders_qty_check1; ALTER TABLE orders ADD CHECK (qty > 1)");
            assertThat(checksOfOrders(d)).as("what the server chose").isEqualTo("orders_qty_check1");
        }
    }

    private static String checksOfOrders(TestDatabase.Database d) throws Exception {
        try (java.sql.Connection c = d.connect(); java.sql.ResultSet rs = c.createStatement().executeQuery(
                "SELECT string_agg(conname, ',') FROM pg_constraint WHERE conrelid = 'public.orders'::regclass "
                        + "AND contype = 'c'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static JsonNode lint(TestDatabase.Database d, Path migration) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.execute("lint", "--url", d.libpqUrl(), "--output", "json", migration.toString());
        } finally {
            System.setOut(out);
        }
        JsonNode doc = new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(doc.path("exit_code").asInt());
        return doc;
    }
}
