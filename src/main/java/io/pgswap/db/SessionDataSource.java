package io.pgswap.db;

import io.pgswap.sql.Statement;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool's source of connections: the driver's, each new session given the TimeZone and
 * DateStyle of {@link SessionDefaults}, found on the first one and then kept.
 */
final class SessionDataSource implements DataSource {
    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private final String url;
    private final Properties props;
    private final String userOptions;
    private volatile Map<String, String> defaults;

    SessionDataSource(String url, Properties props, String userOptions) {
        this.url = url;
        this.props = props;
        this.userOptions = userOptions;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = driver.connect(url, props);
        try {
            Map<String, String> d = defaults;
            if (d == null) {
                d = SessionDefaults.resolve(c, userOptions);
                defaults = d;
            }
            for (Map.Entry<String, String> e : d.entrySet()) {
                Rows.first(c, Statement.of("SELECT set_config(?, ?, false)", e.getKey(), e.getValue()), rs -> null);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool connects as the configured user");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
