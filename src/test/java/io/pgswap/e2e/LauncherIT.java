package io.pgswap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pgswap.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the real launcher {@code scripts/pgswap} and the packaged jar: exit codes,
 * where messages go (human text on stderr, JSON and plans on stdout), and that passwords never
 * show up. Each test that needs a database gets a fresh one; tables are small.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("scripts/pgswap");
    private static final long TIMEOUT_SECONDS = 180;
    private static final String SECRET = "Sup3rS3cret";

    /** Created on first use by a test, dropped after it. */
    private TestDatabase.Database db;

    @BeforeAll
    static void launcherAndJarExist() {
        assertThat(LAUNCHER).as("run from the repository root").isRegularFile().isExecutable();
        String jar = System.getProperty("pgswap.jar");
        if (jar != null) {
            assertThat(Path.of(jar)).as("the packaged jar (mvn package runs before failsafe)").isRegularFile();
        }
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    // ---------------------------------------------------------------- help, version, usage errors

    @Test
    void aSignalWhileStartingUp_endsWithExit75_asTheContractSays() throws Exception {
        // a server that takes the connection and never answers keeps pgswap in its start-up
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            ProcessBuilder pb = new ProcessBuilder(Launcher.PATH.toAbsolutePath().toString(), "repack", "orders",
                    "--url", "postgresql://nobody@127.0.0.1:" + silent.getLocalPort() + "/db", "--output", "json");
            pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
            pb.environment().putIfAbsent("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            Path err = Files.createTempFile("pgswap-err", ".txt");
            Path out = Files.createTempFile("pgswap-out", ".txt");
            pb.redirectError(err.toFile());
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            try {
                silent.setSoTimeout(60_000);
                try (java.net.Socket connecting = silent.accept()) { // its main runs: it is connecting
                    p.destroy(); // SIGTERM (the launcher execs the JVM)
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                assertThat(p.exitValue()).isEqualTo(75);
                assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("stopped by a signal");
                // --output json: its one document, this end too
                assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(out,
                        StandardCharsets.UTF_8)).get("exit_code").asInt()).isEqualTo(75);
            } finally {
                p.destroyForcibly();
                Files.deleteIfExists(err);
                Files.deleteIfExists(out);
            }
        }
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Run r = run(Map.of(), "--help");
        r.assertExit(0);
        assertThat(r.out).contains("add-not-null", "repack", "status", "abort");
    }

    @Test
    void versionPrintsTheToolName() throws Exception {
        Run r = run(Map.of(), "--version");
        r.assertExit(0);
        assertThat(r.out).contains("pgswap");
    }

    @Test
    void subcommandHelpDescribesFill() throws Exception {
        Run r = run(Map.of(), "add-not-null", "--help");
        r.assertExit(0);
        assertThat(r.out).contains("--fill");
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Run r = run(env(), "add-not-null", "public.t.c", "--no-such-option");
        r.assertExit(2);
        assertThat(r.err).contains("Unknown option").contains("--no-such-option");
        assertThat(r.out).isEmpty();
    }

    @Test
    void badDurationIsAUsageError() throws Exception {
        Run r = run(env(), "add-not-null", "public.t.c", "--lock-timeout", "5x");
        r.assertExit(2);
        assertThat(r.err).contains("--lock-timeout").contains("not a duration");
        assertThat(r.out).isEmpty();
    }

    @Test
    void zeroLockTimeoutIsAUsageError() throws Exception {
        Run bare = run(env(), "add-not-null", "public.t.c", "--lock-timeout", "0");
        bare.assertExit(2);
        assertThat(bare.err).contains("--lock-timeout");
        Run withUnit = run(env(), "add-not-null", "public.t.c", "--lock-timeout", "0s");
        withUnit.assertExit(2);
        assertThat(withUnit.err).contains("--lock-timeout").contains("positive");
    }

    // ---------------------------------------------------------------- preflight refusals

    @Test
    void missingTableIsRefused() throws Exception {
        Run r = run(env(), "add-not-null", "public.no_such_table.c");
        r.assertExit(3);
        assertThat(r.err).contains("does not exist");
    }

    @Test
    void missingColumnIsRefused() throws Exception {
        smallTable("t");
        Run r = run(env(), "add-not-null", "public.t.no_such_column");
        r.assertExit(3);
        assertThat(r.err).contains("does not exist").contains("no_such_column");
    }

    @Test
    void columnAlreadyNotNullIsNothingToDo() throws Exception {
        smallTable("t");
        Run r = run(env(), "add-not-null", "public.t.required");
        r.assertExit(0);
        assertThat(r.err).contains("nothing to do");
    }

    @Test
    void tableWithoutPrimaryKeyIsRefused() throws Exception {
        db().execute("CREATE TABLE nokey (c text); INSERT INTO nokey SELECT 'v' || g FROM generate_series(1, 10) g");
        Run r = run(env(), "add-not-null", "public.nokey.c");
        r.assertExit(3);
        assertThat(r.err).contains("primary key");
    }

    @Test
    void nullsWithoutFillAreRefusedAndNothingIsLeftBehind() throws Exception {
        smallTable("t");
        String before = tableDigest("t");
        Run r = run(env(), "add-not-null", "public.t.c");
        r.assertExit(3);
        assertThat(r.err).contains("--fill");
        assertThat(pgswapLeftovers()).as("objects left behind by a refused run").isEmpty();
        assertThat(tableDigest("t")).isEqualTo(before);
        assertThat(notNull("t", "c")).isFalse();
    }

    // ---------------------------------------------------------------- real runs

    @Test
    void addNotNullWithFillSwapsAndWritesOneJsonDocument() throws Exception {
        smallTable("t");
        long rows = queryLong("SELECT count(*) FROM t");
        long nulls = queryLong("SELECT count(*) FROM t WHERE c IS NULL");
        long xs = queryLong("SELECT count(*) FROM t WHERE c = 'x'");
        String expected = queryString("SELECT md5(string_agg(id || ':' || coalesce(c, 'x'), ',' ORDER BY id)) FROM t");
        assertThat(nulls).isPositive();

        Run r = run(env(), "add-not-null", "public.t.c", "--fill", "x", "--output", "json");
        r.assertExit(0);
        assertSingleJsonObject(r.out);
        assertThat(r.out).contains("\"outcome\": \"swapped\"").contains("\"exit_code\": 0");
        assertThat(r.err).as("human log lines on stderr").contains("INFO").contains("done");
        assertThat(r.err).as("the JSON document is on stdout only").doesNotContain("\"outcome\"");

        assertThat(notNull("t", "c")).isTrue();
        assertThat(queryLong("SELECT count(*) FROM t")).isEqualTo(rows);
        assertThat(queryLong("SELECT count(*) FROM t WHERE c IS NULL")).isZero();
        assertThat(queryLong("SELECT count(*) FROM t WHERE c = 'x'")).isEqualTo(xs + nulls);
        assertThat(queryString("SELECT md5(string_agg(id || ':' || c, ',' ORDER BY id)) FROM t")).isEqualTo(expected);
    }

    @Test
    void repackSucceeds() throws Exception {
        smallTable("t");
        String before = tableDigest("t");
        Run r = run(env(), "repack", "public.t");
        r.assertExit(0);
        assertThat(r.err).contains("done");
        assertThat(tableDigest("t")).isEqualTo(before);
        assertThat(notNull("t", "c")).isFalse();
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws Exception {
        smallTable("t");
        String catalog = catalogFingerprint();
        String data = tableDigest("t");
        Run r = run(env(), "add-not-null", "public.t.c", "--fill", "x", "--dry-run");
        r.assertExit(0);
        assertThat(r.out).contains("dry run").contains("ACCESS EXCLUSIVE").contains("CREATE TABLE")
                .contains("ALTER TABLE");
        assertThat(catalogFingerprint()).as("catalog after the dry run").isEqualTo(catalog);
        assertThat(tableDigest("t")).isEqualTo(data);
        assertThat(notNull("t", "c")).isFalse();
    }

    // ---------------------------------------------------------------- passwords

    @Test
    void passwordInUrlNeverAppearsWhenTheConnectionFails() throws Exception {
        List<List<String>> commands = List.of(
                List.of("add-not-null", "public.t.c", "--verbose",
                        "--url", "postgresql://someuser:" + SECRET + "@127.0.0.1:1/nowhere"),
                List.of("repack", "public.t", "--verbose", "--output", "json",
                        "--url", "jdbc:postgresql://127.0.0.1:1/nowhere?user=someuser&password=" + SECRET),
                List.of("status", "--verbose",
                        "--url", "postgresql://someuser:" + SECRET + "@127.0.0.1:1/nowhere"));
        for (List<String> args : commands) {
            Run r = run(Map.of(), args.toArray(String[]::new));
            r.assertExit(1);
            assertThat(r.err).as("stderr of %s", args).contains("cannot connect");
            r.assertNeverShows(SECRET);
        }
    }

    @Test
    void passwordFromTheEnvironmentNeverAppears() throws Exception {
        smallTable("t");
        Map<String, String> env = new HashMap<>(env());
        if (db().server().password().isEmpty()) {
            // the server trusts us: the password is sent nowhere, but it must not be printed either
            env.put("PGPASSWORD", SECRET);
            Run plan = run(env, "add-not-null", "public.t.c", "--fill", "x", "--dry-run", "--verbose");
            plan.assertExit(0);
            plan.assertNeverShows(SECRET);
            Run json = run(env, "add-not-null", "public.t.c", "--fill", "x", "--dry-run", "--verbose",
                    "--output", "json");
            json.assertExit(0);
            json.assertNeverShows(SECRET);
            Run status = run(env, "status", "--verbose");
            status.assertExit(0);
            status.assertNeverShows(SECRET);
        } else {
            // a server that checks passwords: a wrong one fails, and is not printed
            env.put("PGPASSWORD", SECRET);
            Run r = run(env, "add-not-null", "public.t.c", "--fill", "x", "--dry-run", "--verbose");
            r.assertExit(1);
            assertThat(r.err).contains("password authentication failed");
            r.assertNeverShows(SECRET);
        }
    }

    @Test
    void theServiceFileIsFoundInHome_asLibpqFindsIt(@TempDir Path home) throws Exception {
        smallTable("t");
        Map<String, String> libpq = env();
        java.nio.file.Files.writeString(home.resolve(".pg_service.conf"), "[pgswaptest]\nhost=" + libpq.get("PGHOST")
                + "\nport=" + libpq.get("PGPORT") + "\ndbname=" + libpq.get("PGDATABASE") + "\nuser="
                + libpq.get("PGUSER") + "\n");
        Map<String, String> env = new HashMap<>();
        if (libpq.containsKey("PGPASSWORD")) {
            env.put("PGPASSWORD", libpq.get("PGPASSWORD"));
        }
        env.put("PGSERVICE", "pgswaptest");
        env.put("HOME", home.toString()); // not the password database's home: cron, CI and containers set HOME
        Run r = run(env, "status");
        r.assertExit(0);
        assertThat(r.err).contains("no unfinished pgswap migrations");
    }

    @Test
    void jsonLogLinesCarryTheMessageAsTheTextFormatPrintsIt() throws Exception {
        smallTable("t");
        Run r = run(env(), "abort", "public.t", "--log-format", "json");
        r.assertExit(0);
        assertThat(r.err.lines().filter(l -> !l.isBlank()))
                .allSatisfy(l -> assertThat(l).startsWith("{").doesNotContain("\"arguments\"", "\"message\""))
                .anySatisfy(l -> assertThat(l).contains("\"formattedMessage\":\"no unfinished pgswap migration of "
                        + "public.t; nothing to abort\""));
    }

    // ---------------------------------------------------------------- status, abort

    @Test
    void statusWithNothingToDo() throws Exception {
        smallTable("t");
        Run r = run(env(), "status");
        r.assertExit(0);
        assertThat(r.err).contains("no unfinished pgswap migrations");
    }

    @Test
    void abortWithoutMigrationIsNothingToAbort() throws Exception {
        smallTable("t");
        Run r = run(env(), "abort", "public.t");
        r.assertExit(0);
        assertThat(r.err).contains("nothing to abort");
        assertThat(pgswapLeftovers()).isEmpty();
    }

    // ---------------------------------------------------------------- the launcher itself (fake java, no database)

    /** A copy of the launcher in {@code root/repo/scripts}, a dummy jar, and a fake JDK whose java reports {@code version}. */
    private static final class FakeInstall {
        final Path repo;
        final Path launcher;
        final Path jar;
        final Path javaHome;
        final Path tools;

        FakeInstall(Path root, String version, boolean withJar) throws IOException {
            repo = Files.createDirectories(root.resolve("repo"));
            launcher = repo.resolve("scripts/pgswap");
            Files.createDirectories(launcher.getParent());
            Files.copy(LAUNCHER, launcher);
            executable(launcher);
            jar = repo.resolve("target/pgswap.jar");
            if (withJar) {
                Files.createDirectories(jar.getParent());
                Files.writeString(jar, "not really a jar");
            }
            javaHome = root.resolve("jdk");
            // prints its pid (the launcher must exec it, so it is the launcher's pid) and one line per argument
            script(javaHome.resolve("bin/java"), """
                    #!/bin/sh
                    if [ "$1" = "-version" ]; then
                      echo 'openjdk version "%s" 2024-01-16' >&2
                      exit 0
                    fi
                    echo "pid=$$"
                    for a in "$@"; do echo "arg=$a"; done
                    exit 42
                    """.formatted(version));
            // a PATH with just what the launcher needs, so that no mvn is found unless a test adds one
            tools = Files.createDirectories(root.resolve("tools"));
            for (String tool : List.of("bash", "dirname", "readlink", "mkdir")) {
                Files.createSymbolicLink(tools.resolve(tool), which(tool));
            }
        }

        Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
            return runVia(launcher, env, args);
        }

        Run runVia(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
            return exec(script, e -> {
                e.remove("JAVA_OPTS");
                e.put("JAVA_HOME", javaHome.toString());
                e.put("PATH", tools.toString());
                e.putAll(env);
            }, args);
        }

        List<String> javaArgs(Run r) {
            return r.out.lines().filter(l -> l.startsWith("arg=")).map(l -> l.substring(4)).toList();
        }

        static void script(Path path, String text) throws IOException {
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
            executable(path);
        }

        static void executable(Path path) throws IOException {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        static Path which(String tool) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                Path p = Path.of(dir, tool);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            throw new IllegalStateException(tool + " not found on PATH");
        }
    }

    @Test
    void launcherExecsJavaWithDefaultOptionsAndTheArgumentsUnchanged(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "17.0.2", true);
        Run r = fake.run(Map.of(), "status", "two words", "*", "");
        r.assertExit(42);
        assertThat(r.out).as("the JVM replaced the launcher's shell").contains("pid=" + r.pid + "\n");
        // stderr is a pipe here: the JVM is told so (the progress line is then not redrawn in place)
        assertThat(fake.javaArgs(r)).containsExactly("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dpgswap.stderr.tty=false", "-jar", fake.jar.toRealPath().toString(), "status", "two words", "*", "");
        assertThat(r.err).isEmpty();
    }

    @Test
    void launcherPassesJavaOptsWithoutGlobbing(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "21", true);
        Run r = fake.run(Map.of("JAVA_OPTS", " -Xmx64m   -Dpattern=* "), "--version");
        r.assertExit(42);
        assertThat(fake.javaArgs(r)).containsExactly("-Xmx64m", "-Dpattern=*", "-Dpgswap.stderr.tty=false", "-jar",
                fake.jar.toRealPath().toString(), "--version");
    }

    @Test
    void launcherFindsTheRepositoryThroughSymlinks(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "17", true);
        Path bin = Files.createDirectories(tmp.resolve("home/bin"));
        Path other = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(other.resolve("pgswap-link"), Path.of("../repo/scripts/pgswap")); // relative
        Files.createSymbolicLink(bin.resolve("pgswap"), other.resolve("pgswap-link")); // absolute, to a link
        Run r = fake.runVia(bin.resolve("pgswap"), Map.of(), "--help");
        r.assertExit(42);
        assertThat(fake.javaArgs(r)).contains(fake.jar.toRealPath().toString());
    }

    @Test
    void launcherRefusesAnOldJava(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "1.8.0_402", true);
        Run r = fake.run(Map.of(), "--help");
        r.assertExit(1);
        assertThat(r.err).contains("Java 17 or later").contains("Java 8");
        assertThat(r.out).isEmpty();
    }

    @Test
    void launcherExplainsABadJavaHome(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "17", true);
        Run r = fake.run(Map.of("JAVA_HOME", tmp.resolve("no-such-jdk").toString()), "--help");
        r.assertExit(1);
        assertThat(r.err).contains("JAVA_HOME");
    }

    @Test
    void launcherExplainsAMissingJarWithoutMaven(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "17", false);
        Run r = fake.run(Map.of(), "--help");
        r.assertExit(1);
        assertThat(r.err).contains("pgswap.jar").contains("mvn -B -q package -DskipTests");
        assertThat(r.out).isEmpty();
    }

    @Test
    void launcherBuildsAMissingJarWithMaven(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "17", false);
        FakeInstall.script(fake.tools.resolve("mvn"), """
                #!/bin/sh
                echo "fake mvn $* in $(pwd)"
                mkdir -p target && echo jar > target/pgswap.jar
                """);
        Run r = fake.run(Map.of(), "--version");
        r.assertExit(42);
        assertThat(r.err).contains("building it with: mvn -B -q package -DskipTests")
                .contains("fake mvn -B -q package -DskipTests in " + fake.repo.toRealPath());
        assertThat(r.out).as("build output stays off stdout").doesNotContain("fake mvn");
        assertThat(fake.javaArgs(r)).endsWith("--version");
        assertThat(fake.jar).isRegularFile();
    }

    @Test
    void launcherReportsAFailedBuild(@TempDir Path tmp) throws Exception {
        FakeInstall fake = new FakeInstall(tmp, "17", false);
        FakeInstall.script(fake.tools.resolve("mvn"), """
                #!/bin/sh
                echo "[ERROR] COMPILATION ERROR"
                exit 1
                """);
        Run r = fake.run(Map.of(), "--version");
        r.assertExit(1);
        assertThat(r.err).contains("COMPILATION ERROR").contains("build failed");
        assertThat(r.out).isEmpty();
    }

    // ================================================================ helpers

    /** Output of one launcher run. */
    private record Run(List<String> args, long pid, int exit, String out, String err) {
        void assertExit(int expected) {
            assertThat(exit).as("exit status of pgswap %s%n--- stdout:%n%s%n--- stderr:%n%s", args, out, err)
                    .isEqualTo(expected);
        }

        void assertNeverShows(String secret) {
            assertThat(out).as("stdout of %s", args).doesNotContain(secret);
            assertThat(err).as("stderr of %s", args).doesNotContain(secret);
        }
    }

    /** Runs the launcher with PG* removed from the environment, then {@code env} added. */
    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return exec(LAUNCHER, e -> {
            e.keySet().removeIf(k -> k.startsWith("PG"));
            e.putAll(env);
        }, args);
    }

    /** Runs {@code launcher} with the environment as {@code editEnv} leaves it; stdout and stderr apart. */
    private static Run exec(Path launcher, Consumer<Map<String, String>> editEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        editEnv.accept(pb.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile("pgswap-out", ".txt");
        Path err = Files.createTempFile("pgswap-err", ".txt");
        try {
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("pgswap %s did not finish within %d s%n--- stdout:%n%s%n--- stderr:%n%s", List.of(args),
                        TIMEOUT_SECONDS, Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(List.of(args), p.pid(), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private TestDatabase.Database db() {
        if (db == null) {
            db = TestDatabase.server(TestDatabase.defaultMajor()).createDatabase();
        }
        return db;
    }

    private Map<String, String> env() {
        return db().libpqEnv();
    }

    /** {@code name}(id PK, c text with every 7th row NULL and some 'x', required text NOT NULL), 5,000 rows. */
    private void smallTable(String name) throws SQLException {
        db().execute("""
                CREATE TABLE %1$s (
                  id bigint PRIMARY KEY,
                  c text,
                  required text NOT NULL,
                  n int
                );
                CREATE INDEX %1$s_c_idx ON %1$s (c);
                INSERT INTO %1$s
                SELECT g,
                       CASE WHEN g %% 7 = 0 THEN NULL WHEN g %% 11 = 0 THEN 'x' ELSE 'v' || g END,
                       'r' || g,
                       g %% 100
                FROM generate_series(1, 5000) g;
                ANALYZE %1$s;
                """.formatted(name));
    }

    private String tableDigest(String table) throws SQLException {
        return queryString("SELECT count(*) || '/' || md5(coalesce(string_agg(t::text, ',' ORDER BY id), '')) FROM "
                + table + " t");
    }

    private boolean notNull(String table, String column) throws SQLException {
        return queryString("SELECT attnotnull FROM pg_attribute WHERE attrelid = '" + table
                + "'::regclass AND attname = '" + column + "'").equals("t");
    }

    /** Relations, their columns, triggers, functions and schemas: everything a run could add or rename. */
    private String catalogFingerprint() throws SQLException {
        return queryString("""
                SELECT concat_ws('|',
                  (SELECT md5(string_agg(oid::text || relname || relfilenode, ',' ORDER BY oid)) FROM pg_class),
                  (SELECT md5(string_agg(attrelid::text || attname || attnotnull, ',' ORDER BY attrelid, attnum))
                     FROM pg_attribute),
                  (SELECT md5(coalesce(string_agg(oid::text || tgname, ',' ORDER BY oid), '')) FROM pg_trigger),
                  (SELECT md5(string_agg(oid::text || proname, ',' ORDER BY oid)) FROM pg_proc),
                  (SELECT md5(string_agg(oid::text || nspname, ',' ORDER BY oid)) FROM pg_namespace))""");
    }

    /**
     * Every pgswap object except its schema and state table (with the table's own index, sequence
     * and TOAST table): relations and triggers named pgswap_*, anything else in schema pgswap.
     */
    private List<String> pgswapLeftovers() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT 'relation ' || n.nspname || '.' || c.relname
                     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relname LIKE 'pgswap\\_%'
                        OR (n.nspname = 'pgswap'
                            AND c.oid IS DISTINCT FROM to_regclass('pgswap.migrations')
                            AND NOT EXISTS (SELECT 1 FROM pg_index i
                                            WHERE i.indexrelid = c.oid
                                              AND i.indrelid = to_regclass('pgswap.migrations'))
                            AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                              AND d.refobjid = to_regclass('pgswap.migrations')))
                     UNION ALL
                     SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass FROM pg_trigger
                     WHERE tgname LIKE 'pgswap\\_%'
                     UNION ALL
                     SELECT 'function ' || p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE p.proname LIKE 'pgswap\\_%' OR n.nspname = 'pgswap'
                     UNION ALL
                     SELECT 'schema ' || nspname FROM pg_namespace WHERE nspname LIKE 'pgswap%' AND nspname <> 'pgswap'
                     ORDER BY 1""")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long queryLong(String sql) throws SQLException {
        return Long.parseLong(queryString(sql));
    }

    private String queryString(String sql) throws SQLException {
        try (Connection c = db().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    /** Minimal structural check: exactly one top-level JSON object, braces and brackets balanced outside strings. */
    private static void assertSingleJsonObject(String text) {
        String s = text.strip();
        assertThat(s).as("stdout").startsWith("{").endsWith("}");
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                }
                continue;
            }
            switch (ch) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    depth--;
                    if (depth == 0 && i != s.length() - 1) {
                        fail("stdout holds more than one JSON document; the first ends at offset %d:%n%s", i, s);
                    }
                }
                default -> { }
            }
            assertThat(depth).as("nesting depth at offset %d of%n%s", i, s).isNotNegative();
        }
        assertThat(inString).as("unterminated string in%n%s", s).isFalse();
        assertThat(depth).as("unbalanced braces in%n%s", s).isZero();
    }
}
