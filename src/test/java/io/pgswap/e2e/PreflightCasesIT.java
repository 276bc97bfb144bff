package io.pgswap.e2e;

import static io.pgswap.e2e.CaseSql.dropRoles;
import static io.pgswap.e2e.CaseSql.rows;
import static io.pgswap.e2e.CaseSql.runScript;
import static io.pgswap.e2e.CaseSql.setUp;
import static io.pgswap.e2e.Launcher.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pgswap.e2e.Launcher.Run;
import io.pgswap.testing.CatalogDescription;
import io.pgswap.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The preflight and bad-input cases of issue 3, as data: every folder under
 * {@code src/test/resources/preflight-cases} (format in its README.md) is one case, run through the
 * real launcher against a fresh database. Each case asserts the exit status, the message, that the
 * message is short and without stack trace, that no password is printed, and that the database is
 * unchanged (catalog digest and the rows of every user table), unless the case says otherwise.
 *
 * <p>Cases are independent (own database, own role names), so they run a few at a time on a small
 * pool ({@code -Dpgswap.test.caseThreads}, default 3); each JUnit invocation waits for and reports
 * its own case. Plus one test of the dry run on a 1,000,000-row table.
 */
class PreflightCasesIT {
    /** Given to pgswap as PGPASSWORD (when the server ignores it) or in URLs; must never be printed. */
    private static final String SECRET = "Pw-S3cr3t-9zQx";
    /** The password of every login role a case creates; must never be printed either. */
    private static final String ROLE_PASSWORD = "Role-Pw-4kLm8";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern ERROR_LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d (ERROR|WARN) |pgswap: |pgswap launcher: ).*");

    @RegisterExtension
    static final CaseFolders CASES = new CaseFolders("preflight-cases", caseMajors(),
            (major, name) -> runCase(major, load(name)));

    @AfterAll
    static void restorePasswordAuth() {
        PasswordAuth.restore();
    }

    // ================================================================ the cases

    static Stream<Arguments> cases() {
        return CASES.arguments();
    }

    @ParameterizedTest(name = "PG {0}: {1}")
    @MethodSource("cases")
    void preflightCase(int major, String name) throws Exception {
        CASES.await(major, name);
    }

    /** One folder: setup.sql, args, expect, and optionally hold.sql and verify.sql. */
    record Case(String name, String setup, List<String> args, Expect expect, String hold, String verify) {
    }

    record Expect(int exit, List<String> stderr, List<String> stdout, boolean unchanged, Set<String> requires) {
    }

    static Case load(String name) throws IOException {
        String setup = CASES.read(name, "setup.sql");
        List<String> args = CASES.lines(name, "args");
        Integer exit = null;
        List<String> stderr = new ArrayList<>();
        List<String> stdout = new ArrayList<>();
        boolean unchanged = true;
        Set<String> requires = new LinkedHashSet<>();
        for (Map.Entry<String, String> kv : CASES.keyValues(name, "expect")) {
            String k = kv.getKey();
            String v = kv.getValue();
            switch (k) {
                case "exit" -> exit = Integer.valueOf(v);
                case "stderr" -> stderr.add(v);
                case "stdout" -> stdout.add(v);
                case "unchanged" -> unchanged = Boolean.parseBoolean(v);
                case "requires" -> requires.add(v);
                default -> throw new IllegalArgumentException(name + "/expect: unknown key '" + k + "'");
            }
        }
        if (exit == null) {
            throw new IllegalArgumentException(name + "/expect: no 'exit:' line");
        }
        for (String r : requires) {
            if (!r.equals("password-auth")) {
                throw new IllegalArgumentException(name + "/expect: unknown requirement '" + r + "'");
            }
        }
        return new Case(name, setup, args, new Expect(exit, stderr, stdout, unchanged, requires),
                CASES.optional(name, "hold.sql"), CASES.optional(name, "verify.sql"));
    }

    // ================================================================ running one case

    static void runCase(int major, Case c) throws Exception {
        TestDatabase.Server server = TestDatabase.server(major);
        List<String> createdRoles = new ArrayList<>();
        Properties adminProps = null;
        try (TestDatabase.Database db = server.createDatabase()) {
            adminProps = db.connectionProperties();
            if (c.expect().requires().contains("password-auth")) {
                Assumptions.assumeTrue(PasswordAuth.ensure(server, db),
                        "needs a server that checks passwords; " + server + " trusts this client and its "
                                + "pg_hba.conf cannot be edited from here");
            }
            Vars vars = new Vars(server, db);
            String setup = vars.fill(c.setup());
            try (Connection admin = db.connect()) {
                setUp(admin, setup, createdRoles);
            }
            Connection hold = null;
            try {
                if (c.hold() != null) {
                    hold = db.connect();
                    runScript(hold, vars.fill(c.hold()))
                            .forEach((k, v) -> vars.values.put("HOLD." + k, String.valueOf(v)));
                }
                Snapshot before = Snapshot.take(db);
                List<String> args = c.args().stream().map(vars::fill).toList();
                Map<String, String> env = new HashMap<>(db.libpqEnv());
                if (server.password().isEmpty()) {
                    env.put("PGPASSWORD", SECRET); // ignored by a trusting server, and must not be printed
                }
                Run r = run(env, args);
                Snapshot after = Snapshot.take(db);
                System.err.printf("[preflight-cases] PG %d %s: exit %d in %d ms%n  %s%n", major, c.name(), r.exit(),
                        r.millis(), r.err().strip().replace("\n", "\n  "));
                check(c, vars, r, before, after, db);
            } finally {
                if (hold != null) {
                    hold.close();
                }
            }
        } finally {
            dropRoles(server, adminProps, createdRoles);
        }
    }

    private static void check(Case c, Vars vars, Run r, Snapshot before, Snapshot after, TestDatabase.Database db)
            throws SQLException {
        String what = "case " + c.name() + ": pgswap " + r.args();
        Expect e = c.expect();
        assertThat(r.exit()).as("exit status of %s%n--- stdout:%n%s%n--- stderr:%n%s", what, r.out(), r.err())
                .isEqualTo(e.exit());
        for (String fragment : e.stderr()) {
            assertThat(r.err()).as("stderr of %s", what).contains(vars.fill(fragment));
        }
        for (String fragment : e.stdout()) {
            assertThat(r.out()).as("stdout of %s (stderr: %s)", what, r.err()).contains(vars.fill(fragment));
        }
        for (String secret : vars.secrets) {
            assertThat(r.out()).as("stdout of %s shows a password", what).doesNotContain(secret);
            assertThat(r.err()).as("stderr of %s shows a password", what).doesNotContain(secret);
        }
        boolean verbose = r.args().contains("--verbose") || r.args().contains("-v");
        if (!verbose) {
            assertThat(Launcher.STACK_TRACE.matcher(r.err()).find()).as("stack trace or exception class name without "
                    + "--verbose in stderr of %s:%n%s", what, r.err()).isFalse();
        }
        if (r.exit() != 0) {
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            int first = 0;
            while (first < lines.size() && !ERROR_LINE.matcher(lines.get(first)).matches()) {
                first++;
            }
            assertThat(first).as("an error line in stderr of %s:%n%s", what, r.err()).isLessThan(lines.size());
            if (!verbose) {
                assertThat(lines.size() - first).as("lines of the error message of %s (at most 3):%n%s", what,
                        String.join("\n", lines.subList(first, lines.size()))).isLessThanOrEqualTo(3);
            }
            if (!String.join(" ", r.args()).contains("--output json") && !r.args().contains("--output=json")
                    && !r.args().contains("--dry-run")) { // a dry run prints its plan, then exits 3 if it would refuse
                assertThat(r.out()).as("stdout of failed %s", what).isEmpty();
            }
        }
        assertThat(after.pgswapTriggers()).as("triggers named pgswap_%% after %s", what)
                .isSubsetOf(before.pgswapTriggers());
        if (e.unchanged()) {
            assertUnchanged(what, before, after);
        }
        if (c.verify() != null) {
            try (Connection conn = db.connect()) {
                List<List<String>> rows = rows(conn, vars.fill(c.verify()));
                assertThat(rows).as("verify.sql of %s", what).containsExactly(List.of("t"));
            }
        }
    }

    private static void assertUnchanged(String what, Snapshot before, Snapshot after) {
        String diff = CatalogDescription.diff(before.catalog(), after.catalog());
        if (!diff.isEmpty()) {
            fail("%s changed the catalog:%n%s", what, diff);
        }
        assertThat(after.data()).as("rows of every user table after %s", what).isEqualTo(before.data());
        assertThat(after.stateRows()).as("rows in pgswap.migrations after %s (-1: no table)", what)
                .isLessThanOrEqualTo(0L);
    }

    // ================================================================ the dry run on a big table

    static Stream<Integer> majors() {
        return caseMajors().stream();
    }

    /**
     * The default major only, to keep the default suite lean (the migration-under-load test is the
     * one that runs on every major); -Dpgswap.test.cases.allVersions=true runs the cases on all.
     */
    static List<Integer> caseMajors() {
        return Boolean.getBoolean("pgswap.test.cases.allVersions") ? TestDatabase.majors()
                : List.of(TestDatabase.defaultMajor());
    }

    /**
     * Issue 3, "done when": on a 1,000,000-row table the dry run prints the whole plan within a few
     * seconds, its JSON form parses, nothing at all changes (not even schema pgswap: the dry run is
     * READ ONLY), and the password, given through PGPASSWORD or in the URL, is never printed, also
     * not in the connection line. The role's password really is {@link #SECRET}, so this holds on a
     * server that checks passwords as well as on one that trusts us.
     */
    @ParameterizedTest(name = "PG {0}")
    @MethodSource("majors")
    void dryRunOnAMillionRowsIsFastCompleteAndChangesNothing(int major) throws Exception {
        TestDatabase.Server server = TestDatabase.server(major);
        String role = "pgswap_case_dryrun";
        Properties adminProps = null;
        try (TestDatabase.Database db = server.createDatabase()) {
            adminProps = db.connectionProperties();
            db.execute("""
                    DO $$ BEGIN CREATE ROLE %1$s LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                    ALTER ROLE %1$s LOGIN PASSWORD '%2$s';
                    CREATE TABLE t (id bigint PRIMARY KEY, status text, amount integer NOT NULL, note text);
                    INSERT INTO t
                    SELECT g, CASE WHEN g %% 1000 = 0 THEN NULL ELSE 's' || (g %% 7) END, g %% 1000,
                           CASE WHEN g %% 5 = 0 THEN 'note ' || g END
                    FROM generate_series(1, 1000000) g;
                    CREATE INDEX t_status_idx ON t (status);
                    ALTER TABLE t OWNER TO %1$s;
                    GRANT CREATE ON DATABASE "%3$s" TO %1$s;
                    GRANT CREATE ON SCHEMA public TO %1$s;
                    ANALYZE t;
                    """.formatted(role, SECRET, db.name()));
            Snapshot before = Snapshot.take(db);

            Map<String, String> env = new HashMap<>(db.libpqEnv());
            env.put("PGUSER", role);
            env.put("PGPASSWORD", SECRET);
            env.put("JAVA_OPTS", ""); // the launcher's own defaults: the timing is what a user sees
            Run text = run(env, List.of("add-not-null", "t.status", "--dry-run"));
            System.err.printf("[preflight-cases] PG %d: dry run on 1,000,000 rows took %d ms (launcher and JVM "
                    + "included)%n", major, text.millis());
            // t has NULLs and no --fill is given: the plan is printed in full and says a run would refuse (exit 3)
            assertThat(text.exit()).as("exit of the dry run; stderr:%n%s", text.err()).isEqualTo(3);
            assertThat(text.millis()).as("wall time of the dry run (ms), JVM start included").isLessThan(10_000);
            assertPlanText(text.out(), major, role);
            assertThat(text.err()).as("stderr of the dry run").doesNotContain("WARN")
                    .contains("the dry run found that a run now would not go through");
            assertThat(text.err().lines().filter(l -> l.contains("ERROR")).count()).as("ERROR lines").isEqualTo(1);

            Map<String, String> noPassword = new HashMap<>(db.libpqEnv());
            noPassword.remove("PGPASSWORD");
            String url = "postgresql://" + role + ":" + SECRET + "@" + Vars.urlHost(server.host()) + ":"
                    + server.port() + "/" + db.name();
            Run json = run(noPassword, List.of("add-not-null", "public.t.status", "--dry-run", "--output", "json",
                    "--url", url));
            assertThat(json.exit()).as("exit of the JSON dry run; stderr:%n%s", json.err()).isEqualTo(3);
            assertPlanJson(json.out(), major, role);

            Run verbose = run(env, List.of("add-not-null", "t.status", "--dry-run", "--verbose"));
            assertThat(verbose.exit()).as("exit of the verbose dry run; stderr:%n%s", verbose.err()).isEqualTo(3);
            Run verboseUrl = run(noPassword, List.of("add-not-null", "t.status", "--dry-run", "--verbose",
                    "--output", "json", "--url", url));
            assertThat(verboseUrl.exit()).as("exit of the verbose JSON dry run; stderr:%n%s", verboseUrl.err())
                    .isEqualTo(3);
            for (Run r : List.of(text, json, verbose, verboseUrl)) {
                assertThat(r.out()).as("stdout of pgswap %s", r.args()).doesNotContain(SECRET);
                assertThat(r.err()).as("stderr of pgswap %s", r.args()).doesNotContain(SECRET);
            }

            Snapshot after = Snapshot.take(db);
            assertUnchanged("the dry runs", before, after);
            try (Connection c = db.connect()) {
                assertThat(rows(c, "SELECT to_regnamespace('pgswap') IS NULL")).as("schema pgswap after dry runs")
                        .containsExactly(List.of("t"));
            }
        } finally {
            dropRoles(server, adminProps, List.of(role));
        }
    }

    private static void assertPlanText(String out, int major, String role) {
        assertThat(out).as("the plan").contains(
                "dry run",
                "connection   " + role + "@",
                "table        public.t (PostgreSQL " + major,
                "key          t_pkey (id)",
                "ACCESS EXCLUSIVE",
                "blocks reads and writes",
                "estimate ",
                "CREATE TABLE",
                "\"public\".\"t\"",
                "Preflight:",
                "NULL(s) in status",
                "SELECT count(*) FROM \"public\".\"t\" WHERE \"status\" IS NULL",
                "Alternatives:",
                "plain ALTER TABLE",
                "ALTER TABLE \"public\".\"t\" ALTER COLUMN \"status\" SET NOT NULL");
        assertThat(out).as("numbered steps").containsPattern("(?m)^1\\. ").containsPattern("(?m)^3\\. ");
        assertThat(out).as("each step's lock line").containsPattern("(?m)^   lock: ");
        assertThat(out).as("the size line").containsPattern("about (1,0\\d\\d,\\d\\d\\d|9\\d\\d,\\d\\d\\d) rows");
        if (major < 18) {
            assertThat(out).as("the CHECK NOT VALID recipe before PostgreSQL 18").contains(
                    "CHECK (\"status\" IS NOT NULL) NOT VALID", "VALIDATE CONSTRAINT");
        } else {
            assertThat(out).as("the NOT NULL NOT VALID recipe on PostgreSQL 18").contains(
                    "NOT NULL \"status\" NOT VALID", "VALIDATE CONSTRAINT");
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertPlanJson(String out, int major, String role) throws java.io.IOException {
        Object parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(out.strip(), Object.class);
        assertThat(parsed).as("the JSON plan is one object:%n%s", out).isInstanceOf(Map.class);
        Map<String, Object> doc = (Map<String, Object>) parsed;
        assertThat(doc).containsEntry("dry_run", true).containsKeys("connection", "target", "steps", "findings",
                "alternatives");
        assertThat((String) doc.get("connection")).startsWith(role + "@");

        Map<String, Object> target = (Map<String, Object>) doc.get("target");
        assertThat(target).containsEntry("table", "public.t").containsEntry("column", "status");
        assertThat(((Number) target.get("server_version_num")).intValue() / 10000).isEqualTo(major);
        assertThat(((Number) target.get("estimated_rows")).doubleValue()).as("estimated_rows")
                .isBetween(900_000.0, 1_100_000.0);
        assertThat(((Number) target.get("heap_bytes")).doubleValue()).as("heap_bytes").isGreaterThan(10_000_000.0);
        assertThat(((Number) target.get("index_bytes")).doubleValue()).as("index_bytes").isPositive();
        assertThat((String) target.get("key")).contains("t_pkey");

        List<Object> steps = (List<Object>) doc.get("steps");
        assertThat(steps).as("steps").hasSizeGreaterThanOrEqualTo(3);
        boolean exclusive = false;
        for (Object o : steps) {
            Map<String, Object> s = (Map<String, Object>) o;
            assertThat(s).as("step %s", s).containsKeys("phase", "description", "lock", "lock_target", "blocks",
                    "estimate_ms", "sql");
            assertThat((String) s.get("blocks")).as("blocks of %s", s.get("phase"))
                    .isIn("nothing", "writes", "reads_and_writes");
            assertThat(((Number) s.get("estimate_ms")).doubleValue()).as("estimate_ms of %s", s.get("phase"))
                    .isGreaterThanOrEqualTo(0);
            assertThat((List<Object>) s.get("sql")).as("sql of %s", s.get("phase")).allMatch(x -> x instanceof String);
            exclusive |= "ACCESS EXCLUSIVE".equals(s.get("lock")) && "reads_and_writes".equals(s.get("blocks"));
        }
        assertThat(exclusive).as("a step takes ACCESS EXCLUSIVE and says it blocks reads and writes").isTrue();

        List<Object> findings = (List<Object>) doc.get("findings");
        assertThat(findings).as("findings").isNotEmpty();
        for (Object o : findings) {
            Map<String, Object> f = (Map<String, Object>) o;
            assertThat((String) f.get("severity")).isIn("info", "warning", "error");
            assertThat(f.get("message")).isInstanceOf(String.class);
        }
        assertThat(findings).as("a finding with the NULL estimate").anyMatch(o -> {
            String m = (String) ((Map<String, Object>) o).get("message");
            return m.contains("NULL") && m.contains("count(*)");
        });

        List<Object> alternatives = (List<Object>) doc.get("alternatives");
        assertThat(alternatives).as("alternatives").anyMatch(o -> {
            Map<String, Object> a = (Map<String, Object>) o;
            return ((List<Object>) a.get("sql")).stream().anyMatch(x -> ((String) x).contains("NOT VALID"))
                    && a.get("cost") instanceof String;
        });
    }

    // ================================================================ placeholders

    /** Placeholder values of one case, and every password handed out (none may be printed). */
    static final class Vars {
        final Map<String, String> values = new ConcurrentHashMap<>();
        final Set<String> secrets = ConcurrentHashMap.newKeySet();
        private final TestDatabase.Server server;
        private final TestDatabase.Database db;

        Vars(TestDatabase.Server server, TestDatabase.Database db) {
            this.server = server;
            this.db = db;
            values.put("URL", db.libpqUrl());
            values.put("DB", db.name());
            values.put("HOST", urlHost(server.host()));
            values.put("PORT", Integer.toString(server.port()));
            values.put("USER", server.user());
            values.put("SECRET", SECRET);
            values.put("ROLE_PASSWORD", ROLE_PASSWORD);
            secrets.add(SECRET);
            secrets.add(ROLE_PASSWORD);
        }

        String fill(String text) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(value(m.group(1))));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        private String value(String name) {
            if (name.startsWith("URL_AS:")) {
                String[] p = name.split(":", 3);
                String password = p.length > 2 ? p[2] : ROLE_PASSWORD;
                secrets.add(password);
                return "postgresql://" + pct(p[1]) + ":" + pct(password) + "@" + urlHost(server.host()) + ":"
                        + server.port() + "/" + pct(db.name());
            }
            String v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("unknown placeholder ${" + name + "}; known: " + values.keySet());
            }
            return v;
        }

        private static String urlHost(String host) {
            return host.contains(":") ? "[" + host + "]" : host;
        }

        private static String pct(String s) {
            StringBuilder out = new StringBuilder();
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }
    }

    // ================================================================ snapshots

    /**
     * What a refused run must not change. The catalog lines cover pg_class (with relfilenode, so a
     * rewrite shows), pg_attribute, pg_attrdef, pg_constraint, pg_index, pg_trigger, pg_proc and
     * pg_namespace, pgswap's own schema included: a refusal creates nothing, not even the state
     * schema.
     */
    record Snapshot(List<String> catalog, Map<String, String> data, List<String> pgswapTriggers, long stateRows) {
        static final String CATALOG = """
                WITH keep_out AS (SELECT NULL::oid AS oid WHERE false)
                SELECT line FROM (
                  SELECT 'class ' || c.oid || ' ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text
                         || ' persistence=' || c.relpersistence::text || ' filenode=' || c.relfilenode
                         || ' owner=' || c.relowner || ' acl=' || coalesce(c.relacl::text, '-')
                         || ' options=' || coalesce(c.reloptions::text, '-') || ' partition=' || c.relispartition AS line
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.oid NOT IN (SELECT oid FROM keep_out)
                  UNION ALL
                  SELECT 'attribute ' || a.attrelid::regclass || '.' || a.attnum || ' ' || a.attname
                         || ' type=' || a.atttypid || ' notnull=' || a.attnotnull || ' dropped=' || a.attisdropped
                         || ' hasdef=' || a.atthasdef || ' identity=' || a.attidentity::text
                         || ' generated=' || a.attgenerated::text || ' acl=' || coalesce(a.attacl::text, '-')
                  FROM pg_attribute a
                  WHERE a.attrelid NOT IN (SELECT oid FROM keep_out)
                  UNION ALL
                  SELECT 'default ' || d.adrelid::regclass || '.' || d.adnum || ' ' || pg_get_expr(d.adbin, d.adrelid)
                  FROM pg_attrdef d
                  WHERE d.adrelid NOT IN (SELECT oid FROM keep_out)
                  UNION ALL
                  SELECT 'constraint ' || k.oid || ' ' || k.conname || ' on ' || k.conrelid::regclass
                         || ' type=' || k.contype::text || ' validated=' || k.convalidated || ' '
                         || coalesce(pg_get_constraintdef(k.oid), '-')
                  FROM pg_constraint k
                  WHERE k.conrelid NOT IN (SELECT oid FROM keep_out)
                  UNION ALL
                  SELECT 'index ' || i.indexrelid::regclass || ' on ' || i.indrelid::regclass
                         || ' valid=' || i.indisvalid || ' ready=' || i.indisready || ' live=' || i.indislive
                         || ' unique=' || i.indisunique || ' primary=' || i.indisprimary
                  FROM pg_index i
                  WHERE i.indrelid NOT IN (SELECT oid FROM keep_out)
                  UNION ALL
                  SELECT 'trigger ' || t.oid || ' ' || t.tgname || ' on ' || t.tgrelid::regclass
                         || ' enabled=' || t.tgenabled::text || ' function=' || t.tgfoid::regproc
                  FROM pg_trigger t
                  UNION ALL
                  SELECT 'function ' || p.oid || ' ' || n.nspname || '.' || p.proname
                         || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(coalesce(p.prosrc, ''))
                  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                  UNION ALL
                  SELECT 'namespace ' || n.oid || ' ' || n.nspname || ' owner=' || n.nspowner
                         || ' acl=' || coalesce(n.nspacl::text, '-')
                  FROM pg_namespace n
                ) x
                ORDER BY line""";

        static final String TABLES = """
                SELECT format('%I.%I', n.nspname, c.relname), c.relkind
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't' AND (c.relkind <> 'm' OR c.relispopulated)
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgswap')
                  AND n.nspname NOT LIKE 'pg\\_toast%'
                ORDER BY 1""";

        static Snapshot take(TestDatabase.Database db) throws SQLException {
            try (Connection c = db.connect()) {
                List<String> catalog = rows(c, CATALOG).stream().map(r -> r.get(0)).toList();
                Map<String, String> data = new LinkedHashMap<>();
                for (List<String> t : rows(c, TABLES)) {
                    String from = ("r".equals(t.get(1)) ? "ONLY " : "") + t.get(0);
                    // rows in physical order: an UPDATE that rewrites a row to the same value still shows
                    data.put(t.get(0), rows(c, "SELECT count(*) || ':' || md5(coalesce(string_agg(md5(x::text), '' "
                            + "ORDER BY x.ctid), '')) FROM " + from + " x").get(0).get(0));
                }
                List<String> triggers = rows(c, "SELECT tgname || ' on ' || tgrelid::regclass FROM pg_trigger "
                        + "WHERE tgname LIKE 'pgswap\\_%' ORDER BY 1").stream().map(r -> r.get(0)).toList();
                long state = -1;
                if ("t".equals(rows(c, "SELECT to_regclass('pgswap.migrations') IS NOT NULL").get(0).get(0))) {
                    state = Long.parseLong(rows(c, "SELECT count(*) FROM pgswap.migrations").get(0).get(0));
                }
                return new Snapshot(catalog, data, triggers, state);
            }
        }
    }

    // ================================================================ a server that checks passwords

    /**
     * The embedded test server trusts every local connection, so a wrong password cannot fail. For
     * the cases that need it, members of role {@code pgswap_pwcheck} get a scram-sha-256 rule at the
     * top of the embedded server's pg_hba.conf (other roles, and other tests, are not affected); a
     * server that already checks passwords (Docker) needs nothing. The rule is removed afterwards.
     */
    static final class PasswordAuth {
        static final String GROUP = "pgswap_pwcheck";
        private static final String PROBE = "pgswap_pwcheck_probe";
        private static final String MARKER = "# pgswap-test: PreflightCasesIT";
        private static final Map<String, Boolean> READY = new HashMap<>();
        private static final Map<Path, String[]> EDITED = new HashMap<>(); // hba file -> admin url, user, password

        static synchronized boolean ensure(TestDatabase.Server server, TestDatabase.Database db)
                throws SQLException, IOException, InterruptedException {
            Boolean known = READY.get(server.toString());
            if (known != null) {
                return known;
            }
            boolean ok = setUp(server, db);
            READY.put(server.toString(), ok);
            return ok;
        }

        private static boolean setUp(TestDatabase.Server server, TestDatabase.Database db)
                throws SQLException, IOException, InterruptedException {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("DO $$ BEGIN CREATE ROLE " + GROUP + " NOLOGIN; "
                        + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
                st.execute("DO $$ BEGIN CREATE ROLE " + PROBE + " LOGIN PASSWORD 'Probe-Right-1' IN ROLE " + GROUP
                        + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
                if (wrongPasswordRejected(db)) {
                    return true;
                }
                if (!server.toString().contains("(embedded,")) {
                    return false; // never edit the configuration of a server we did not start
                }
                Path hba = Path.of(rows(c, "SHOW hba_file").get(0).get(0));
                if (!Files.isRegularFile(hba) || !Files.isWritable(hba)) {
                    return false;
                }
                String text = Files.readString(hba, StandardCharsets.UTF_8);
                if (!text.contains(MARKER)) {
                    Files.writeString(hba, MARKER + "\nhost all +" + GROUP + " all scram-sha-256 " + MARKER + "\n"
                            + text, StandardCharsets.UTF_8);
                    Properties p = db.connectionProperties();
                    EDITED.put(hba, new String[] {server.adminJdbcUrl(), p.getProperty("user"),
                        p.getProperty("password")});
                }
                st.execute("SELECT pg_reload_conf()");
                for (int i = 0; i < 100; i++) {
                    if (wrongPasswordRejected(db)) {
                        return true;
                    }
                    Thread.sleep(100);
                }
                return false;
            }
        }

        private static boolean wrongPasswordRejected(TestDatabase.Database db) {
            Properties p = new Properties();
            p.setProperty("user", PROBE);
            p.setProperty("password", "Probe-Wrong-1");
            try {
                DriverManager.getConnection(db.jdbcUrl(), p).close();
                return false; // the server let the wrong password in
            } catch (SQLException e) {
                return "28P01".equals(e.getSQLState());
            }
        }

        static synchronized void restore() {
            EDITED.forEach((hba, admin) -> {
                try {
                    String text = Files.readString(hba, StandardCharsets.UTF_8);
                    String kept = text.lines().filter(l -> !l.contains(MARKER))
                            .collect(Collectors.joining("\n", "", "\n"));
                    Files.writeString(hba, kept, StandardCharsets.UTF_8);
                    Properties p = new Properties();
                    p.setProperty("user", admin[1]);
                    p.setProperty("password", admin[2]);
                    try (Connection c = DriverManager.getConnection(admin[0], p); Statement st = c.createStatement()) {
                        st.execute("SELECT pg_reload_conf()");
                        st.execute("DROP ROLE IF EXISTS " + PROBE);
                    }
                } catch (IOException | SQLException e) {
                    System.err.println("[preflight-cases] could not restore " + hba + ": " + e.getMessage());
                }
            });
            EDITED.clear();
            READY.clear();
        }
    }
}
