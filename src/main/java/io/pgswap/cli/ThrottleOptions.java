package io.pgswap.cli;

import io.pgswap.PgSwapException;
import io.pgswap.core.Throttle;
import io.pgswap.sql.UserSql;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** When to pause between batches: replica lag, logical slot lag, a query of the user's, a pause file. */
final class ThrottleOptions {
    @Option(names = "--max-replica-lag", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Pause between batches while any streaming standby replays further behind than this "
                    + "(from pg_stat_replication), e.g. 10s, or is still catching up. Needs a superuser or a member of "
                    + "pg_read_all_stats (pg_monitor has it): others see no lag, so the run is refused. 0: none.")
    Duration maxReplicaLag;

    @Option(names = "--max-slot-lag", paramLabel = "BYTES",
            description = "Pause between batches while a logical replication slot has more unconfirmed WAL than "
                    + "this, e.g. 1GB, 500MB or 1048576. 0: none.")
    String maxSlotLag;

    @Option(names = "--throttle-query", paramLabel = "SQL",
            description = "Pause between batches while this query returns true, e.g. \"SELECT count(*) > 50 FROM "
                    + "pg_stat_activity WHERE state = 'active'\". It runs read only and is rolled back, for at most "
                    + "5 s (longer, or a lock wait, counts as pause); NULL or no row means go on. It must return one "
                    + "boolean column: checked before anything is created. If it fails later, the run stops with "
                    + "exit 4 and resumes with a query that works. Empty: none (on resume: drop the recorded one).")
    String throttleQuery;

    @Option(names = "--pause-file", paramLabel = "PATH",
            description = "Pause between batches while this file exists: an operator's brake (touch it to pause, "
                    + "remove it to go on). Empty: none.")
    Path pauseFile;

    /**
     * The throttles. An empty --throttle-query or --pause-file, a --max-replica-lag of 0 and a
     * --max-slot-lag of 0 mean none: given to resume, they turn a recorded one off.
     */
    Throttle.Settings settings() {
        Duration lag = maxReplicaLag == null || maxReplicaLag.isZero() ? null : maxReplicaLag;
        Long slot = maxSlotLag == null || maxSlotLag.strip().equals("0") ? null : bytes(maxSlotLag);
        Path file = pauseFile == null || pauseFile.toString().isEmpty() ? null : pauseFile;
        String query = null;
        if (throttleQuery != null && !throttleQuery.isBlank()) {
            try {
                query = UserSql.fragment(throttleQuery, "--throttle-query");
            } catch (IllegalArgumentException e) {
                throw PgSwapException.usage(e.getMessage());
            }
        }
        return new Throttle.Settings(lag, slot, query, file);
    }

    static long bytes(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] u : new String[][] {{"TB", "1099511627776"}, {"GB", "1073741824"}, {"MB", "1048576"},
            {"KB", "1024"}, {"B", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw PgSwapException.usage("--max-slot-lag must be a size such as 1GB, 500MB or 1048576 (got '" + text + "')");
        }
    }
}
