package io.pgswap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.e2e.Launcher.Run;
import io.pgswap.testing.CatalogDescription;
import io.pgswap.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operations' paths as data: every folder under {@code src/test/resources/operation-cases}
 * (format in its README.md) is one case: a schema, then one or more runs of the real launcher,
 * each with its expected exit status and messages, SQL between runs (the application fixing its
 * rows, a crash left behind), and a final check of the table. A new case is a new folder.
 */
class OperationCasesIT {
    @RegisterExtension
    static final CaseFolders CASES = new CaseFolders("operation-cases", majors(), OperationCasesIT::runCase);

    static List<Integer> majors() {
        String list = System.getProperty("pgswap.test.operationMajors", "");
        if (list.isBlank()) {
            return List.of(TestDatabase.defaultMajor());
        }
        return Stream.of(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    }

    static Stream<Arguments> cases() {
        return CASES.arguments();
    }

    @ParameterizedTest(name = "PG {0}: {1}")
    @MethodSource("cases")
    void operationCase(int major, String name) throws Exception {
        CASES.await(major, name);
    }

    static void runCase(int major, String name) throws Exception {
        try (TestDatabase.Database db = TestDatabase.server(major).createDatabase()) {
            try (Connection c = db.connect()) {
                CaseSql.runScript(c, CASES.read(name, "setup.sql"));
            }
            Map<String, String> env = db.libpqEnv();
            List<String> log = new ArrayList<>();
            for (int i = 1; Files.exists(CASES.dir().resolve(name).resolve(i + ".args")); i++) {
                String before = CASES.optional(name, i + ".before.sql");
                if (before != null) {
                    try (Connection c = db.connect()) {
                        CaseSql.runScript(c, before);
                    }
                }
                String folder = CASES.dir().resolve(name).toAbsolutePath().toString();
                List<String> args = CASES.lines(name, i + ".args").stream().filter(l -> !l.isEmpty())
                        .map(l -> l.replace("${case}", folder)).toList();
                Map<String, String> runEnv = new java.util.HashMap<>(env);
                if (Files.exists(CASES.dir().resolve(name).resolve(i + ".env"))) {
                    for (Map.Entry<String, String> kv : CASES.keyValues(name, i + ".env")) {
                        runEnv.put(kv.getKey(), kv.getValue());
                    }
                }
                Run r = Launcher.run(runEnv, args);
                String what = "case " + name + " run " + i + ": pgswap " + args;
                log.add(what + " -> exit " + r.exit());
                String transcript = "%n--- stdout:%n" + r.out() + "%n--- stderr:%n" + r.err();
                for (Map.Entry<String, String> kv : CASES.keyValues(name, i + ".expect")) {
                    String v = kv.getValue();
                    switch (kv.getKey()) {
                        case "exit" -> assertThat(r.exit()).as(what + transcript).isEqualTo(Integer.parseInt(v));
                        case "stderr" -> assertThat(r.err()).as(what + transcript).contains(v);
                        case "stdout" -> assertThat(r.out()).as(what + transcript).contains(v);
                        case "not-stderr" -> assertThat(r.err()).as(what + transcript).doesNotContain(v);
                        case "stderr-once" -> assertThat(r.err().split(java.util.regex.Pattern.quote(v), -1).length - 1)
                                .as("times stderr says " + v + " in " + what + transcript).isEqualTo(1);
                        case "not-stdout" -> assertThat(r.out()).as(what + transcript).doesNotContain(v);
                        default -> throw new IllegalArgumentException(name + "/" + i + ".expect: unknown key " + kv.getKey());
                    }
                }
                if (!args.contains("--verbose") && !args.contains("-v")) {
                    assertThat(Launcher.STACK_TRACE.matcher(r.err()).find()).as("stack trace in " + what + transcript)
                            .isFalse();
                }
                String after = CASES.optional(name, i + ".after.sql");
                if (after != null) {
                    try (Connection c = db.connect()) {
                        CaseSql.runScript(c, after);
                    }
                }
            }
            assertThat(log).as("case %s has runs (1.args, 1.expect, ...)", name).isNotEmpty();
            try (Connection c = db.connect()) {
                String verify = CASES.optional(name, "verify.sql");
                if (verify != null) {
                    assertThat(CaseSql.rows(c, verify)).as("verify.sql of %s after %s", name, log)
                            .containsExactly(List.of("t"));
                }
                boolean helpersAllowed = CASES.optional(name, "expect") != null && CASES.keyValues(name, "expect")
                        .stream().anyMatch(kv -> kv.getKey().equals("helpers") && kv.getValue().equals("any"));
                if (!helpersAllowed) {
                    assertThat(CatalogDescription.pgswapObjects(c)).as("pgswap objects left by %s", log).isEmpty();
                }
            }
            System.out.println("[operation-cases] PG " + major + " " + name + ": " + log.size() + " run(s) ok");
        }
    }
}
