package io.pgswap.cli;

import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Cleanup;
import io.pgswap.retry.Clock;
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

@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Remove what earlier runs left behind: capture triggers, logs, trigger functions and",
            "shadow tables of migrations that are no longer active (an orphaned capture trigger logs every",
            "write forever), and with --older-than the old tables kept after swaps.",
            "Unfinished migrations are left alone: see 'pgswap status', resume or abort them."})
final class CleanupCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Option(names = "--dry-run", description = "list what would be removed, remove nothing")
    boolean dryRun;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "also drop old tables kept after swaps that finished longer ago than this (e.g. 7d)")
    Duration olderThan;

    @Mixin
    LockTimeoutOption lock;

    @Override
    public Integer call() {
        output.apply();
        return CommandSupport.run(output, () -> {
            ConnectionSettings settings = connection.resolve();
            try (Db db = Db.open(settings, new SessionSettings(lock.value(), Duration.ofMinutes(1)), 1);
                 Connection c = db.connection()) {
                List<Cleanup.Item> items = Cleanup.find(c, olderThan);
                List<Object> done = new ArrayList<>();
                for (Cleanup.Item item : items) {
                    if (dryRun) {
                        LOG.info("would remove {}", item.description());
                    } else {
                        Cleanup.remove(c, item, Clock.SYSTEM);
                        LOG.info("removed {}", item.description());
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("object", item.description());
                    m.put("sql", item.sql());
                    done.add(m);
                }
                if (items.isEmpty()) {
                    LOG.info("nothing to clean up in {}", settings.describe());
                }
                if (olderThan == null) {
                    for (String t : Cleanup.keptOldTables(c)) {
                        LOG.info("kept old table {}; drop it with --older-than or DROP TABLE when the workload is quiet", t);
                    }
                }
                if (output.json()) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("dry_run", dryRun);
                    doc.put(dryRun ? "would_remove" : "removed", done);
                    System.out.println(Json.write(doc));
                }
                return null;
            }
        });
    }
}
