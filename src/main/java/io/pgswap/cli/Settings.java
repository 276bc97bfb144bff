package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.core.Pacing;
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
        if (swap != null && (swap.swapTimeout.isZero() || swap.swapTimeout.isNegative())) {
            throw PgSwapException.usage("--swap-timeout must be positive (it bounds the swap's attempts; 0 would give "
                    + "up before the first)");
        }
        if (run.lockRetry.isZero() || run.lockRetry.isNegative()) {
            throw PgSwapException.usage("--lock-retry must be positive");
        }
        Tuning d = Tuning.defaults();
        try {
            return new Tuning(run.lockTimeout, run.lockRetry,
                    swap == null ? d.swapBudget() : swap.swapTimeout,
                    swap == null ? d.maxAttempts() : swap.maxAttempts,
                    batch == null ? d.batchTime() : batch.batchTime,
                    batch == null || batch.batchSize == null ? 0 : batch.batchSize,
                    swap == null ? d.replayBatch() : swap.replayBatch,
                    swap == null ? d.indexJobs() : jobs("--index-jobs", swap.indexJobs),
                    concurrent == null ? d.waitTimeout() : concurrent.waitTimeout, pacing(swap, batch));
        } catch (IllegalArgumentException e) {
            throw PgSwapException.usage(e.getMessage());
        }
    }

    /** The copy's pace from --copy-jobs, --duty-cycle and --max-rate (auto where a command has no such option). */
    static Pacing pacing(SwapTuningOptions swap, BatchOptions batch) {
        int copyJobs = swap == null ? Pacing.AUTO : jobs("--copy-jobs", swap.copyJobs);
        int duty = Pacing.AUTO;
        long maxRate = 0;
        if (batch != null) {
            duty = auto(batch.dutyCycle) ? Pacing.AUTO : number("--duty-cycle", batch.dutyCycle.replace("%", ""), 1, 100,
                    "auto or a percentage from 1 to 100, e.g. --duty-cycle 50");
            if (batch.maxRate != null && batch.maxRate < 1) {
                throw PgSwapException.usage("--max-rate must be at least 1 row per second, e.g. --max-rate 20000");
            }
            maxRate = batch.maxRate == null ? 0 : batch.maxRate;
        }
        return new Pacing(copyJobs, duty, maxRate);
    }

    static int jobs(String option, String value) {
        return auto(value) ? Pacing.AUTO : number(option, value, 1, Pacing.MAX_JOBS,
                "auto or a number from 1 to " + Pacing.MAX_JOBS + ", e.g. " + option + " 2");
    }

    private static boolean auto(String value) {
        return value == null || value.strip().equalsIgnoreCase("auto");
    }

    private static int number(String option, String value, int min, int max, String expected) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw PgSwapException.usage(option + " must be " + expected + " (got '" + value + "')");
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
