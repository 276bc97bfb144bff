package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.db.Db;
import io.pgswap.engine.Hooks;
import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Migrator;
import io.pgswap.engine.Operation;
import io.pgswap.engine.StopSignal;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the rename swap must carry over (issue 2's list): index and constraint names, serial and
 * identity sequences, defaults, generated columns, CHECK constraints, grants, owner, comments,
 * storage options. A catalog description before and after differs only by the intended change,
 * and the application's view (defaults, identity values, a role's privileges) is the same.
 */
class FidelityIT {
    static final String SCHEMA = """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fid_owner') THEN CREATE ROLE fid_owner; END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fid_reader') THEN CREATE ROLE fid_reader LOGIN; END IF;
            END $$;
            CREATE SCHEMA "Sales Dept";
            CREATE TABLE "Sales Dept".customers (id bigint PRIMARY KEY, name text);
            INSERT INTO "Sales Dept".customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
            CREATE TABLE "Sales Dept"."Order Items" (
              item_id bigint GENERATED ALWAYS AS IDENTITY (START 100 INCREMENT 5) PRIMARY KEY,
              serial_no serial NOT NULL,
              sku text NOT NULL CONSTRAINT sku_not_blank CHECK (sku <> ''),
              qty int NOT NULL DEFAULT 1 CHECK (qty > 0),
              price numeric(10,2),
              total numeric GENERATED ALWAYS AS (qty * coalesce(price, 0)) STORED,
              "Note" text COLLATE "C",
              created_at timestamptz NOT NULL DEFAULT now(),
              updated_at timestamptz,
              customer_id bigint CONSTRAINT "Order Items_customer_fk" REFERENCES "Sales Dept".customers (id)
                ON DELETE SET NULL,
              CONSTRAINT order_items_serial_uq UNIQUE (serial_no) DEFERRABLE INITIALLY DEFERRED
            ) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);
            CREATE INDEX "Order Items_sku_lower" ON "Sales Dept"."Order Items" (lower(sku));
            CREATE INDEX order_items_open ON "Sales Dept"."Order Items" (created_at) WHERE price IS NULL;
            CREATE INDEX order_items_cover ON "Sales Dept"."Order Items" (sku) INCLUDE (qty);
            ALTER TABLE "Sales Dept"."Order Items" ALTER COLUMN sku SET STATISTICS 500;
            ALTER TABLE "Sales Dept"."Order Items" ALTER COLUMN "Note" SET STORAGE EXTERNAL;
            COMMENT ON TABLE "Sales Dept"."Order Items" IS 'line items; it''s "quoted"';
            COMMENT ON COLUMN "Sales Dept"."Order Items".sku IS 'stock keeping unit';
            COMMENT ON INDEX "Sales Dept".order_items_open IS 'unpriced items';
            COMMENT ON CONSTRAINT sku_not_blank ON "Sales Dept"."Order Items" IS 'no empty skus';
            GRANT USAGE ON SCHEMA "Sales Dept" TO fid_owner;
            GRANT REFERENCES ON "Sales Dept".customers TO fid_owner;
            ALTER TABLE "Sales Dept"."Order Items" OWNER TO fid_owner;
            GRANT USAGE ON SCHEMA "Sales Dept" TO fid_reader;
            GRANT SELECT ON "Sales Dept"."Order Items" TO fid_reader;
            GRANT UPDATE ("Note") ON "Sales Dept"."Order Items" TO fid_reader;
            CREATE FUNCTION "Sales Dept".touch() RETURNS trigger LANGUAGE plpgsql AS
              $f$ BEGIN NEW.updated_at := now(); RETURN NEW; END $f$;
            CREATE TABLE "Sales Dept".audit (item_id bigint, op text);
            CREATE FUNCTION "Sales Dept".audit_fn() RETURNS trigger LANGUAGE plpgsql AS
              $f$ BEGIN INSERT INTO "Sales Dept".audit VALUES (NEW.item_id, TG_OP); RETURN NULL; END $f$;
            CREATE TRIGGER touch BEFORE UPDATE ON "Sales Dept"."Order Items"
              FOR EACH ROW WHEN (OLD.qty IS DISTINCT FROM NEW.qty OR OLD."Note" IS DISTINCT FROM NEW."Note") EXECUTE FUNCTION "Sales Dept".touch();
            CREATE TRIGGER "Audit Insert" AFTER INSERT ON "Sales Dept"."Order Items"
              FOR EACH ROW EXECUTE FUNCTION "Sales Dept".audit_fn();
            CREATE TRIGGER never BEFORE DELETE ON "Sales Dept"."Order Items"
              FOR EACH ROW EXECUTE FUNCTION "Sales Dept".touch();
            ALTER TABLE "Sales Dept"."Order Items" DISABLE TRIGGER never;
            COMMENT ON TRIGGER touch ON "Sales Dept"."Order Items" IS 'keeps updated_at';
            ALTER TABLE "Sales Dept"."Order Items" ENABLE ROW LEVEL SECURITY;
            CREATE POLICY reader_sees_priced ON "Sales Dept"."Order Items" FOR SELECT TO fid_reader
              USING (price IS NOT NULL);
            CREATE POLICY everyone_writes ON "Sales Dept"."Order Items" AS PERMISSIVE FOR ALL TO PUBLIC
              USING (true) WITH CHECK (qty < 1000);
            GRANT INSERT ON "Sales Dept".audit TO PUBLIC;
            COMMENT ON CONSTRAINT "Order Items_customer_fk" ON "Sales Dept"."Order Items" IS 'who ordered';
            INSERT INTO "Sales Dept"."Order Items" (sku, qty, price, "Note", customer_id)
            SELECT 'sku-' || g, 1 + g % 7, CASE WHEN g % 10 = 0 THEN NULL ELSE g % 100 END, 'n' || g, 1 + g % 100
            FROM generate_series(1, 5000) g;
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"repack", "add-not-null"})
    void theSwapCarriesTheTableDefinitionOver(String op) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect()) {
            d.execute(SCHEMA);
            String table = "\"Sales Dept\".\"Order Items\"";
            List<String> before = Fixtures.describe(c, table);
            long identityBefore = Fixtures.count(c, "SELECT last_value FROM \"Sales Dept\".\"Order Items_item_id_seq\"");
            MigrationSpec spec = new MigrationSpec(op.equals("repack") ? Operation.REPACK : Operation.ADD_NOT_NULL,
                    "Sales Dept", "Order Items", op.equals("repack") ? null : "price", op.equals("repack") ? null : "0",
                    false, Duration.ofMillis(200), Duration.ofMinutes(1), 50, Duration.ofMillis(100), 0, 1000, 1, false);
            try (Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                Hooks writes = new Hooks() {
                    @Override
                    public void afterPhase(io.pgswap.state.Phase phase) throws java.sql.SQLException {
                        if (phase == io.pgswap.state.Phase.INDEXES) {
                            try (Statement st = c.createStatement()) {
                                st.execute("INSERT INTO " + table + " (sku, price) VALUES ('during', 3)");
                                st.execute("UPDATE " + table + " SET qty = qty + 1 WHERE item_id < 200");
                            }
                            // an application role with no privilege on the pgswap schema writes through the trigger
                            Properties app = new Properties();
                            app.setProperty("user", "fid_reader");
                            try (Connection w = java.sql.DriverManager.getConnection(d.jdbcUrl(), app);
                                 Statement st = w.createStatement()) {
                                st.execute("UPDATE " + table + " SET \"Note\" = 'by app role' WHERE item_id = 105");
                            }
                        }
                    }
                };
                new Migrator(db, spec, Clock.SYSTEM, new StopSignal(), writes).run();
            }
            List<String> after = Fixtures.describe(c, table);
            List<String> expected = new ArrayList<>(before);
            if (op.equals("add-not-null")) {
                expected.replaceAll(l -> l.startsWith("column 5 price ") ? l.replace("notnull=false", "notnull=true") : l);
                if (d.server().major() >= 18) {
                    expected.add("constraint Order Items_price_not_null NOT NULL price comment=");
                    expected.sort(null);
                }
            }
            assertThat(after).isEqualTo(expected);
            // identity continues from where it was (not from START), serial too
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + table + " (sku, price) VALUES ('after', 1)");
            }
            assertThat(Fixtures.count(c, "SELECT item_id FROM " + table + " WHERE sku = 'after'"))
                    .isGreaterThan(identityBefore);
            assertThat(Fixtures.count(c, "SELECT serial_no FROM " + table + " WHERE sku = 'after'")).isGreaterThan(5001);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE total <> qty * coalesce(price, 0)"))
                    .isZero();
            assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE sku = 'during'")).isEqualTo(1);
            assertThat(Fixtures.strings(c, "SELECT \"Note\" FROM " + table + " WHERE item_id = 105"))
                    .containsExactly("by app role");
            // user triggers moved with the table and did not fire during the copy: one audit row per real insert
            assertThat(Fixtures.count(c, "SELECT count(*) FROM \"Sales Dept\".audit")).isEqualTo(5000 + 1 + 1);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM \"Sales Dept\".audit WHERE item_id = "
                    + "(SELECT item_id FROM " + table + " WHERE sku = 'after')")).isEqualTo(1);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE item_id = 105 AND updated_at IS NOT NULL"))
                    .isEqualTo(1);
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE " + table + " SET qty = 3 WHERE item_id = 110");
                // the foreign key out of the table is in force and validated on the new table
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> st.execute(
                        "INSERT INTO " + table + " (sku, price, customer_id) VALUES ('bad', 1, 999)")))
                        .hasMessageContaining("foreign key");
                st.execute("DELETE FROM \"Sales Dept\".customers WHERE id = 7");
            }
            assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE customer_id = 7")).isZero();
            assertThat(Fixtures.strings(c, "SELECT convalidated::text FROM pg_constraint WHERE conname = "
                    + "'Order Items_customer_fk' AND conrelid = '" + table.replace("'", "''") + "'::regclass"))
                    .containsExactly("true");
            assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE item_id = 110 AND updated_at IS NOT NULL"))
                    .as("the BEFORE UPDATE trigger fires on the new table").isEqualTo(1);
            // the sequences' names and their owning table are the originals'
            assertThat(Fixtures.strings(c, "SELECT pg_get_serial_sequence('" + table.replace("'", "''") + "', 'item_id')"))
                    .containsExactly("\"Sales Dept\".\"Order Items_item_id_seq\"");
            assertThat(Fixtures.strings(c, "SELECT pg_get_serial_sequence('" + table.replace("'", "''") + "', 'serial_no')"))
                    .containsExactly("\"Sales Dept\".\"Order Items_serial_no_seq\"");
            // a role with only the original grants reads and updates what it could before, and nothing else
            Properties p = new Properties();
            p.setProperty("user", "fid_reader");
            try (Connection reader = java.sql.DriverManager.getConnection(d.jdbcUrl(), p);
                 Statement st = reader.createStatement()) {
                st.execute("SELECT count(*) FROM " + table);
                st.execute("UPDATE " + table + " SET \"Note\" = 'r' WHERE item_id = 100");
                assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> st.execute("UPDATE " + table + " SET qty = 2 WHERE item_id = 100")))
                        .hasMessageContaining("permission denied");
            }
        }
    }
}
