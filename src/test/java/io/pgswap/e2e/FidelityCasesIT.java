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

    /** One folder: setup.sql, args, expect, and optionally app.sql, verify.sql and diff. */
    record Case(String name, String setup, List<String> args, int exit, List<String> stderr, NotNull change,
                String app, String verify, ExpectedDiff diff, boolean plainAlter) {
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

    /**
     * The intended change as description lines, from the case's {@code diff} file: {@code - LINE}
     * is a line of the description before that must be gone, {@code + LINE} one that must appear;
     * a line may start with {@code pg>=N } or {@code pg<N } to apply on those majors only.
     */
    record ExpectedDiff(List<String> lines) {
        static ExpectedDiff parse(String name, String text) {
            List<String> out = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String rest = line.replaceFirst("^pg(>=|<)[0-9]+ ", "");
                if (!rest.startsWith("+ ") && !rest.startsWith("- ")) {
                    throw new IllegalArgumentException(name + "/diff: not '+ LINE' or '- LINE': " + line);
                }
                out.add(line);
            }
            return new ExpectedDiff(out);
        }

        /** {@code before} with the change made; a '-' line that is not there fails the case (the diff is stale). */
        List<String> applyTo(List<String> before, int major) {
            List<String> out = new ArrayList<>(before);
            for (String line : lines) {
                String rest = line;
                var m = Pattern.compile("^pg(>=|<)([0-9]+) ").matcher(line);
                if (m.find()) {
                    int n = Integer.parseInt(m.group(2));
                    if (m.group(1).equals(">=") ? major < n : major >= n) {
                        continue;
                    }
                    rest = line.substring(m.end());
                }
                String text = rest.substring(2);
                if (rest.startsWith("+ ")) {
                    out.add(text);
                } else if (!out.remove(text)) {
                    throw new AssertionError("diff line '" + line + "' removes a line the description before does not "
                            + "have; the description before:\n  " + String.join("\n  ", before));
                }
            }
            out.sort(null);
            return out;
        }
    }

    static Case load(String name) throws IOException {
        Integer exit = null;
        List<String> stderr = new ArrayList<>();
        NotNull change = null;
        boolean plainAlter = false;
        for (Map.Entry<String, String> kv : CASES.keyValues(name, "expect")) {
            String v = kv.getValue();
            switch (kv.getKey()) {
                case "exit" -> exit = Integer.valueOf(v);
                case "plain-alter" -> {
                    if (!v.equals("same")) {
                        throw new IllegalArgumentException(name + "/expect: not 'plain-alter: same': " + v);
                    }
                    plainAlter = true;
                }
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
        String diff = CASES.optional(name, "diff");
        if (diff != null && change != null) {
            throw new IllegalArgumentException(name + ": give the intended change as 'change:' or as a diff file, not both");
        }
        return new Case(name, CASES.read(name, "setup.sql"), args, exit, stderr, change,
                CASES.optional(name, "app.sql"), CASES.optional(name, "verify.sql"),
                diff == null ? null : ExpectedDiff.parse(name, diff), plainAlter);
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
            List<String> plain = c.plainAlter() ? plainAlter(server, c, createdRoles) : null;
            try (Connection conn = db.connect()) {
                check(c, major, r, before, World.look(conn, c), conn);
                if (plain != null && r.exit() == 0) {
                    String diff = CatalogDescription.diff(plain, World.look(conn, c).catalog());
                    if (!diff.isEmpty()) {
                        throw new AssertionError("case " + c.name() + " on PG " + major + ": the catalog after pgswap "
                                + "alter differs from the one after a plain ALTER TABLE with the same subcommands:\n"
                                + diff);
                    }
                }
            }
        } finally {
            dropRoles(server, adminProps, createdRoles);
        }
    }

    /**
     * {@code plain-alter: same}: the case's setup in a twin database, then ALTER TABLE with the
     * subcommands of the {@code alter} command line, run plainly; its description is what pgswap
     * alter must arrive at.
     */
    private static List<String> plainAlter(TestDatabase.Server server, Case c, List<String> createdRoles)
            throws Exception {
        if (!c.args().get(0).equals("alter") || c.args().size() != 3) {
            throw new IllegalArgumentException(c.name() + ": plain-alter needs args 'alter', TABLE, SUBCOMMANDS only");
        }
        try (TestDatabase.Database twin = server.createDatabase(); Connection conn = twin.connect()) {
            setUp(conn, c.setup(), createdRoles);
            try (Statement st = conn.createStatement()) {
                st.execute("ALTER TABLE " + c.args().get(1) + " " + c.args().get(2));
            }
            return World.look(conn, c).catalog();
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

        List<String> expected = r.exit() != 0 ? before.catalog()
                : c.change() != null ? c.change().applyTo(before.catalog(), major)
                : c.diff() != null ? c.diff().applyTo(before.catalog(), major) : before.catalog();
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
