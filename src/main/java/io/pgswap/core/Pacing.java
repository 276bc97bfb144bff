package io.pgswap.core;

/**
 * What the user asked about pace and parallelism, validated once; {@link #AUTO} (0) lets
 * {@link ServerLoad} decide from the server at run time.
 *
 * @param copyJobs  connections copying at the same time (0: auto)
 * @param dutyCycle percent of the wall time the copy and backfill batches may work, 1-100 (0: auto)
 * @param maxRate   most rows per second the copy and backfills move (0: no bound)
 */
public record Pacing(int copyJobs, int dutyCycle, long maxRate) {
    public static final int AUTO = 0;
    /** The most jobs of either kind: more connections than this only queue on the server's cores. */
    public static final int MAX_JOBS = 16;
    public static final Pacing DEFAULT = new Pacing(AUTO, AUTO, 0);

    public Pacing {
        if (copyJobs < 0 || copyJobs > MAX_JOBS) {
            throw new IllegalArgumentException("--copy-jobs must be auto or 1 to " + MAX_JOBS + " (got " + copyJobs + ")");
        }
        if (dutyCycle < 0 || dutyCycle > 100) {
            throw new IllegalArgumentException("--duty-cycle must be auto or a percentage from 1 to 100 (got " + dutyCycle
                    + ")");
        }
        if (maxRate < 0) {
            throw new IllegalArgumentException("--max-rate must be a positive number of rows per second");
        }
    }

    /** Whether the copy's pace is left to the server's load (its jobs or its duty cycle). */
    public boolean adaptive() {
        return copyJobs == AUTO || dutyCycle == AUTO;
    }

    /** A short description for the plan, e.g. "copy jobs auto, duty cycle 50%, no rate bound". */
    public String describe() {
        return "copy jobs " + (copyJobs == AUTO ? "auto" : copyJobs) + ", duty cycle "
                + (dutyCycle == AUTO ? "auto" : dutyCycle + "%") + ", "
                + (maxRate == 0 ? "no rate bound" : "at most " + maxRate + " rows/s");
    }
}
