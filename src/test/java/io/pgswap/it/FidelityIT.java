package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.db.Db;
import io.pgswap.core.Hooks;
import io.pgswap.core.SwapOptions;
import io.pgswap.engine.Request;
import io.pgswap.core.StopSignal;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
            -- a self-referencing foreign key (NOT VALID one stays NOT VALID), and keys into the table
            ALTER TABLE "Sales Dept"."Order Items" ADD COLUMN parent_item bigint
              CONSTRAINT "Order Items_parent_fk" REFERENCES "Sales Dept"."Order Items" (item_id);
            UPDATE "Sales Dept"."Order Items" SET parent_item = item_id - 5 WHERE item_id % 50 = 0 AND item_id > 100;
            CREATE TABLE "Sales Dept".shipments (
              id bigserial PRIMARY KEY,
              item_id bigint NOT NULL CONSTRAINT shipments_item_fk REFERENCES "Sales Dept"."Order Items" (item_id)
                ON DELETE CASCADE,
              billed_item bigint CONSTRAINT shipments_billed_fk REFERENCES "Sales Dept"."Order Items" (item_id)
                ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED);
            INSERT INTO "Sales Dept".shipments (item_id, billed_item)
              SELECT item_id, item_id FROM "Sales Dept"."Order Items" WHERE item_id % 3 = 0;
            CREATE TABLE "Sales Dept".returns (item_id bigint);
            INSERT INTO "Sales Dept".returns VALUES (-1);
            ALTER TABLE "Sales Dept".returns ADD CONSTRAINT returns_item_fk
              FOREIGN KEY (item_id) REFERENCES "Sales Dept"."Order Items" (item_id) NOT VALID;
            COMMENT ON CONSTRAINT shipments_item_fk ON "Sales Dept".shipments IS 'what was shipped';
            CREATE STATISTICS "Sales Dept".items_sku_qty (ndistinct, dependencies) ON sku, qty
              FROM "Sales Dept"."Order Items";
            -- views: with options, on a view, in another schema, updatable, with grants and a comment
            CREATE VIEW "Sales Dept".priced_items WITH (security_barrier = true) AS
              SELECT item_id, sku, qty, price, "Note" FROM "Sales Dept"."Order Items" WHERE price IS NOT NULL
              WITH LOCAL CHECK OPTION;
            COMMENT ON VIEW "Sales Dept".priced_items IS 'items with a price';
            GRANT SELECT ON "Sales Dept".priced_items TO fid_reader;
            CREATE SCHEMA reporting;
            GRANT USAGE ON SCHEMA reporting TO fid_reader;
            CREATE VIEW reporting.sku_totals AS
              SELECT sku, sum(qty) AS qty, count(*) AS n FROM "Sales Dept".priced_items GROUP BY sku;
            CREATE VIEW reporting."Shipped Items" (item, customer) AS
              SELECT i.item_id, c.name FROM "Sales Dept"."Order Items" i
              JOIN "Sales Dept".shipments s ON s.item_id = i.item_id
              LEFT JOIN "Sales Dept".customers c ON c.id = i.customer_id;
            GRANT SELECT ON reporting."Shipped Items" TO fid_reader;
            -- a materialized view, rebuilt in the swap (--rebuild-matviews)
            CREATE MATERIALIZED VIEW reporting.qty_by_sku WITH (fillfactor = 90) AS
              SELECT sku, sum(qty) AS qty FROM "Sales Dept"."Order Items" GROUP BY sku;
            CREATE UNIQUE INDEX qty_by_sku_sku ON reporting.qty_by_sku (sku);
            COMMENT ON INDEX reporting.qty_by_sku_sku IS 'one row per sku';
            COMMENT ON MATERIALIZED VIEW reporting.qty_by_sku IS 'quantities';
            COMMENT ON COLUMN reporting.qty_by_sku.qty IS 'summed';
            GRANT SELECT ON reporting.qty_by_sku TO fid_reader;
            ALTER MATERIALIZED VIEW reporting.qty_by_sku ALTER COLUMN qty SET STATISTICS 300;
            ALTER MATERIALIZED VIEW reporting.qty_by_sku CLUSTER ON qty_by_sku_sku;
            -- rules: one on the table, one on another table that writes into it
            CREATE RULE keep_archived AS ON DELETE TO "Sales Dept"."Order Items"
              WHERE OLD.sku = 'archived' DO INSTEAD NOTHING;
            COMMENT ON RULE keep_archived ON "Sales Dept"."Order Items" IS 'archived items stay';
            CREATE TABLE "Sales Dept".quick_orders (sku text, qty int);
            CREATE RULE quick_to_items AS ON INSERT TO "Sales Dept".quick_orders
              DO ALSO INSERT INTO "Sales Dept"."Order Items" (sku, qty, price) VALUES (NEW.sku, NEW.qty, 1);
            -- publication membership (with a column list and a row filter where the server has them)
            CREATE PUBLICATION fid_pub FOR TABLE "Sales Dept".customers, "Sales Dept"."Order Items";
            DO $$ BEGIN
              IF current_setting('server_version_num')::int >= 150000 THEN
                EXECUTE 'CREATE PUBLICATION fid_pub_filtered FOR TABLE "Sales Dept"."Order Items" '
                        '(item_id, sku, qty, serial_no) WHERE (qty > 2) WITH (publish = ''insert'')';
              END IF;
            END $$;
            """;

    static final String TABLE = "\"Sales Dept\".\"Order Items\"";

    static List<Integer> majors() {
        return TestDatabase.majors();
    }

    /**
     * The rich schema, on every supported major, while an application writes to the table, through
     * its view and rule, and into the tables that reference it: add-not-null, then repack. After
     * each, the description of the table and of everything in the database that depends on it is
     * the one before but for the intended change, and the application sees the same world.
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void theSwapCarriesTheTableAndItsDependentsOverUnderWrites(int major) throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(major).createDatabase();
             Connection c = d.connect()) {
            d.execute(SCHEMA);
            List<String> before = describeAll(c);
            List<String> appBefore = applicationView(d);
            long identityBefore = Fixtures.count(c, "SELECT last_value FROM \"Sales Dept\".\"Order Items_item_id_seq\"");
            Request<?> addNotNull = Fixtures.addNotNull("Sales Dept", "Order Items", "price", "0");
            Request<?> repack = Fixtures.repack("Sales Dept", "Order Items");
            SwapOptions rebuild = new SwapOptions(false, false, true);
            RichWriter writer = new RichWriter(d);
            try (Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                writer.start();
                writer.awaitWrites(30);
                Fixtures.run(db, addNotNull, Fixtures.tuning(), rebuild, new StopSignal(), duringTheCopy(d, c));
                writer.awaitWrites(30);
                List<String> expected = io.pgswap.testing.CatalogDescription.withNotNull(before, "Order Items", TABLE, "price",
                        major);
                assertThat(describeAll(c)).isEqualTo(expected);
                Fixtures.run(db, repack, Fixtures.tuning(), rebuild, new StopSignal(), Hooks.NONE);
                writer.awaitWrites(30);
                writer.stop();
                assertThat(describeAll(c)).as("after repack").isEqualTo(expected);
            } finally {
                writer.stop();
            }
            assertThat(writer.errors).as("application errors").isEmpty();
            assertThat(Fixtures.helperObjects(c)).isEmpty();
            assertThat(applicationView(d)).isEqualTo(appBefore);
            checkTheApplicationsWorld(d, c, identityBefore, writer.inserts.get());
        }
    }

    /**
     * A run that dies right after the swap commits leaves the re-added keys NOT VALID; running the
     * same command again validates exactly those (not the one that was NOT VALID before) and ends DONE.
     */
    @org.junit.jupiter.api.Test
    void aRunThatDiesAfterTheSwapValidatesTheKeysWhenRunAgain() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect()) {
            d.execute("""
                    CREATE TABLE customers (id int PRIMARY KEY);
                    INSERT INTO customers SELECT generate_series(1, 10);
                    CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, parent int REFERENCES orders);
                    INSERT INTO orders SELECT g, 1 + g % 10, NULLIF(g - 1, 0) FROM generate_series(1, 1000) g;
                    CREATE TABLE items (order_id int REFERENCES orders ON DELETE CASCADE);
                    INSERT INTO items SELECT generate_series(1, 1000, 3);
                    CREATE TABLE notes (order_id int);
                    INSERT INTO notes VALUES (-1);
                    ALTER TABLE notes ADD CONSTRAINT notes_order_fk FOREIGN KEY (order_id) REFERENCES orders NOT VALID;
                    """);
            String validity = "SELECT string_agg(conrelid::regclass || '.' || conname || '=' || convalidated, ' '"
                    + " ORDER BY conrelid::regclass::text, conname) FROM pg_constraint WHERE contype = 'f'"
                    + " AND conrelid::regclass::text NOT LIKE 'pgswap\\_old\\_%'";
            List<String> before = Fixtures.strings(c, validity);
            try (Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                Hooks dies = new Hooks() {
                    @Override
                    public void afterStep(String phase) {
                        if (phase.equals("swap")) {
                            throw new IllegalStateException("killed right after the swap");
                        }
                    }
                };
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                        Fixtures.run(db, Fixtures.repack("orders"), dies)))
                        .hasMessageContaining("killed");
                assertThat(Fixtures.strings(c, validity)).containsExactly("items.items_order_id_fkey=false "
                        + "notes.notes_order_fk=false orders.orders_customer_id_fkey=false orders.orders_parent_fkey=false");
                Fixtures.run(db, Fixtures.repack("orders"));
            }
            assertThat(Fixtures.strings(c, validity)).isEqualTo(before);
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("done");
        }
    }

    /**
     * Views are read afresh before each swap attempt: one created while the copy runs is locked
     * and re-pointed like the others. A new materialized view stops the swap (exit 4, resumable)
     * unless its rebuild is asked for; the next run with --rebuild-matviews finishes.
     */
    @org.junit.jupiter.api.Test
    void viewsCreatedDuringTheMigrationAreCarriedOver() throws Exception {
        try (TestDatabase.Database d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
             Connection c = d.connect()) {
            Fixtures.createOrders(d, 2000);
            try (Db db = Fixtures.db(d, Duration.ofMillis(200))) {
                Hooks createsViews = new Hooks() {
                    @Override
                    public void afterStep(String phase) throws java.sql.SQLException {
                        if (phase.equals("copy")) {
                            d.execute("CREATE VIEW late_view AS SELECT id, status FROM orders WHERE amount > 10;"
                                    + "CREATE MATERIALIZED VIEW late_counts AS SELECT status, count(*) FROM orders GROUP BY status");
                        }
                    }
                };
                Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(() ->
                        Fixtures.run(db, Fixtures.repack("orders"), createsViews));
                assertThat(stopped).isInstanceOf(io.pgswap.PgSwapException.class).hasMessageContaining("--rebuild-matviews");
                assertThat(((io.pgswap.PgSwapException) stopped).exitCode()).isEqualTo(io.pgswap.ExitCode.GAVE_UP);
                assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("swap");
                Fixtures.run(db, Fixtures.repack("orders"), Fixtures.tuning(), new SwapOptions(false, false, true),
                        new StopSignal(), Hooks.NONE);
            }
            assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("done");
            assertThat(Fixtures.strings(c, "SELECT pg_get_viewdef('late_view') || pg_get_viewdef('late_counts')"))
                    .allMatch(def -> def.contains("FROM orders") && !def.contains("pgswap_old"));
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO orders (customer_id, status, amount) VALUES (1, 'late', 99)");
                st.execute("REFRESH MATERIALIZED VIEW late_counts");
            }
            assertThat(Fixtures.count(c, "SELECT count(*) FROM late_view WHERE status = 'late'")).isEqualTo(1);
            assertThat(Fixtures.count(c, "SELECT count(*) FROM late_counts WHERE status = 'late'")).isEqualTo(1);
        }
    }

    /** Writes while the shadow's indexes are built: plain, and by a role with no right on pgswap's schema. */
    static Hooks duringTheCopy(TestDatabase.Database d, Connection c) {
        return new Hooks() {
            @Override
            public void afterStep(String phase) throws java.sql.SQLException {
                if (phase.equals("copy")) {
                    try (Statement st = c.createStatement()) {
                        st.execute("INSERT INTO " + TABLE + " (sku, price) VALUES ('during', 3)");
                        st.execute("UPDATE " + TABLE + " SET qty = qty + 1 WHERE item_id < 200");
                    }
                    Properties app = new Properties();
                    app.setProperty("user", "fid_reader");
                    try (Connection w = java.sql.DriverManager.getConnection(d.jdbcUrl(), app);
                         Statement st = w.createStatement()) {
                        st.execute("UPDATE " + TABLE + " SET \"Note\" = 'by app role' WHERE item_id = 105");
                    }
                }
            }
        };
    }

    /** The table, and everything in the database that depends on it, by name. */
    static List<String> describeAll(Connection c) throws java.sql.SQLException {
        return io.pgswap.testing.CatalogDescription.of(c, TABLE);
    }

    /** What the application may do through the views and on the tables: each statement's outcome. */
    static List<String> applicationView(TestDatabase.Database d) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        Properties p = new Properties();
        p.setProperty("user", "fid_reader");
        try (Connection reader = java.sql.DriverManager.getConnection(d.jdbcUrl(), p);
             Statement st = reader.createStatement()) {
            for (String q : List.of(
                    "SELECT count(*) FROM \"Sales Dept\".priced_items",
                    "SELECT count(*) FROM reporting.\"Shipped Items\"",
                    "SELECT count(*) FROM reporting.sku_totals",
                    "SELECT count(*) FROM reporting.qty_by_sku",
                    "SELECT count(*) FROM " + TABLE,
                    "UPDATE " + TABLE + " SET \"Note\" = 'x' WHERE item_id = 1",
                    "UPDATE " + TABLE + " SET qty = 2 WHERE item_id = 100",
                    "INSERT INTO \"Sales Dept\".priced_items (sku, qty, price) VALUES ('r', 1, 1)",
                    "SELECT count(*) FROM \"Sales Dept\".shipments")) {
                try {
                    st.execute(q);
                    out.add(q + " -> ok");
                } catch (java.sql.SQLException e) {
                    out.add(q + " -> ERROR " + e.getSQLState());
                }
            }
        }
        return out;
    }

    static void checkTheApplicationsWorld(TestDatabase.Database d, Connection c, long identityBefore,
                                                  long writerInserts) throws Exception {
        String table = TABLE;
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
        assertThat(Fixtures.count(c, "SELECT count(*) FROM \"Sales Dept\".audit"))
                .isEqualTo(5000 + 1 + writerInserts + 1);
        try (Statement st = c.createStatement()) {
            st.execute("UPDATE " + table + " SET qty = 3 WHERE item_id = 110");
            // foreign keys out of, into and within the table are in force on the new table
            for (String bad : List.of(
                    "INSERT INTO " + table + " (sku, price, customer_id) VALUES ('bad', 1, 999)",
                    "INSERT INTO " + table + " (sku, price, parent_item) VALUES ('bad', 1, -7)",
                    "INSERT INTO \"Sales Dept\".shipments (item_id) VALUES (-7)",
                    "INSERT INTO \"Sales Dept\".returns (item_id) VALUES (-7)")) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> st.execute(bad)))
                        .as(bad).hasMessageContaining("foreign key");
            }
            st.execute("DELETE FROM \"Sales Dept\".customers WHERE id = 7");
            // ON DELETE CASCADE from the new table into shipments
            st.execute("DELETE FROM " + table + " WHERE item_id = 300");
            // the rule on the table: archived items are not deleted
            st.execute("UPDATE " + table + " SET sku = 'archived' WHERE item_id = 305");
            st.execute("DELETE FROM " + table + " WHERE item_id = 305");
            // the rule on another table writes into the new table; the updatable view inserts into it
            st.execute("INSERT INTO \"Sales Dept\".quick_orders VALUES ('quick', 2)");
            st.execute("INSERT INTO \"Sales Dept\".priced_items (sku, qty, price) VALUES ('via view', 1, 5)");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> st.execute(
                    "INSERT INTO \"Sales Dept\".priced_items (sku, qty, price) VALUES ('unpriced', 1, NULL)")))
                    .as("the view's check option").hasMessageContaining("violates");
        }
        assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE customer_id = 7")).isZero();
        // the materialized view was rebuilt from the new table and refreshes from it
        try (Statement st = c.createStatement()) {
            st.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.qty_by_sku");
        }
        assertThat(Fixtures.difference(c, "SELECT sku, qty FROM reporting.qty_by_sku",
                "SELECT sku, sum(qty) FROM " + table + " GROUP BY sku")).isZero();
        // and kept its column's statistics target and the index it is clustered on
        assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'reporting.qty_by_sku'::regclass"
                + " AND attname = 'qty' AND attstattarget = 300")).isEqualTo(1);
        assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_index WHERE indrelid = 'reporting.qty_by_sku'::regclass"
                + " AND indisclustered")).isEqualTo(1);
        // the views read the new table
        assertThat(Fixtures.difference(c, "SELECT item_id, sku, qty, price FROM \"Sales Dept\".priced_items",
                "SELECT item_id, sku, qty, price FROM " + table + " WHERE price IS NOT NULL")).isZero();
        assertThat(Fixtures.difference(c, "SELECT item FROM reporting.\"Shipped Items\"",
                "SELECT i.item_id FROM " + table + " i JOIN \"Sales Dept\".shipments s USING (item_id)")).isZero();
        assertThat(Fixtures.count(c, "SELECT count(*) FROM \"Sales Dept\".shipments WHERE item_id = 300")).isZero();
        assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE item_id = 305")).isEqualTo(1);
        assertThat(Fixtures.count(c, "SELECT count(*) FROM \"Sales Dept\".priced_items WHERE sku IN ('quick', 'via view')"))
                .isEqualTo(2);
        assertThat(Fixtures.count(c, "SELECT count(*) FROM " + table + " WHERE item_id = 110 AND updated_at IS NOT NULL"))
                .as("the BEFORE UPDATE trigger fires on the new table").isEqualTo(1);
        // the sequences' names and their owning table are the originals'
        assertThat(Fixtures.strings(c, "SELECT pg_get_serial_sequence('" + table.replace("'", "''") + "', 'item_id')"))
                .containsExactly("\"Sales Dept\".\"Order Items_item_id_seq\"");
        assertThat(Fixtures.strings(c, "SELECT pg_get_serial_sequence('" + table.replace("'", "''") + "', 'serial_no')"))
                .containsExactly("\"Sales Dept\".\"Order Items_serial_no_seq\"");
        // the old tables are tied to no live table: no foreign key out of them checks or cascades
        assertThat(Fixtures.strings(c, "SELECT conname || ' on ' || conrelid::regclass::text FROM pg_constraint k"
                + " JOIN pg_class t ON t.oid = k.conrelid WHERE k.contype = 'f' AND t.relname LIKE 'pgswap\\_old\\_%'"
                + " AND k.confrelid <> k.conrelid")).isEmpty();
        // nothing points at the old tables any more: they drop without CASCADE
        for (String old : Fixtures.strings(c, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                + " WHERE tablename LIKE 'pgswap\\_old\\_%'")) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + old);
            }
        }
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

    /**
     * The application during the migrations: inserts (with a shipment), updates, deletes
     * (cascading to shipments), and inserts through the view and through the rule on another
     * table. Every statement must succeed.
     */
    static final class RichWriter {
        private final TestDatabase.Database d;
        private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        final java.util.concurrent.atomic.AtomicLong inserts = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.ConcurrentLinkedQueue<String> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private Thread thread;

        RichWriter(TestDatabase.Database d) {
            this.d = d;
        }

        void start() {
            thread = new Thread(this::loop, "rich-writer");
            thread.setDaemon(true);
            thread.start();
        }

        void awaitWrites(long n) throws InterruptedException {
            long target = writes.get() + n;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (writes.get() < target && System.nanoTime() < deadline && thread.isAlive()) {
                Thread.sleep(5);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(30_000);
            }
        }

        private void loop() {
            try (Connection c = d.connect(); Statement st = c.createStatement()) {
                for (int i = 0; running.get(); i++) {
                    String sku = "w" + i;
                    try {
                        switch (i % 5) {
                            case 0 -> {
                                st.execute("WITH i AS (INSERT INTO " + TABLE + " (sku, qty, price, customer_id) VALUES ('"
                                        + sku + "', 2, 4, 5) RETURNING item_id) INSERT INTO "
                                        + "\"Sales Dept\".shipments (item_id, billed_item) SELECT item_id, item_id FROM i");
                                inserts.incrementAndGet();
                            }
                            case 1 -> st.execute("UPDATE " + TABLE + " SET qty = qty % 7 + 1, price = coalesce(price, 0) + 1"
                                    + " WHERE item_id = (SELECT min(item_id) + " + (i * 37 % 4000) + " FROM " + TABLE + ")");
                            case 2 -> st.execute("DELETE FROM " + TABLE + " WHERE item_id = (SELECT max(item_id) FROM "
                                    + TABLE + " WHERE sku LIKE 'w%' AND sku <> 'w0')");
                            case 3 -> {
                                st.execute("INSERT INTO \"Sales Dept\".priced_items (sku, qty, price) VALUES ('v" + i
                                        + "', 1, 9)");
                                inserts.incrementAndGet();
                            }
                            default -> {
                                st.execute("INSERT INTO \"Sales Dept\".quick_orders VALUES ('q" + i + "', 3)");
                                inserts.incrementAndGet();
                            }
                        }
                        writes.incrementAndGet();
                    } catch (java.sql.SQLException e) {
                        errors.add(e.getSQLState() + " " + e.getMessage());
                    }
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                errors.add(String.valueOf(e));
            }
        }
    }
}
