package io.pgswap.core;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How busy the server is and how much of it one run may use, read from the server between
 * batches, and the pace that follows from it ({@link #decide}).
 *
 * <p>PostgreSQL does not report its CPU count. When the server runs on this machine (a loopback
 * host), its cores are this JVM's; otherwise the bound is {@code max_parallel_maintenance_workers
 * + 1}, the number of processes the DBA lets one CREATE INDEX use, which is the budget a
 * maintenance task of this kind is meant to have. Idle means fewer than {@link #BUSY_SESSIONS}
 * other client sessions were active within the last second (pg_stat_activity; sessions of other
 * roles whose state pgswap may not read count as active, so without pg_read_all_stats the pace
 * errs on the gentle side). One monitoring session stays below that; an application's pool does not.
 *
 * @param activeSessions     other client sessions active now or within the last second
 * @param maintenanceWorkers the server's max_parallel_maintenance_workers
 * @param cores              the server's cores when it runs on this machine, else 0 (unknown)
 */
public record ServerLoad(int activeSessions, int maintenanceWorkers, int cores) {
    /** From this many other active sessions on, the server counts as busy. */
    public static final int BUSY_SESSIONS = 2;
    /** The duty cycle of the copy and backfills on a busy server, unless --duty-cycle says otherwise. */
    public static final int BUSY_DUTY_CYCLE = 50;
    /** The longest batch on a busy server under the automatic pace: short bursts, spread out. */
    public static final Duration BUSY_BATCH_TIME = Duration.ofMillis(50);

    static final String SQL = """
            SELECT count(*) FILTER (WHERE state IS NULL OR state <> 'idle'
                                    OR state_change > clock_timestamp() - interval '1 second')::int,
                   current_setting('max_parallel_maintenance_workers')::int
            FROM pg_stat_activity
            WHERE backend_type = 'client backend'
              AND pid <> pg_backend_pid()
              AND application_name IS DISTINCT FROM 'pgswap'""";

    public boolean busy() {
        return activeSessions >= BUSY_SESSIONS;
    }

    /** How many processes one run may keep busy on an idle server: the cores, or the maintenance budget. */
    public int idleJobs() {
        int budget = Math.max(1, maintenanceWorkers + 1);
        int jobs = cores > 0 ? Math.min(budget, cores) : budget;
        return Math.max(1, Math.min(Pacing.MAX_JOBS, jobs));
    }

    /** Reads the load on {@code c} (no transaction open), the server's cores known when {@code host} is loopback. */
    public static ServerLoad read(Connection c, String host) throws SQLException {
        int[] r = Rows.first(c, Statement.of(SQL), rs -> new int[] {rs.getInt(1), rs.getInt(2)}).orElseThrow();
        return new ServerLoad(r[0], r[1], local(host) ? Runtime.getRuntime().availableProcessors() : 0);
    }

    /**
     * On a busy server (or with --duty-cycle below 100) the session's own scans, such as the NULL
     * check before add-not-null, use no parallel query workers: a parallel scan is three processes,
     * and on a small server they take the cores the application's queries wait for (measured on 2
     * cores under the bench load: a 94 ms parallel scan of 2M rows put 32 of 1,000 transactions over
     * 3x the baseline p99; serial it takes 126 ms and leaves a core free). Otherwise the session's
     * own setting is restored (a pooled session may carry an earlier run's limit). The load is read
     * once, on the first session; call with no transaction open or inside the one the setting is for.
     */
    public static void limitQueryWorkers(String host, Tuning t, Connection... sessions) throws SQLException {
        Pace pace = read(sessions[0], host).decide(t);
        for (Connection c : sessions) {
            io.pgswap.db.Tx.execute(c, java.util.List.of(pace.workers() ? "RESET max_parallel_workers_per_gather"
                    : "SET max_parallel_workers_per_gather = 0"));
        }
    }

    static boolean local(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    /**
     * The pace of one run.
     *
     * @param copyJobs     connections that copy at the same time
     * @param indexJobs    indexes built at the same time
     * @param workers      whether pgswap's statements may use the server's parallel workers: an index build
     *                     its parallel maintenance workers, a scan (the NULL check, say) parallel query workers
     * @param dutyCycle    percent of the time the copy and backfill batches work (100: no rests)
     * @param batchTime    the target duration of one batch
     * @param why          what the pace was chosen from, for the log
     * @param processes    how many server processes the run's index builds may keep busy together
     * @param maintenanceWorkers the server's max_parallel_maintenance_workers, the most one build may use
     */
    public record Pace(int copyJobs, int indexJobs, boolean workers, int dutyCycle, Duration batchTime,
                       String why, int processes, int maintenanceWorkers) {
        /**
         * The parallel maintenance workers each of {@code builds} index builds running side by side
         * may use: what is left of the budget once every build has its own process, shared out,
         * and never more than the server allows one build. Builds that fill the cores on their own
         * get none: measured on 2 cores with 2M rows, three builds side by side took 1.73-1.83 s
         * without workers and 2.26 s with the server's two each (nine processes on two cores);
         * a single build took 0.71-0.80 s with one worker, 0.80-0.88 s with two, 1.05-1.28 s alone.
         */
        public int buildWorkers(int builds) {
            if (!workers) {
                return 0;
            }
            return Math.min(maintenanceWorkers, Math.max(0, processes / Math.max(1, builds) - 1));
        }

        /**
         * The workers of the longest of {@code builds} builds side by side: one more than the others'
         * share (within what the server allows one build), so that once the shorter builds are done it
         * has a core the others leave idle. Measured on 2 cores with 2M rows, three builds side by
         * side, seven rounds each: 2.22 s (medians) with no workers, 2.15 s with one worker for the
         * longest (the unsorted column), 2.45 s with it given to a presorted one instead.
         */
        public int longestBuildWorkers(int builds) {
            int share = buildWorkers(builds);
            return !workers || builds <= 1 ? share : Math.min(maintenanceWorkers, share + 1);
        }
    }

    /** The pace that the settings and this load give: explicit settings win; auto follows the load. */
    public Pace decide(Tuning t) {
        Pacing p = t.pacing();
        boolean busy = busy();
        int idle = idleJobs();
        int copyJobs = p.copyJobs() != Pacing.AUTO ? p.copyJobs() : busy ? 1 : idle;
        // a build alternates between its parallel scan and sort and a serial tail (the leader's merge and
        // index write, then the fsync): twice the cores' builds keep the cores busy through the other's tail
        int indexJobs = t.indexJobs() != Pacing.AUTO ? t.indexJobs() : busy ? 1 : Math.min(Pacing.MAX_JOBS, 2 * idle);
        int duty = p.dutyCycle() != Pacing.AUTO ? p.dutyCycle() : busy ? BUSY_DUTY_CYCLE : 100;
        Duration batch = p.dutyCycle() == Pacing.AUTO && busy && t.batchTime().compareTo(BUSY_BATCH_TIME) > 0
                ? BUSY_BATCH_TIME : t.batchTime();
        String why = (busy ? "busy server (" + activeSessions + " other active sessions)" : "idle server")
                + ", " + (cores > 0 ? cores + " cores" : "cores unknown") + ", max_parallel_maintenance_workers "
                + maintenanceWorkers;
        return new Pace(copyJobs, indexJobs, duty >= 100, duty, batch, why, idle, maintenanceWorkers);
    }

    /** The pace before anything was read (a dry run): what an idle server with unknown cores gets. */
    public static Pace unknown(Tuning t) {
        return new ServerLoad(0, 1, 0).decide(t);
    }
}
