package io.pgswap.core;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.Threads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Asked between batches (never inside the swap): should the run stop at this safe point? */
public final class StopSignal {
    private final AtomicReference<String> reason = new AtomicReference<>();

    public void request(String why) {
        reason.compareAndSet(null, why);
    }

    /** Requests a stop after {@code after} (a --max-runtime or the end of a --window). */
    public void requestAfter(Duration after, String why) {
        ScheduledExecutorService timer = Threads.timer("pgswap-deadline");
        timer.schedule(() -> request(why), Math.max(0, after.toMillis()), TimeUnit.MILLISECONDS);
        timer.shutdown();
    }

    public boolean requested() {
        return reason.get() != null;
    }

    public void check() {
        String r = reason.get();
        if (r != null) {
            throw new PgSwapException(ExitCode.STOPPED, "stopped (" + r + "); rerun the same command to resume");
        }
    }
}
