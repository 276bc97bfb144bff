package io.pgswap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The real launcher, scripts/pgswap, run as a subprocess the way a user runs it; shared by the case runners. */
final class Launcher {
    static final Path PATH = Path.of("scripts/pgswap");
    private static final long RUN_TIMEOUT_SECONDS = 120;
    /** A Java stack trace line, a "Caused by:", or an exception class name: none may reach a user without --verbose. */
    static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$|(?m)^Caused by: |\\b(?:java|javax|jdk|sun|org|com|picocli)\\.[\\w$.]*(?:Exception|Error)\\b");

    private Launcher() {
    }

    record Run(List<String> args, int exit, String out, String err, long millis) {
    }

    static void assertPresent() {
        assertThat(PATH).as("run from the repository root").isRegularFile().isExecutable();
    }

    /** Runs scripts/pgswap with PG* removed from the environment, then {@code env} added. */
    static Run run(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PATH.toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(env);
        // the launcher's default heap and GC, plus C1 only: these JVMs live a second or two, and about
        // seventy of them start per run on a small machine
        pb.environment().putIfAbsent("JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = Files.createTempFile("pgswap-out", ".txt");
        Path err = Files.createTempFile("pgswap-err", ".txt");
        try {
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                fail("pgswap %s did not finish within %d s%n--- stdout:%n%s%n--- stderr:%n%s", args,
                        RUN_TIMEOUT_SECONDS, Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Run(List.copyOf(args), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), millis);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
