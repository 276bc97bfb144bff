package io.pgswap.cli;

import io.pgswap.PgSwapException;
import io.pgswap.core.Target;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Aborter;
import io.pgswap.retry.Clock;
import io.pgswap.state.StateAccess;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "abort", sortOptions = false,
        description = {"Undo an unfinished migration of a table: remove exactly what pgswap added.",
            "",
            "Before a swap: the capture trigger, the log and the shadow (the table's data is untouched). In "
                    + "place: the NOT VALID constraint, the invalid index or the fill trigger pgswap added, nothing it "
                    + "found there. A migration whose state row was restored from a dump with a stale table OID is "
                    + "removed too."},
        footer = {"", "Examples:", "  pgswap abort orders --dry-run", "  pgswap abort sales.orders"})
final class AbortCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Parameters(index = "0", paramLabel = "[SCHEMA.]TABLE",
            description = "The table whose migration to undo (a partitioned table: its unfinished partition's).")
    String table;

    @Option(names = "--dry-run", description = "Say what would be removed, and remove nothing.")
    boolean dryRun;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "The longest wait for each lock that removes pgswap's objects (default: ${DEFAULT-VALUE}); "
                    + "retried with backoff; 0 is refused.")
    Duration lockTimeout;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOptions help;

    @Override
    public Integer call() {
        output.apply();
        return CommandSupport.run(output, () -> {
            Target t = Target.parse(table);
            if (lockTimeout.isZero()) {
                throw PgSwapException.usage("--lock-timeout must be positive (0 means 'wait forever')");
            }
            Tuning tuning = Tuning.defaults().withLockTimeout(lockTimeout);
            try (Db db = Db.open(connection.resolve(), new SessionSettings(lockTimeout, Duration.ofMinutes(1)), 1);
                 Connection c = db.connection()) {
                StateAccess.check(c, dryRun ? StateAccess.Need.READ : StateAccess.Need.WRITE);
                Aborter.Aborted aborted = Aborter.series(c, t, dryRun, Clock.SYSTEM, tuning);
                List<String> done = aborted.undone();
                if (done.isEmpty()) {
                    LOG.info("no unfinished pgswap migration of {}; nothing to abort", table);
                }
                for (String d : done) {
                    LOG.info("{} {}", dryRun ? "would abort" : "aborted", d);
                }
                aborted.kept().forEach(k -> LOG.warn("{}", k));
                if (!done.isEmpty() && !dryRun && aborted.kept().isEmpty()) {
                    LOG.info("{} is as it was before pgswap", table);
                }
                if (output.json()) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("dry_run", dryRun);
                    doc.put(dryRun ? "would_undo" : "undone", done);
                    doc.put("kept", aborted.kept());
                    System.out.println(Json.write(doc));
                }
                return null;
            }
        });
    }
}
