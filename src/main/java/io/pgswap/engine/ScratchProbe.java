package io.pgswap.engine;

import io.pgswap.core.Probe;
import io.pgswap.db.Db;
import io.pgswap.db.Tx;
import java.sql.Connection;
import java.sql.SQLException;

/** {@link Probe} over the run's pool: scratch work gets its own session and is always rolled back. */
final class ScratchProbe implements Probe {
    private final Db db;
    private final Connection readOnly;

    ScratchProbe(Db db, Connection readOnly) {
        this.db = db;
        this.readOnly = readOnly;
    }

    @Override
    public Connection readOnly() {
        return readOnly;
    }

    @Override
    public <T> T scratch(Tx.Work<T> work) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (SQLException | RuntimeException e) {
                // the pool closes a connection after some errors (0A000): keep the error, not the rollback's
                Tx.rollbackQuietly(c);
                throw e;
            }
            c.rollback();
            c.setAutoCommit(true);
            return result;
        }
    }
}
