package io.pgswap.engine;

import io.pgswap.db.Db;
import io.pgswap.plan.Names;
import io.pgswap.replay.Replayer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every two seconds, reads the log backlog (rows, bytes) into the progress, for the reporter and metrics. */
final class BacklogProbe implements AutoCloseable {
    private final ScheduledExecutorService timer;

    BacklogProbe(Db db, Names names, Progress progress) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgswap-backlog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try (Connection c = db.connection()) {
                if (io.pgswap.catalog.Inspector.relationExists(c, names.logTable())) {
                    long[] b = Replayer.backlog(c, names);
                    progress.backlog(b[0], b[1]);
                }
            } catch (SQLException | RuntimeException ignored) {
                // progress only; the migration itself reports real errors
            }
        }, 1, 2, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
