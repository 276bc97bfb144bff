package io.pgswap.core;

import io.pgswap.db.Tx;
import io.pgswap.retry.Clock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the batches of the copy and of in-place backfills: after each batch it rests so that the
 * batches work at most the duty cycle's share of the time and move at most --max-rate rows per
 * second, and it reads the server's load again about once a second, so the automatic pace follows
 * the application (full speed while the server is idle, gentler while it is busy). It rests with
 * no transaction open and holds no lock. Thread-safe: the copy's jobs share one pacer.
 */
public final class Pacer {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    /** How often the load is read again. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    /** Reads the server's load on a connection with no transaction open. */
    public interface LoadProbe {
        ServerLoad read(Connection c) throws SQLException;
    }

    private final Tuning tuning;
    private final Clock clock;
    private final LoadProbe probe;
    private volatile ServerLoad.Pace pace;
    private volatile ServerLoad load;
    private long probedAt;
    /** When the rows moved so far are due under --max-rate: the next batch may end no earlier. */
    private long rateDue = Long.MIN_VALUE;

    private Pacer(Tuning tuning, Clock clock, LoadProbe probe, ServerLoad.Pace pace) {
        this.tuning = tuning;
        this.clock = clock;
        this.probe = probe;
        this.pace = pace;
    }

    /** A pacer that reads the load on {@code c} now (no transaction open) and follows it. */
    public static Pacer start(Tuning tuning, Clock clock, LoadProbe probe, Connection c) throws SQLException {
        Pacer p = follow(tuning, clock, probe, c);
        LOG.info("pace: {} copy job(s) of at most {}, {} index job(s){}, duty cycle {}% ({})", p.pace.copyJobs(),
                p.mostCopyJobs(), p.pace.indexJobs(), p.pace.workers() ? "" : " without parallel workers",
                p.pace.dutyCycle(), p.pace.why());
        return p;
    }

    /** {@link #start} without logging the pace (a later step of a run whose pace was logged at the copy). */
    public static Pacer follow(Tuning tuning, Clock clock, LoadProbe probe, Connection c) throws SQLException {
        Pacer p = new Pacer(tuning, clock, probe, null);
        p.load = probe.read(c);
        p.pace = p.load.decide(tuning);
        p.probedAt = clock.nanoTime();
        return p;
    }

    /** A pacer whose pace does not follow any load (explicit settings only, an unknown server for auto). */
    public static Pacer fixed(Tuning tuning, Clock clock) {
        return new Pacer(tuning, clock, null, ServerLoad.unknown(tuning));
    }

    public ServerLoad.Pace pace() {
        return pace;
    }

    /** The most copy jobs this run may need: --copy-jobs, or what the server allows while it is idle. */
    public int mostCopyJobs() {
        if (tuning.pacing().copyJobs() != Pacing.AUTO) {
            return tuning.pacing().copyJobs();
        }
        return load == null ? 1 : load.idleJobs();
    }

    /** Reads the load again when it is due; call between batches with no transaction open. */
    public void refresh(Connection c) throws SQLException {
        if (probe == null || !tuning.pacing().adaptive()) {
            return;
        }
        synchronized (this) {
            long now = clock.nanoTime();
            if (now - probedAt < RECHECK.toNanos()) {
                return;
            }
            probedAt = now;
        }
        ServerLoad now = probe.read(c);
        ServerLoad.Pace next = now.decide(tuning);
        ServerLoad.Pace before = pace;
        load = now;
        pace = next;
        if (before.dutyCycle() != next.dutyCycle() || before.copyJobs() != next.copyJobs()) {
            LOG.info("pace: {} copy job(s), duty cycle {}% ({})", next.copyJobs(), next.dutyCycle(), next.why());
        }
    }

    /**
     * How long to rest after a batch that moved {@code rows} rows and worked for {@code took}: the
     * longer of the duty cycle's rest (took x (100 - d) / d) and the wait until the rows fit the rate
     * bound. The bound is a schedule with no credit: time when nothing moved (a pause, a lock wait, a
     * slow stretch) is not saved up for a burst, so after a pause the rate is the bound at once, when
     * a standby that just caught up needs it most. Batches of the copy's jobs that ran side by side
     * are scheduled one after the other.
     */
    public synchronized Duration rest(long rows, Duration took) {
        long now = clock.nanoTime();
        int duty = pace.dutyCycle();
        long restNanos = duty >= 100 ? 0 : took.toNanos() * (100 - duty) / duty;
        long maxRate = tuning.pacing().maxRate();
        if (maxRate > 0) {
            long started = now - took.toNanos();
            rateDue = Math.max(rateDue, started) + (long) (rows * 1e9 / maxRate);
            restNanos = Math.max(restNanos, rateDue - now);
        }
        return Duration.ofNanos(Math.max(0, restNanos));
    }

    /** Rests after a batch (see {@link #rest}), in slices of at most a second, stopping when asked; no transaction may be open. */
    public void after(long rows, Duration took, StopSignal stop) {
        Duration left = rest(rows, took);
        while (!left.isZero()) {
            Duration slice = left.compareTo(RECHECK) > 0 ? RECHECK : left;
            Tx.sleep(clock, slice);
            left = left.minus(slice);
            stop.check();
        }
    }
}
