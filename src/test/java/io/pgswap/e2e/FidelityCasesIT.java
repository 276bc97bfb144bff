package io.pgswap.e2e;

import static io.pgswap.e2e.CaseSql.dropRoles;
import static io.pgswap.e2e.CaseSql.runScript;
import static io.pgswap.e2e.CaseSql.setUp;

import io.pgswap.e2e.Launcher.Run;
import io.pgswap.testing.CatalogDescription;
import io.pgswap.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, swap fidelity, as data: every folder under {@code src/test/resources/fidelity-cases}
 * (format in its README.md) is one case, run through the real launcher against a fresh database.
 * Each case asserts the exit status and message, that no pgswap object is left behind, that the
 * {@link CatalogDescription} of the table and of everything that depends on it differs only by
 * the intended change (not at all after a refusal), that the application's probes give the same
 * outcomes after the run as before, and that the case's verify.sql holds after a success.
 *
 * <p>The default major only; {@code -Dpgswap.test.fidelityMajors=14,15,16,17,18} runs more.
 */
class FidelityCasesIT {
    @RegisterExtension
    static final CaseFolders CASES = new CaseFolders("fidelity-cases", majors(),
            (major, name) -> runCase(major, load(name)));

    static Stream<Arguments> cases() {
        return CASES.arguments();
    }

    @ParameterizedTest(name = "PG {0}: {1}")
    @MethodSource("cases")
    void fidelityCase(int major, String name) throws Exception {
        CASES.await(major, name);
    }

    static List<Integer> majors() {
        String list = System.getProperty("pgswap.test.fidelityMajors", "");
        return list.isBlank() ? List.of(TestDatabase.defaultMajor())
                : Arrays.stream(list.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    // ================================================================ one case

    /** One folder: setup.sql, args, expect, and optionally app.sql and verify.sql. */
    record Case(String name, String setup, List<String> args, int exit, List<String> stderr, NotNull change,
                String app, String verify) {
        /** The table: the argument after the command, without the column for add-not-null. */
        String table() {
            String target = args.get(1);
            return args.get(0).equals("add-not-null") ? target.substring(0, target.lastIndexOf('.')) : target;
        }
    }

    /** The intended change {@code change: not-null TABLE COLUMN}: the column becomes NOT NULL. */
    record NotNull(String table, String column) {
        /**
         * The description {@code before} with the change made: the column's line says notnull=true, and
         * on PostgreSQL 18, which records NOT NULL as a constraint, that constraint appears.
         */
        List<String> applyTo(List<String> before, int major) {
            String relname = table.substring(table.lastIndexOf('.') + 1);
            return io.pgswap.testing.CatalogDescription.withNotNull(before, relname, relname, column, major);
        }
    }

    static Case load(String name) throws IOException {
        Integer exit = null;
        List<String> stderr = new ArrayList<>();
        NotNull change = null;
        for (Map.Entry<String, String> kv : CASES.keyValues(name, "expect")) {
            String v = kv.getValue();
            switch (kv.getKey()) {
                case "exit" -> exit = Integer.valueOf(v);
                case "stderr" -> stderr.add(v);
                case "change" -> {
                    String[] p = v.split("\\s+");
                    if (p.length != 3 || !p[0].equals("not-null")) {
                        throw new IllegalArgumentException(name + "/expect: not 'change: not-null TABLE COLUMN': " + v);
                    }
                    change = new NotNull(p[1], p[2]);
                }
                default -> throw new IllegalArgumentException(name + "/expect: unknown key '" + kv.getKey() + "'");
            }
        }
        if (exit == null) {
            throw new IllegalArgumentException(name + "/expect: no 'exit:' line");
        }
        List<String> args = CASES.lines(name, "args").stream().filter(l -> !l.isBlank()).toList();
        return new Case(name, CASES.read(name, "setup.sql"), args, exit, stderr, change,
                CASES.optional(name, "app.sql"), CASES.optional(name, "verify.sql"));
    }

    /** What the checks compare before and after the run. */
    record World(List<String> catalog, List<String> probes) {
        static World look(Connection c, Case k) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = '30s'");
            }
            return new World(CatalogDescription.of(c, k.table()),
                    k.app() == null ? List.of() : AppProbes.run(c, k.app()));
        }
    }

    static void runCase(int major, Case c) throws Exception {
        TestDatabase.Server server = TestDatabase.server(major);
        List<String> createdRoles = new ArrayList<>();
        Properties adminProps = null;
        try (TestDatabase.Database db = server.createDatabase()) {
            adminProps = db.connectionProperties();
            World before;
            try (Connection conn = db.connect()) {
                setUp(conn, c.setup(), createdRoles);
                before = World.look(conn, c);
            }
            Run r = Launcher.run(db.libpqEnv(), c.args());
            System.err.printf("[fidelity-cases] PG %d %s: exit %d in %d ms%n", major, c.name(), r.exit(), r.millis());
            try (Connection conn = db.connect()) {
                check(c, major, r, before, World.look(conn, c), conn);
            }
        } finally {
            dropRoles(server, adminProps, createdRoles);
        }
    }

    /** All checks of one run, reported together: a wrong exit status does not hide a catalog difference. */
    private static void check(Case c, int major, Run r, World before, World after, Connection conn)
            throws SQLException {
        String what = "case " + c.name() + " on PG " + major + ": pgswap " + String.join(" ", r.args());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.exit()).as("exit status of %s%n--- stdout:%n%s%n--- stderr:%n%s", what, r.out(), r.err())
                .isEqualTo(c.exit());
        for (String fragment : c.stderr()) {
            soft.assertThat(r.err()).as("stderr of %s", what).contains(fragment);
        }
        soft.assertThat(Launcher.STACK_TRACE.matcher(r.err()).find())
                .as("stack trace or exception class name in stderr of %s:%n%s", what, r.err()).isFalse();
        soft.assertThat(CatalogDescription.pgswapObjects(conn)).as("pgswap objects left after %s", what).isEmpty();

        List<String> expected = r.exit() == 0 && c.change() != null
                ? c.change().applyTo(before.catalog(), major) : before.catalog();
        String diff = CatalogDescription.diff(expected, after.catalog());
        if (!diff.isEmpty()) {
            soft.fail("the catalog after %s differs from the one before by more than the intended change:%n%s",
                    what, diff);
        }
        soft.assertThat(after.probes()).as("outcomes of the app.sql probes after %s", what)
                .containsExactlyElementsOf(before.probes());
        if (r.exit() == 0 && c.verify() != null) {
            try {
                soft.assertThat(runScript(conn, c.verify()).values()).as("verify.sql of %s", what).containsExactly("t");
            } catch (SQLException e) {
                soft.fail("verify.sql of %s failed: %s", what, e.getMessage());
            }
        }
        soft.assertAll();
    }
}
