package io.pgswap.engine;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import java.util.concurrent.atomic.AtomicReference;

/** Asked between batches (never inside the swap): should the run stop at this safe point? */
public final class StopSignal {
    private final AtomicReference<String> reason = new AtomicReference<>();

    public void request(String why) {
        reason.compareAndSet(null, why);
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
