package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Hooks;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Target;
import io.pgswap.db.Db;
import io.pgswap.engine.Engine;
import io.pgswap.engine.Request;
import io.pgswap.engine.Result;
import io.pgswap.ops.Alter;
import io.pgswap.plan.Plan;
import io.pgswap.retry.Clock;
import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * alter's paths that need exact interleavings: writes made between the copy and the replay go
 * through the same USING expressions and key casts as the copy; a row written then that does not
 * fit stops the run before the swap with its key; a run killed after the swap finishes on a
 * re-run although its subcommands no longer apply to the (new) table; and what the plan says a
 * plain ALTER would do, per subcommand, on every major.
 */
class AlterIT {
    TestDatabase.Database d;
    Connection c;
    Db db;

    static List<Integer> majors() {
        return TestDatabase.majors();
    }

    @BeforeEach
    void setUp() throws SQLException {
        d = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
        c = d.connect();
        d.execute("""
                CREATE TABLE orders (id integer PRIMARY KEY, code text NOT NULL, amount numeric(8,2) NOT NULL,
                                     status varchar(20), note text);
                INSERT INTO orders SELECT g, (g * 7)::text, g * 0.5, 'new', 'n' || g FROM generate_series(1, 5000) g;
                """);
        db = Fixtures.db(d, Duration.ofMillis(200));
    }

    @AfterEach
    void tearDown() throws SQLException {
        db.close();
        c.close();
        d.close();
    }

    static Request<?> alter(String subcommands, String... using) {
        return Request.of(new Alter(), new Alter.Args(new Target(null, "orders"), subcommands, List.of(using), false));
    }

    void exec(String sql) throws SQLException {
        try (Connection w = d.connect(); Statement st = w.createStatement()) {
            st.execute(sql);
        }
    }

    /** Application writes between the copy and the replay: updates, key moves, deletes, re-inserts, inserts. */
    Hooks writesAfterTheCopy(String... extra) {
        return new Hooks() {
            @Override
            public void afterStep(String step) throws SQLException {
                if (step.equals("copy")) {
                    exec("UPDATE orders SET code = (id * 11)::text, amount = amount + 1 WHERE id % 10 = 0");
                    exec("UPDATE orders SET id = id + 100000 WHERE id % 10 = 1");
                    exec("DELETE FROM orders WHERE id % 10 = 2");
                    exec("DELETE FROM orders WHERE id % 10 = 3; INSERT INTO orders SELECT id, '3', 3, 'again', NULL "
                            + "FROM generate_series(3, 5000, 10) id");
                    exec("INSERT INTO orders SELECT g, (g * 13)::text, 1.25, 'late', NULL FROM generate_series(6001, 6100) g");
                    for (String sql : extra) {
                        exec(sql);
                    }
                }
            }
        };
    }

    /** bigint compares with integer; text does not, so the logged keys must be cast to find the shadow's rows. */
    @ParameterizedTest(name = "key to {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bigint", "text"})
    void rowsWrittenDuringTheMigrationGoThroughTheUsingExpressionsAndTheKeyCast(String keyType) throws Exception {
        Result r = Fixtures.run(db, alter("ALTER COLUMN id TYPE " + keyType + ", ALTER COLUMN code TYPE integer USING "
                        + "code::integer, ALTER COLUMN amount TYPE bigint, DROP COLUMN note, "
                        + "ADD COLUMN seen timestamptz DEFAULT clock_timestamp()",
                "amount=(amount * 100)::bigint"), writesAfterTheCopy());
        assertThat(r.outcome()).isEqualTo("swapped");
        assertThat(r.rowsReplayed()).isPositive();
        String old = "pgswap_old_" + r.migrationId() + "_orders";
        // the old table holds what the original held at the swap: the new one is it, converted
        assertThat(Fixtures.difference(c, "SELECT id::" + keyType + ", code::integer, (amount * 100)::bigint, status FROM " + old,
                "SELECT id, code, amount, status FROM orders")).isZero();
        assertThat(Fixtures.count(c, "SELECT count(*) FROM orders")).isEqualTo(Fixtures.count(c,
                "SELECT count(*) FROM " + old));
        assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE seen IS NULL")).isZero();
        assertThat(Fixtures.strings(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                + "'orders'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum"))
                .containsExactly(keyType, "integer", "bigint", "character varying(20)", "timestamp with time zone");
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    @Test
    void aRowWrittenDuringTheMigrationThatDoesNotFitStopsTheRunBeforeTheSwapWithItsKey() throws Exception {
        Throwable t = catchThrowable(() -> Fixtures.run(db, alter("ALTER COLUMN amount TYPE numeric(6,2)"),
                writesAfterTheCopy("INSERT INTO orders VALUES (7777, 'x', 123456.78, 'big', NULL)")));
        assertThat(t).isInstanceOf(PgSwapException.class);
        PgSwapException e = (PgSwapException) t;
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e).hasMessageContaining("during the migration").hasMessageContaining("numeric field overflow")
                .hasMessageContaining("id = 7777").hasMessageContaining("helper objects were removed");
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        assertThat(Fixtures.strings(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                + "'orders'::regclass AND attname = 'amount'")).containsExactly("numeric(8,2)");
        assertThat(Fixtures.count(c, "SELECT count(*) FROM orders WHERE id = 7777")).isEqualTo(1);
    }

    @Test
    void aValueOfTheOriginalThatDoesNotConvertStopsTheCopyWithItsKey() throws Exception {
        exec("UPDATE orders SET code = 'x12' WHERE id = 4321");
        Throwable t = catchThrowable(() -> Fixtures.run(db, alter("ALTER COLUMN code TYPE integer USING code::integer")));
        PgSwapException e = (PgSwapException) t;
        assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(e).hasMessageContaining("invalid input syntax for type integer").hasMessageContaining("id = 4321");
        assertThat(Fixtures.helperObjects(c)).isEmpty();
    }

    @Test
    void aRunKilledAfterTheSwapFinishesOnARerunThoughItsSubcommandsNoLongerApply() throws Exception {
        Request<?> request = alter("DROP COLUMN note, ADD COLUMN seen timestamptz DEFAULT clock_timestamp()");
        Hooks crash = new Hooks() {
            @Override
            public void afterStep(String step) {
                if (step.equals("swap")) {
                    throw new IllegalStateException("killed after the swap");
                }
            }
        };
        Throwable t = catchThrowable(() -> Fixtures.run(db, request, crash));
        assertThat(((PgSwapException) t).exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(t).hasMessageContaining("the swap is done");
        Result r = Fixtures.run(db, request);
        assertThat(r.outcome()).isEqualTo("swapped");
        assertThat(Fixtures.strings(c, "SELECT phase FROM pgswap.migrations")).containsExactly("done");
        assertThat(Fixtures.helperObjects(c)).isEmpty();
        assertThat(Fixtures.count(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass "
                + "AND attname IN ('note', 'seen') AND NOT attisdropped")).isEqualTo(1);
    }

    @Test
    void aCatalogOnlyRequestRunsThePlainAlterInPlace() throws Exception {
        Result r = Fixtures.run(db, alter("ALTER COLUMN status TYPE varchar(100), ALTER COLUMN status SET DEFAULT 'new'"));
        assertThat(r.recipe()).isEqualTo("in-place");
        assertThat(r.stepMillis()).containsOnlyKeys("alter");
        assertThat(Fixtures.strings(c, "SELECT recipe || ' ' || phase || ' ' || steps_done::text FROM pgswap.migrations"))
                .containsExactly("in-place done {alter}");
        assertThat(Fixtures.strings(c, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                + "'orders'::regclass AND attname = 'status'")).containsExactly("character varying(100)");
        // --force-swap copies all the same
        Result forced = Fixtures.run(db, Request.of(new Alter(), new Alter.Args(new Target(null, "orders"),
                "ALTER COLUMN status TYPE varchar(200)", List.of(), true)));
        assertThat(forced.recipe()).isEqualTo("swap");
        assertThat(forced.rowsCopied()).isEqualTo(5000);
    }

    /** What the plan says a plain ALTER would do, per subcommand, on every major. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void thePlanSaysPerSubcommandWhatAPlainAlterWouldDo(int major) throws Exception {
        try (TestDatabase.Database m = TestDatabase.server(major).createDatabase();
             Db mdb = Fixtures.db(m, Duration.ofMillis(200))) {
            m.execute("""
                    CREATE TABLE orders (id integer PRIMARY KEY, status varchar(20), amount numeric(8,2) NOT NULL,
                                         note text, CONSTRAINT note_given CHECK (note IS NOT NULL));
                    INSERT INTO orders SELECT g, 'new', g, 'n' FROM generate_series(1, 100) g;
                    """);
            Plan p = new Engine(mdb, Fixtures.tuning(), SwapOptions.DEFAULT, Clock.SYSTEM, new StopSignal(), Hooks.NONE)
                    .plan(alter("ALTER COLUMN id TYPE bigint, ALTER COLUMN status TYPE varchar(50), "
                            + "ALTER COLUMN status SET NOT NULL, ALTER COLUMN note SET NOT NULL, "
                            + "ADD COLUMN flag boolean DEFAULT false, ADD COLUMN token uuid DEFAULT gen_random_uuid(), "
                            + "DROP COLUMN amount"));
            assertThat(p.recipe()).isEqualTo("swap");
            String on = " on PostgreSQL " + major;
            assertThat(p.findings()).extracting(Plan.Finding::message).contains(
                    "subcommand 1 (ALTER COLUMN id TYPE bigint): a plain ALTER rewrites the table and rebuilds its "
                            + "indexes" + on,
                    "subcommand 2 (ALTER COLUMN status TYPE varchar(50)): a plain ALTER only changes the catalog" + on,
                    "subcommand 3 (ALTER COLUMN status SET NOT NULL): a plain ALTER scans the table to check it (no "
                            + "rewrite)" + on,
                    // a valid CHECK proves it
                    "subcommand 4 (ALTER COLUMN note SET NOT NULL): a plain ALTER only changes the catalog" + on,
                    "subcommand 5 (ADD COLUMN flag boolean DEFAULT false): a plain ALTER only changes the catalog" + on,
                    "subcommand 6 (ADD COLUMN token uuid DEFAULT gen_random_uuid()): a plain ALTER rewrites the table "
                            + "and rebuilds its indexes" + on,
                    "subcommand 7 (DROP COLUMN amount): a plain ALTER only changes the catalog" + on);
        }
    }
}
