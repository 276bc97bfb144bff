package io.pgswap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pgswap.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * pgswap as a separate process: the real launcher {@code scripts/pgswap} from a private install
 * (the launcher and the packaged jar copied side by side, because target/ is shared and a
 * concurrent 'mvn package' elsewhere would replace the jar under a running process), against a
 * test database through the libpq variables. Every command, its stderr and its exit status go to
 * {@code say}, so a test log can be quoted.
 */
final class Pgswap implements AutoCloseable {
    static final Path LAUNCHER = Path.of("scripts/pgswap");

    private final Path install;
    private final Path launcher;
    private TestDatabase.Database d;
    private Consumer<String> say;
    private final List<Launched> launched = new ArrayList<>();

    private Pgswap(Path install) {
        this.install = install;
        this.launcher = install.resolve("scripts/pgswap");
    }

    /** Copies the launcher and the jar ({@code -Dpgswap.jar}, default target/pgswap.jar) to a private directory. */
    static Pgswap install(String tag) throws Exception {
        assertThat(LAUNCHER).as("run from the repository root").isRegularFile().isExecutable();
        Path jar = Path.of(System.getProperty("pgswap.jar", "target/pgswap.jar"));
        Pgswap p = new Pgswap(Files.createTempDirectory(tag + "-install"));
        Path copy = p.install.resolve("target/pgswap.jar");
        Files.createDirectories(p.launcher.getParent());
        Files.createDirectories(copy.getParent());
        Files.copy(LAUNCHER, p.launcher);
        Files.setPosixFilePermissions(p.launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int attempt = 1; ; attempt++) {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            try (JarFile j = new JarFile(copy.toFile())) {
                if (j.getEntry("io/pgswap/cli/Main.class") != null) {
                    break;
                }
            } catch (IOException e) {
                // being rewritten right now; try again
            }
            assertThat(attempt).as("a readable copy of %s", jar).isLessThan(20);
            Thread.sleep(500);
        }
        System.out.printf("[%s] launcher: %s, a copy of %s and %s (%d bytes, built %s)%n", tag, p.launcher,
                LAUNCHER, jar, Files.size(copy), Files.getLastModifiedTime(jar));
        return p;
    }

    /** The database the next commands run against, and where their log goes. */
    Pgswap against(TestDatabase.Database database, Consumer<String> log) {
        this.d = database;
        this.say = log;
        return this;
    }

    Run run(String... args) throws Exception {
        return run(List.of(args));
    }

    Run run(List<String> args) throws Exception {
        return launch(args).await();
    }

    /** Starts the launcher (which execs the JVM, so the process is the java process). */
    Launched launch(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().putAll(d.libpqEnv());
        pb.environment().put("TZ", "UTC");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = Files.createTempFile("pgswap-out", ".txt");
        Path err = Files.createTempFile("pgswap-err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Launched l = new Launched(say, List.copyOf(args), pb.start(), out, err, System.nanoTime());
        launched.add(l);
        say.accept("$ pgswap " + new Run(l.args, 0, 0, "", "", 0).command() + "   (pid " + l.process.pid() + ")");
        return l;
    }

    /** Kills what is still running. */
    void killAll() {
        for (Launched l : launched) {
            if (l.process.isAlive()) {
                l.process.destroyForcibly();
            }
        }
        launched.clear();
    }

    /** Removes the private install. */
    @Override
    public void close() throws IOException {
        killAll();
        try (Stream<Path> files = Files.walk(install)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static long elapsedMillis(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    /** Output of one finished launcher run. */
    record Run(List<String> args, long pid, int exit, String out, String err, long millis) {
        void assertExit(int expected) {
            assertThat(exit).as("exit status of pgswap %s%n--- stdout:%n%s%n--- stderr:%n%s", args, out, err)
                    .isEqualTo(expected);
        }

        String command() {
            return args.stream().map(a -> a.matches("[\\w.,:/=@%+-]+") ? a : "'" + a + "'")
                    .collect(Collectors.joining(" "));
        }
    }

    /** A launcher process that may still be running. */
    record Launched(Consumer<String> say, List<String> args, Process process, Path out, Path err, long started) {
        long millisSinceStart() {
            return elapsedMillis(started);
        }

        Run kill9() throws Exception {
            say.accept("kill -9 " + process.pid());
            process.destroyForcibly();
            return await();
        }

        Run sigterm() throws Exception {
            say.accept("kill -TERM " + process.pid());
            long t0 = System.nanoTime();
            process.destroy();
            Run r = await();
            say.accept("  stopped " + elapsedMillis(t0) + " ms after SIGTERM");
            return r;
        }

        /** What the process wrote to stderr so far. */
        String errSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        Run await() throws Exception {
            try {
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    fail("pgswap %s did not finish within 120 s%n--- stderr:%n%s", args,
                            Files.readString(err, StandardCharsets.UTF_8));
                }
                Run r = new Run(args, process.pid(), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), millisSinceStart());
                r.err.lines().filter(l -> !l.isBlank()).forEach(l -> say.accept("    | " + l));
                say.accept("  -> exit " + r.exit + " after " + r.millis + " ms");
                return r;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }
}
