package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Main.execute end to end, without a database: inputs that fail before connecting, and a URL that
 * points at a closed port. System.out and System.err are captured; logback's ConsoleAppender
 * (target System.err) writes through whatever System.err is at the time, so its lines are
 * captured too.
 */
class MainTest {
    private static final String CLOSED = "postgresql://u@127.0.0.1:1/db";
    private static final String SECRET = "s3cretPW";
    private static final String CLOSED_WITH_PASSWORD = "postgresql://u:" + SECRET + "@127.0.0.1:1/db";

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
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
            System.out.flush();
            System.err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dashHIsTheHostAsInLibpqTools_notHelp() {
        // a cron job running `pgswap repack -h db1 orders` must not get "help, exit 0"
        Run r = run("repack", "-h", "127.0.0.1", "-p", "1", "orders");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot connect to 127.0.0.1:1").doesNotContain("Usage:");
        Run help = run("repack", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: pgswap repack").contains("-h, -H, --host=HOST");
        assertThat(run("repack", "-h").code()).as("-h without a host is a usage error").isEqualTo(2);
    }

    @Test
    void everyCommandSummaryIsOneCompleteSentenceAndEveryHelpHasAnExample() {
        Run top = run("--help");
        for (String command : java.util.List.of("add-not-null", "repack", "add-check", "status", "resume", "abort",
                "revert", "cleanup", "lint")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  " + java.util.regex.Pattern.quote(command)
                    + "\\s+(.*(?:\\n {20,}.*)*)").matcher(top.out());
            assertThat(m.find()).as("%s in %s", command, top.out()).isTrue();
            String summary = m.group(1).replaceAll("\\s+", " ").strip();
            assertThat(summary).as("summary of %s", command).endsWith(".").doesNotContain(". ");
            assertThat(run(command, "--help").out()).as("help of %s", command).contains("Example");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                                        | missing command",
        "frobnicate                                                | frobnicate",
        "--frobnicate                                              | --frobnicate",
        "add-not-null                                              | Missing required parameter",
        "add-not-null orders                                       | [SCHEMA.]TABLE.COLUMN",
        "add-not-null a.b.c.d                                      | [SCHEMA.]TABLE.COLUMN",
        "`add-not-null \"orders.status`                            | unterminated",
        "add-not-null orders..status                               | empty name part",
        "add-not-null orders.status --frobnicate                   | --frobnicate",
        "add-not-null orders.status --lock-timeout 0               | wait forever",
        "add-not-null orders.status --lock-timeout abc             | 250ms",
        "add-not-null orders.status --lock-timeout 0ms             | lock-timeout",
        "add-not-null orders.status --lock-timeout 99999999999999999999s | lock-timeout",
        "add-not-null orders.status --batch-size 0                 | --batch-size",
        "add-not-null orders.status --batch-size -5                | --batch-size",
        "add-not-null orders.status --max-attempts 0               | --max-attempts",
        "add-not-null orders.status --max-attempts many            | --max-attempts",
        "add-not-null orders.status --replay-batch 0               | --replay-batch",
        "add-not-null orders.status --index-jobs 0                 | --index-jobs",
        "add-not-null orders.status --index-jobs many              | --index-jobs",
        "repack x --copy-jobs 0                                    | --copy-jobs must be auto or a number from 1 to 16",
        "repack x --copy-jobs 99                                   | --copy-jobs",
        "repack x --duty-cycle 0                                   | --duty-cycle must be auto or a percentage",
        "repack x --duty-cycle 150                                 | --duty-cycle",
        "repack x --duty-cycle half                                | --duty-cycle",
        "repack x --max-rate 0                                     | --max-rate must be at least 1",
        "repack x --max-rate fast                                  | --max-rate",
        "add-not-null orders.status --batch-time 0s                | --batch-time",
        "add-not-null orders.status --output yaml                  | --output",
        "repack x --fill y                                         | --fill",
        "repack                                                    | Missing required parameter",
        "repack a.b.c                                              | [SCHEMA.]TABLE",
        "repack x y                                                | y",
        "repack x --revert-window soon                             | not a duration",
        "repack x --checksum --no-checksum                         | only once",
        "revert                                                    | Missing required parameter",
        "revert a.b.c                                              | [SCHEMA.]TABLE",
        "revert x --revert-window 1h                               | --revert-window",
        "revert x --max-attempts 0                                 | --max-attempts",
        "revert x --lock-timeout 0                                 | wait forever",
    })
    void usageErrorsExit2WithoutConnecting(String line, String hint) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        // every case either fails in parsing or before connecting; the URL makes a slip visible as exit 1
        Run r = run(withUrl(args));
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.err()).contains(hint);
        assertThat(r.err()).doesNotContain("cannot connect");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aUsageErrorWithOutputJsonIsOneJsonDocument() {
        for (String[] args : List.of(new String[] {"repack", "orders", "--bogus", "--output", "json"},
                new String[] {"add-index", "orders", "a", "--wait-timeout", "soon", "--output=json"})) {
            Run r = run(args);
            assertThat(r.code()).isEqualTo(2);
            com.fasterxml.jackson.databind.JsonNode doc;
            try {
                doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
            } catch (java.io.IOException e) {
                throw new AssertionError("not one JSON document: " + r.out(), e);
            }
            assertThat(doc.get("outcome").asText()).isEqualTo("usage");
            assertThat(doc.get("exit_code").asInt()).isEqualTo(2);
            assertThat(doc.get("message").asText()).isNotBlank();
        }
        assertThat(run("repack", "orders", "--bogus").out()).isEmpty();
    }

    /** Adds --url CLOSED after a migration subcommand so that a missed usage error shows as exit 1. */
    private static String[] withUrl(String[] args) {
        if (args.length < 2 || !(args[0].equals("add-not-null") || args[0].equals("repack")
                || args[0].equals("revert"))) {
            return args;
        }
        String[] out = new String[args.length + 2];
        System.arraycopy(args, 0, out, 0, args.length);
        out[args.length] = "--url";
        out[args.length + 1] = CLOSED;
        return out;
    }

    @Test
    void helpExits0() {
        Run r = run("--help");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("Usage: pgswap").contains("add-not-null").contains("repack")
                .contains("Exit codes");
    }

    @Test
    void versionExits0() {
        Run r = run("--version");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("pgswap " + Version.VERSION);
    }

    @Test
    void helpSubcommandExits0() {
        Run r = run("help", "add-not-null");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("Usage: pgswap add-not-null").contains("--fill").contains("--lock-timeout")
                .contains("--dry-run").contains("--url");
        assertThat(run("help", "repack").code()).isEqualTo(0);
    }

    @Test
    void aRunOfOneCommandBuildsOnlyThatCommand_anythingElseTheWholeTree() {
        assertThat(Main.commandLine(new String[] {"add-index", "t", "c"}).getSubcommands())
                .containsOnlyKeys("add-index");
        assertThat(Main.commandLine(new String[] {"help", "add-index"}).getSubcommands())
                .containsKeys("add-index", "repack", "status", "apply", "generate-completion");
        assertThat(Main.commandLine(new String[] {"repak"}).getSubcommands())
                .containsKeys("repack", "add-index", "lint");
        assertThat(Main.commandLine(new String[0]).getSubcommands())
                .containsOnlyKeys(Main.commandLine().getSubcommands().keySet());
        // a misspelt command still gets the suggestions drawn from the whole tree
        Run r = run("repak", "orders");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("repack");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"add-not-null --help", "repack --help", "status --help", "abort --help", "revert --help"})
    void subcommandHelpOptionExits0(String line) {
        Run r = run(line.split(" "));
        assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(0);
        assertThat(r.out()).contains("Usage: pgswap " + line.split(" ")[0]);
    }

    @Test
    void closedPortExits1WithCannotConnect() {
        Run r = run("add-not-null", "orders.status", "--url", CLOSED);
        assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).contains("cannot connect").contains("127.0.0.1:1");
    }

    @Test
    void passwordInTheUrlNeverAppearsInOutput() {
        String[][] runs = {
            {"add-not-null", "orders.status", "--url", CLOSED_WITH_PASSWORD},
            {"add-not-null", "orders.status", "--dry-run", "--url", CLOSED_WITH_PASSWORD},
            {"add-not-null", "orders.status", "-v", "--url", CLOSED_WITH_PASSWORD},
            {"add-not-null", "orders.status", "--output", "json", "--url", CLOSED_WITH_PASSWORD},
            {"repack", "orders", "--url", CLOSED_WITH_PASSWORD},
            {"status", "--url", CLOSED_WITH_PASSWORD},
        };
        for (String[] args : runs) {
            Run r = run(args);
            assertThat(r.code()).as("exit code of %s; stderr: %s", String.join(" ", args), r.err()).isEqualTo(1);
            assertThat(r.err()).contains("cannot connect");
            assertThat(r.all()).as("output of %s", String.join(" ", args)).doesNotContain(SECRET);
        }
    }

    @Test
    void passwordInABadUrlNeverAppearsInOutput() {
        Run r = run("add-not-null", "orders.status", "--url", "mysql://u:" + SECRET + "@h/db");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.all()).contains("postgresql://").doesNotContain(SECRET);
        r = run("add-not-null", "orders.status", "--url", "postgresql://u:" + SECRET + "@h/db with space");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.all()).contains("not a valid URL").doesNotContain(SECRET);
    }

    @Test
    void jsonOutputReportsTheFailureOnStdout() {
        Run r = run("add-not-null", "orders.status", "--output", "json", "--url", CLOSED_WITH_PASSWORD);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("{").contains("\"exit_code\": 1").contains("\"outcome\": \"failed\"")
                .contains("cannot connect").doesNotContain(SECRET);
    }

    @Test
    void jsonOutputOfAUsageErrorFoundBeforeConnecting() {
        Run r = run("add-not-null", "orders", "--output", "json", "--url", CLOSED);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("\"exit_code\": 2").contains("\"outcome\": \"usage\"");
    }
}
