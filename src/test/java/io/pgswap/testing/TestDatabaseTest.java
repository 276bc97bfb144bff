package io.pgswap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestDatabaseTest {

    @Test
    void createsIsolatedDatabasesOnTheDefaultMajor() throws Exception {
        int major = TestDatabase.defaultMajor();
        TestDatabase.Server server = TestDatabase.server(major);
        assertThat(server.major()).isEqualTo(major);
        assertThat(TestDatabase.server(major)).isSameAs(server);

        TestDatabase.Database db = server.createDatabase();
        String name = db.name();
        try (TestDatabase.Database other = server.createDatabase()) {
            assertThat(other.name()).isNotEqualTo(name);
            assertThat(serverVersionNum(db) / 10000).isEqualTo(major);

            db.execute("CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL)");
            db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database(), count(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(name);
                assertThat(rs.getLong(2)).isEqualTo(2);
            }
            assertThat(tableExists(other, "t")).isFalse();
            db.execute("DROP TABLE t");
            assertThat(tableExists(db, "t")).isFalse();

            assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://" + hostInUrl(server) + ":" + server.port() + "/" + name)
                    .doesNotContain("password");
            assertThat(db.connectionProperties()).containsEntry("user", server.user());
            assertThat(db.libpqUrl()).startsWith("postgresql://").endsWith(":" + server.port() + "/" + name);
            assertThat(db.libpqEnv())
                    .containsEntry("PGHOST", server.host())
                    .containsEntry("PGPORT", Integer.toString(server.port()))
                    .containsEntry("PGDATABASE", name)
                    .containsEntry("PGUSER", server.user());
            assertThat(db.libpqEnv().containsKey("PGPASSWORD")).isEqualTo(!server.password().isEmpty());

            // a session left open must not keep close() from dropping the database
            Connection leftover = db.connect();
            db.close();
            assertThat(leftover.isValid(5)).isFalse();
            leftover.close();
        } finally {
            db.close(); // idempotent
        }
        assertThat(databaseExists(server, name)).isFalse();
    }

    static List<Integer> majors() {
        return TestDatabase.majors();
    }

    /** Proves every configured major starts here (or is skipped with a reason). */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("majors")
    void startsEachMajor(int major) throws Exception {
        TestDatabase.Server server = TestDatabase.server(major);
        assertThat(server.major()).isEqualTo(major);
        try (TestDatabase.Database db = server.createDatabase()) {
            assertThat(serverVersionNum(db) / 10000).isEqualTo(major);
        }
    }

    private static int serverVersionNum(TestDatabase.Database db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            assertThat(rs.next()).isTrue();
            return Integer.parseInt(rs.getString(1));
        }
    }

    private static boolean tableExists(TestDatabase.Database db, String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static boolean databaseExists(TestDatabase.Server server, String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", server.user());
        p.setProperty("password", server.password());
        try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), p);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static String hostInUrl(TestDatabase.Server server) {
        return server.host().contains(":") ? "[" + server.host() + "]" : server.host();
    }
}
