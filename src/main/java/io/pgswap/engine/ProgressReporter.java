package io.pgswap.engine;

import io.pgswap.Threads;
import io.pgswap.core.Progress;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a progress line every few seconds: the step, rows of the estimate, rate, ETA, backlog, waits. */
public final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private final ScheduledExecutorService timer = Threads.timer("pgswap-progress");
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
        String step = p.step();
        long now = System.nanoTime();
        long rows = p.rowsCopied();
        double secs = Math.max(1e-3, (now - lastNanos) / 1e9);
        long rate = Math.round((rows - lastRows) / secs);
        lastRows = rows;
        lastNanos = now;
        long backlog = p.backlogRows();
        String tail = (backlog >= 0 ? ", log backlog " + backlog : "")
                + (p.waitingFor() == null ? "" : ", waiting: " + p.waitingFor());
        if (p.pagesTotal() > 0 && p.pagesDone() < p.pagesTotal() || "copy".equals(step)) {
            long total = p.pagesTotal();
            long done = p.pagesDone();
            int pct = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
            double pagesPerSec = done == 0 ? 0 : done / Math.max(1e-3, (now - p.stepStartNanos()) / 1e9);
            String eta = pagesPerSec <= 0 ? "?" : Math.round(Math.max(0, total - done) / pagesPerSec) + " s";
            // stale statistics: once the rows pass the estimate, the pages done tell the total better
            long rowsTotal = rows >= p.estimatedRows() && done > 0 && done < total
                    ? Math.round(rows * (double) total / done) : Math.max(rows, p.estimatedRows());
            return String.format("%s: %d%% (%,d of ~%,d rows), %,d rows/s, ETA %s%s", step, pct, rows,
                    rowsTotal, rate, eta, tail);
        }
        return switch (step) {
            case "indexes" -> String.format("indexes: %d of %d built, %,d log rows replayed%s", p.indexesDone(),
                    p.indexesTotal(), p.rowsReplayed(), tail);
            case "checksum" -> String.format("checksum: %,d of ~%,d rows compared, %,d key(s) differing%s",
                    p.rowsChecksummed(), Math.max(p.rowsChecksummed(), p.estimatedRows()), p.checksumDiffering(), tail);
            case "replay", "swap" -> String.format("%s: %d attempt(s), %,d log rows replayed%s", step,
                    p.swapAttempts(), p.rowsReplayed(), tail);
            default -> step + ": " + (p.detail() == null ? "" : p.detail() + ", ") + "running for "
                    + Math.round((now - p.stepStartNanos()) / 1e9) + " s" + tail;
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
