package io.pgswap.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** The connection pool of one pgswap run: every session named pgswap, every lock wait bounded. */
public final class Db implements AutoCloseable {
    private final HikariDataSource pool;
    private final ConnectionSettings settings;

    private Db(HikariDataSource pool, ConnectionSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    public static Db open(ConnectionSettings settings, SessionSettings session, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pgswap");
        Properties props = settings.driverProperties();
        // the user's options first, pgswap's own after them: a later -c wins, so lock_timeout and the
        // other bounds pgswap relies on cannot be switched off by PGOPTIONS
        props.setProperty("options", settings.options() == null || settings.options().isBlank()
                ? session.startupOptions() : settings.options().strip() + " " + session.startupOptions());
        config.setDataSource(new SessionDataSource(settings.jdbcUrl(), props, settings.options()));
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(15_000);
        config.setInitializationFailTimeout(1);
        config.setAutoCommit(true);
        config.setRegisterMbeans(false);
        try {
            return new Db(new HikariDataSource(config), settings);
        } catch (HikariPool.PoolInitializationException e) {
            throw connectFailure(settings, e.getCause() == null ? e : e.getCause());
        }
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        pool.close();
    }

    static PgSwapException connectFailure(ConnectionSettings s, Throwable cause) {
        String state = PgErrors.sqlState(cause);
        String where = s.describe();
        String msg;
        if ("28P01".equals(state)) {
            msg = "password authentication failed for " + where + "; check PGPASSWORD, --url or ~/.pgpass";
        } else if ("28000".equals(state)) {
            msg = "the server refused " + where + " (pg_hba.conf or SSL settings): " + firstLine(cause);
        } else if ("3D000".equals(state)) {
            msg = "database \"" + s.database() + "\" does not exist on " + s.host() + ":" + s.port();
        } else if ("08004".equals(state) && cause.getMessage() != null && cause.getMessage().contains("SSL")) {
            msg = "cannot connect to " + s.host() + ":" + s.port() + " with sslmode=" + s.sslMode() + ": "
                    + firstLine(cause) + "; enable SSL on the server, or connect with sslmode=prefer (or disable)";
        } else if (state != null && state.startsWith("08")) {
            msg = "cannot connect to " + s.host() + ":" + s.port() + ": " + firstLine(cause)
                    + "; check PGHOST/PGPORT (or --url) and that the server is up";
        } else {
            msg = "cannot connect to " + where + ": " + firstLine(cause);
        }
        return new PgSwapException(ExitCode.FAILED, msg, cause, state);
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        m = (nl < 0 ? m : m.substring(0, nl)).strip();
        if (m.startsWith("ERROR: ")) {
            m = m.substring(7);
        }
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
