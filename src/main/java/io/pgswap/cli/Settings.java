package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.StopSignal;
import io.pgswap.core.SwapOptions;
import io.pgswap.core.Tuning;
import io.pgswap.engine.Window;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** Turns the parsed option groups (null when a command has no such group) into the engine's values. */
final class Settings {
    private Settings() {
    }

    static Tuning tuning(RunOptions run, SwapTuningOptions swap, BatchOptions batch, ConcurrentOptions concurrent) {
        run.validate();
        if (swap != null && swap.noSwap && run.dryRun) {
            throw PgSwapException.usage("--no-swap has no effect with --dry-run; drop one of them");
        }
        if (batch != null && batch.batchSize != null && batch.batchSize < 1) {
            throw PgSwapException.usage("--batch-size must be at least 1");
        }
        Tuning d = Tuning.defaults();
        try {
            return new Tuning(run.lockTimeout, run.lockRetry,
                    swap == null ? d.swapBudget() : swap.swapTimeout,
                    swap == null ? d.maxAttempts() : swap.maxAttempts,
                    batch == null ? d.batchTime() : batch.batchTime,
                    batch == null || batch.batchSize == null ? 0 : batch.batchSize,
                    swap == null ? d.replayBatch() : swap.replayBatch,
                    swap == null ? d.indexJobs() : swap.indexJobs,
                    concurrent == null ? d.waitTimeout() : concurrent.waitTimeout);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage(e.getMessage());
        }
    }

    static SwapOptions swapOptions(SwapTuningOptions swap) {
        try {
            return swap == null ? SwapOptions.DEFAULT : new SwapOptions(swap.noSwap, swap.dropOld,
                    swap.rebuildMatviews, swap.checksum, swap.revertWindow);
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage(e.getMessage());
        }
    }

    /**
     * The stop signal of a run: requested by --max-runtime, by the end of --window, and by
     * SIGTERM/SIGINT (see {@link SignalStop}). Outside the window nothing starts at all.
     */
    static StopSignal stopSignal(RunOptions run) {
        StopSignal stop = new StopSignal();
        if (run.maxRuntime != null) {
            stop.requestAfter(run.maxRuntime, "--max-runtime " + run.maxRuntime.toSeconds() + " s reached");
        }
        if (run.window != null) {
            Window w = run.window();
            Duration left = w.remaining(ZonedDateTime.now());
            if (left.isZero()) {
                throw new PgSwapException(ExitCode.STOPPED, "outside the window " + w + " (now "
                        + LocalTime.now().withNano(0) + "); nothing done. The next run inside the window resumes");
            }
            stop.requestAfter(left, "the window " + w + " closed");
        }
        SignalStop.install(stop);
        return stop;
    }
}
