package io.pgswap.engine;

import io.pgswap.Threads;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.db.Db;
import io.pgswap.db.Rows;
import io.pgswap.replay.Replayer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every two seconds, reads the log backlog (rows, bytes) into the progress, for the reporter and metrics. */
final class BacklogProbe implements AutoCloseable {
    private final ScheduledExecutorService timer = Threads.timer("pgswap-backlog");

    BacklogProbe(Db db, Names names, Progress progress) {
        timer.scheduleWithFixedDelay(() -> {
            try (Connection c = db.connection()) {
                if (Rows.relationExists(c, names.logTable())) {
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
