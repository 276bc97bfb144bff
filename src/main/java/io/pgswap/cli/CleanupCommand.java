package io.pgswap.cli;

import io.pgswap.PgSwapException;
import io.pgswap.core.Tuning;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Cleanup;
import io.pgswap.retry.Clock;
import io.pgswap.state.StateAccess;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cleanup", sortOptions = false,
        description = {"Remove what earlier pgswap runs left behind, when it is provably pgswap's.",
            "",
            "Capture triggers, logs, trigger functions and shadow tables of migrations that are no longer "
                    + "active (an orphaned capture trigger logs every write forever), and with --older-than the old "
                    + "tables kept after swaps. An object only counts as pgswap's when its function, its marker "
                    + "comment or its migration's state row says so; anything that merely looks like it is listed and "
                    + "left alone. Unfinished migrations are left alone too: see 'pgswap status', then resume or abort "
                    + "them."},
        footer = {"", "Examples:", "  pgswap cleanup --dry-run", "  pgswap cleanup --older-than 7d"})
final class CleanupCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Option(names = "--dry-run", description = "List what would be removed, and remove nothing.")
    boolean dryRun;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Also drop old tables kept after swaps that finished longer ago than this (e.g. 7d).")
    Duration olderThan;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "The longest wait for each lock that drops a leftover (default: ${DEFAULT-VALUE}); retried; "
                    + "0 is refused.")
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
            if (lockTimeout.isZero()) {
                throw PgSwapException.usage("--lock-timeout must be positive (0 means 'wait forever')");
            }
            Tuning tuning = Tuning.defaults().withLockTimeout(lockTimeout);
            ConnectionSettings settings = connection.resolve();
            try (Db db = Db.open(settings, new SessionSettings(lockTimeout, Duration.ofMinutes(1)), 1);
                 Connection c = db.connection()) {
                StateAccess.check(c, dryRun ? StateAccess.Need.READ : StateAccess.Need.WRITE);
                // revert windows that are over end now (their reverse trigger and log go; the old table as asked)
                if (dryRun) {
                    for (String w : io.pgswap.engine.Windows.expired(c)) {
                        LOG.info("would end {}", w);
                    }
                } else {
                    for (String w : io.pgswap.engine.Windows.endExpired(c, Clock.SYSTEM, tuning)) {
                        LOG.info("ended {}", w);
                    }
                }
                List<Cleanup.Item> items = Cleanup.find(c, olderThan);
                List<Object> removed = new ArrayList<>();
                List<Object> left = new ArrayList<>();
                for (Cleanup.Item item : items) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("object", item.description());
                    m.put("sql", item.sql());
                    if (!item.proven()) {
                        LOG.warn("left alone: {}: {}", item.description(), item.why());
                        m.put("why", item.why());
                        left.add(m);
                        continue;
                    }
                    if (dryRun) {
                        LOG.info("would remove {}", item.description());
                    } else {
                        Cleanup.remove(c, item, Clock.SYSTEM, tuning);
                        LOG.info("removed {}", item.description());
                    }
                    removed.add(m);
                }
                if (!dryRun) {
                    Cleanup.retireOrphans(c);
                }
                List<String> unfinished = Cleanup.unfinished(c);
                for (String u : unfinished) {
                    LOG.info("left alone: {}", u);
                }
                if (items.isEmpty()) {
                    LOG.info("nothing {}to clean up in {}", unfinished.isEmpty() ? "" : "else ", settings.describe());
                }
                if (olderThan == null) {
                    for (String t : Cleanup.keptOldTables(c)) {
                        LOG.info("kept old table {}; drop it with --older-than or DROP TABLE when the workload is quiet", t);
                    }
                }
                if (output.json()) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("dry_run", dryRun);
                    doc.put(dryRun ? "would_remove" : "removed", removed);
                    doc.put("left_alone", left);
                    doc.put("unfinished", unfinished);
                    System.out.println(Json.write(doc));
                }
                return null;
            }
        });
    }
}
