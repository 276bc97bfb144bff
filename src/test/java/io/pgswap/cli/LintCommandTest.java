package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgswap.lint.Rule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgswap lint end to end through Main.execute, without a database: exit codes, --fail-on, json and sarif. */
class LintCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static String risky;
    static String warningsOnly;
    static String safe;
    static String broken;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void files() throws IOException {
        risky = write("risky.sql", """
                SET lock_timeout = '2s';
                CREATE INDEX orders_customer_id_idx ON orders (customer_id);
                ALTER TABLE orders
                  ALTER COLUMN status SET NOT NULL;
                """);
        warningsOnly = write("rename.sql", "SET lock_timeout = '2s';\nALTER TABLE orders RENAME COLUMN a TO b;\n");
        safe = write("safe.sql", "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY i ON orders (a);\n");
        broken = write("broken.sql", "SET lock_timeout = '2s';\nALTER TABEL orders ADD x int;\n");
    }

    private static String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString();
    }

    private static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitCodes() {
        assertThat(run("lint", safe).code()).isEqualTo(0);
        assertThat(run("lint", risky).code()).isEqualTo(1);
        assertThat(run("lint", safe, risky).code()).isEqualTo(1);
        assertThat(run("lint", warningsOnly).code()).isEqualTo(0);
        assertThat(run("lint", "--fail-on", "warning", warningsOnly).code()).isEqualTo(1);
        assertThat(run("lint", "--fail-on", "warning", safe).code()).isEqualTo(0);
        assertThat(run("lint", broken).code()).isEqualTo(2);
        assertThat(run("lint", broken, risky).code()).isEqualTo(2);
    }

    @Test
    void usageErrorsExit2() {
        Run missing = run("lint", dir.resolve("nope.sql").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read").contains("nope.sql").contains("no such file");
        assertThat(run("lint").code()).isEqualTo(2);
        Run version = run("lint", "--pg-version", "9", safe);
        assertThat(version.code()).isEqualTo(2);
        assertThat(version.err()).contains("--pg-version 9 is not supported");
        assertThat(run("lint", "--pg-version", "19", safe).code()).isEqualTo(2);
        // --output json promises one document on stdout, for an error found before any file is read too
        Run json = run("lint", "--pg-version", "9", "--output", "json", safe);
        assertThat(json.code()).isEqualTo(2);
        assertThat(json.out()).contains("\"outcome\": \"usage\"").contains("--pg-version 9 is not supported");
        assertThat(run("lint", "--output", "yaml", safe).code()).isEqualTo(2);
        assertThat(run("lint", "--fail-on", "info", safe).code()).isEqualTo(2);
    }

    @Test
    void aStatementThatDoesNotParseIsNamedWithFileAndLine() {
        Run r = run("lint", broken);
        assertThat(r.err()).contains(broken + ":2:7: cannot parse the statement: syntax error at or near \"TABEL\"");
        assertThat(r.out()).contains("PGS000 syntax-error").contains("1 statement that cannot be parsed");
    }

    @Test
    void textReportSaysTheAssumedVersionAndTheSafeCommand() {
        Run r = run("lint", risky);
        assertThat(r.out()).contains("target PostgreSQL 14 (assumed: no --pg-version and no connection)")
                .contains(risky)
                .contains("  2:1      error    PGS001 index-without-concurrently  orders")
                .contains("lock: SHARE on orders, blocks writes")
                .contains("instead: pgswap add-index orders customer_id --name orders_customer_id_idx")
                .contains("  4:3      error    PGS002 set-not-null  orders")
                .contains("instead: pgswap add-not-null orders.status")
                .contains("1 file, 3 statements: 2 errors, 0 warnings, 0 info");
        assertThat(run("lint", "--pg-version", "16", risky).out()).contains("target PostgreSQL 16 (--pg-version)");
    }

    @Test
    void jsonIsOneDocumentWithLocksAndFindings() throws IOException {
        Run r = run("lint", "--output", "json", risky, safe);
        assertThat(r.code()).isEqualTo(1);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.path("target").path("pg_version").asInt()).isEqualTo(14);
        assertThat(doc.path("target").path("assumed").asBoolean()).isTrue();
        assertThat(doc.path("exit_code").asInt()).isEqualTo(1);
        assertThat(doc.path("summary").path("error").asInt()).isEqualTo(2);
        assertThat(doc.path("summary").path("statements").asInt()).isEqualTo(5);
        JsonNode files = doc.path("files");
        assertThat(files.size()).isEqualTo(2);
        JsonNode index = files.get(0).path("statements").get(1);
        assertThat(index.path("kind").asText()).isEqualTo("CREATE INDEX");
        assertThat(index.path("line").asInt()).isEqualTo(2);
        assertThat(index.path("work").asText()).isEqualTo("index_build");
        assertThat(index.path("locks").get(0).path("table").asText()).isEqualTo("orders");
        assertThat(index.path("locks").get(0).path("mode").asText()).isEqualTo("SHARE");
        assertThat(index.path("locks").get(0).path("blocks").asText()).isEqualTo("writes");
        JsonNode finding = index.path("findings").get(0);
        assertThat(finding.path("rule").asText()).isEqualTo("PGS001");
        assertThat(finding.path("name").asText()).isEqualTo("index-without-concurrently");
        assertThat(finding.path("severity").asText()).isEqualTo("error");
        assertThat(finding.path("instead").asText()).startsWith("pgswap add-index orders");
        assertThat(finding.path("reason").asText()).isNotBlank();
        assertThat(files.get(1).path("statements").get(1).path("findings").size()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonCarriesSyntaxErrors() throws IOException {
        JsonNode doc = JSON.readTree(run("lint", "--output", "json", broken).out());
        assertThat(doc.path("exit_code").asInt()).isEqualTo(2);
        JsonNode e = doc.path("files").get(0).path("syntax_errors").get(0);
        assertThat(e.path("line").asInt()).isEqualTo(2);
        assertThat(e.path("column").asInt()).isEqualTo(7);
        assertThat(e.path("message").asText()).contains("TABEL");
    }

    @Test
    void aFileThatCannotBeRead_isReportedInTheDocument_andTheOthersAreStillChecked() throws IOException {
        Path latin1 = dir.resolve("latin1.sql");
        Files.write(latin1, "SET lock_timeout = '2s';\nCOMMENT ON TABLE orders IS 'caf\u00e9';\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        String missing = dir.resolve("gone.sql").toString();
        Run json = run("lint", "--output", "json", risky, missing, latin1.toString(), dir.toString());
        assertThat(json.code()).isEqualTo(2);
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.path("exit_code").asInt()).isEqualTo(2);
        assertThat(doc.path("summary").path("unreadable_files").asInt()).isEqualTo(3);
        JsonNode files = doc.path("files");
        assertThat(files.get(0).path("statements").size()).isEqualTo(3); // the readable file is checked in full
        assertThat(files.get(0).path("unreadable").isNull()).isTrue();
        assertThat(files.get(1).path("unreadable").asText()).contains("no such file");
        assertThat(files.get(2).path("unreadable").asText()).contains("not valid UTF-8 at byte 56 (line 2");
        assertThat(files.get(3).path("unreadable").asText()).contains("is a directory");
        assertThat(json.err()).contains("gone.sql: no such file");

        Run text = run("lint", risky, missing);
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.out()).contains("PGS").contains("not checked: cannot read " + missing)
                .contains("1 file that cannot be read");
        JsonNode sarif = JSON.readTree(run("lint", "--output", "sarif", missing).out());
        JsonNode invocation = sarif.path("runs").get(0).path("invocations").get(0);
        assertThat(invocation.path("executionSuccessful").asBoolean()).isFalse();
        assertThat(invocation.path("toolExecutionNotifications").get(0).path("message").path("text").asText())
                .contains("no such file");
    }

    @Test
    void sarifHasTheRulesAndOneResultPerFinding() throws IOException {
        Run r = run("lint", "--output", "sarif", risky, broken);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.path("version").asText()).isEqualTo("2.1.0");
        assertThat(doc.path("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = doc.path("runs").get(0);
        JsonNode driver = run.path("tool").path("driver");
        assertThat(driver.path("name").asText()).isEqualTo("pgswap lint");
        Set<String> ruleIds = new HashSet<>();
        driver.path("rules").forEach(rule -> {
            ruleIds.add(rule.path("id").asText());
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("defaultConfiguration").path("level").asText()).isIn("error", "warning", "note");
        });
        assertThat(ruleIds).hasSize(Rule.values().length).contains("PGS000", "PGS001", "PGS016");
        List<String> results = new ArrayList<>();
        run.path("results").forEach(res -> {
            JsonNode loc = res.path("locations").get(0).path("physicalLocation");
            results.add(res.path("ruleId").asText() + " " + res.path("level").asText() + " "
                    + loc.path("artifactLocation").path("uri").asText().replaceAll(".*/", "") + ":"
                    + loc.path("region").path("startLine").asInt() + ":" + loc.path("region").path("startColumn").asInt());
            assertThat(res.path("message").path("text").asText()).isNotBlank();
            assertThat(driver.path("rules").get(res.path("ruleIndex").asInt()).path("id").asText())
                    .isEqualTo(res.path("ruleId").asText());
        });
        assertThat(results).containsExactly("PGS001 error risky.sql:2:1", "PGS002 error risky.sql:4:3",
                "PGS000 error broken.sql:2:7");
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    void helpExplainsEveryOptionWithAnExample() {
        Run r = run("lint", "--help");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("Usage: pgswap lint").contains("--pg-version=N").contains("--fail-on=LEVEL")
                .contains("--output=FORMAT").contains("--single-transaction").contains("Flyway, Rails")
                .contains("Examples:").contains("pgswap lint db/migrate/*.sql").contains("--url");
        assertThat(run("--help").out()).contains("lint");
    }

    @Test
    void aClosedPortGivenExplicitlyIsAConnectionAttempt() {
        Run r = run("lint", "--url", "postgresql://u@127.0.0.1:1/db", safe);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot connect").contains("--pg-version alone");
    }

    /** PG* variables alone never make lint connect: PGPORT points at a closed port, and lint still exits 0. */
    @Test
    void libpqEnvironmentAloneDoesNotConnect() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "lint", safe).redirectErrorStream(true);
        pb.environment().put("PGHOST", "127.0.0.1");
        pb.environment().put("PGPORT", "1");
        pb.environment().put("PGDATABASE", "nope");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(0);
        assertThat(output).contains("assumed: no --pg-version and no connection").doesNotContain("cannot connect");
    }
}
