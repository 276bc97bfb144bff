package io.pgswap.engine;

import io.pgswap.state.Phase;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a progress line every few seconds: phase, rows copied of the estimate, rate, ETA, backlog. */
public final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private final ScheduledExecutorService timer;
    private final Progress p;
    private final boolean live;
    private volatile boolean shown;
    private long lastRows;
    private long lastNanos = System.nanoTime();

    /**
     * @param live true on a terminal: one line redrawn in place (log lines clear it first, see
     *             OutputOptions); false for cron and pipes: a plain timestamped log line each time
     */
    public ProgressReporter(Progress p, Duration every, boolean live) {
        this.p = p;
        this.live = live;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pgswap-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void report() {
        try {
            if (live) {
                System.err.print("\r\033[2K" + line());
                System.err.flush();
                shown = true;
            } else {
                LOG.info(line());
            }
        } catch (RuntimeException e) {
            LOG.debug("progress: {}", e.toString());
        }
    }

    String line() {
        Phase phase = p.phase();
        long now = System.nanoTime();
        long rows = p.rowsCopied.get();
        double secs = Math.max(1e-3, (now - lastNanos) / 1e9);
        long rate = Math.round((rows - lastRows) / secs);
        lastRows = rows;
        lastNanos = now;
        long backlog = p.backlog.get();
        String tail = backlog >= 0 ? ", log backlog " + backlog : "";
        return switch (phase) {
            case COPY -> {
                long total = p.pagesTotal.get();
                long done = p.pagesDone.get();
                int pct = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
                long remainingPages = Math.max(0, total - done);
                double pagesPerSec = done == 0 ? 0 : done / Math.max(1e-3, (now - p.phaseStartNanos()) / 1e9);
                String eta = pagesPerSec <= 0 ? "?" : Math.round(remainingPages / pagesPerSec) + " s";
                yield String.format("copy: %d%% (%,d of ~%,d rows), %,d rows/s, ETA %s%s", pct, rows,
                        Math.max(rows, p.estimatedRows.get()), rate, eta, tail);
            }
            case INDEXES -> String.format("indexes: %d of %d built, %,d log rows replayed%s",
                    p.indexesDone.get(), p.indexesTotal.get(), p.rowsReplayed.get(), tail);
            case SYNC -> String.format("swap: %d attempt(s), %,d log rows replayed%s", p.swapAttempts.get(),
                    p.rowsReplayed.get(), tail);
            default -> phase.name().toLowerCase() + "...";
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (live && shown) {
            System.err.print("\r\033[2K");
            System.err.flush();
        }
    }
}
