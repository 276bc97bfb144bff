package io.pgswap.e2e;

import io.pgswap.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** SQL helpers of the case runners: scripts, rows, and the cluster-wide {@code pgswap_case_*} roles a setup creates. */
final class CaseSql {
    private CaseSql() {
    }

    /** Runs a script (several statements); returns the first row of the last result set, by column label. */
    static Map<String, String> runScript(Connection c, String sql) throws SQLException {
        Map<String, String> last = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            boolean isResult = st.execute(sql);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        if (rs.next()) {
                            last.clear();
                            ResultSetMetaData md = rs.getMetaData();
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                last.put(md.getColumnLabel(i), rs.getString(i));
                            }
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
        }
        return last;
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rows(rs);
        }
    }

    static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Runs a case's setup script and adds to {@code created} the {@code pgswap_case_*} roles it
     * created (also when it fails), for {@link #dropRoles} once the case's database is gone.
     */
    static void setUp(Connection admin, String setup, List<String> created) throws SQLException {
        Set<String> before = caseRoles(admin);
        try {
            runScript(admin, setup);
        } finally {
            // only roles this setup names: other cases create theirs at the same time
            Set<String> after = caseRoles(admin);
            after.removeAll(before);
            after.removeIf(role -> !setup.contains(role));
            created.addAll(after);
        }
    }

    private static Set<String> caseRoles(Connection c) throws SQLException {
        return rows(c, "SELECT rolname FROM pg_roles WHERE rolname LIKE 'pgswap\\_case\\_%'").stream()
                .map(r -> r.get(0)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** After the case's database is gone, its roles own nothing any more and can be dropped. */
    static void dropRoles(TestDatabase.Server server, Properties props, List<String> roles) {
        if (roles.isEmpty() || props == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), props);
             Statement st = c.createStatement()) {
            for (String role : roles) {
                try {
                    st.execute("DROP ROLE IF EXISTS \"" + role.replace("\"", "\"\"") + "\"");
                } catch (SQLException e) {
                    System.err.println("[cases] could not drop role " + role + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("[cases] could not drop roles " + roles + ": " + e.getMessage());
        }
    }
}
