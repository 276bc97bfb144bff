package io.pgswap.cli;

import io.pgswap.catalog.Inspector;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.SessionSettings;
import io.pgswap.plan.Names;
import io.pgswap.sql.QualifiedName;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show pgswap migrations in the database: phase, progress, log backlog, age.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "[SCHEMA.]TABLE", description = "only this table")
    String table;

    @Option(names = "--all", description = "include finished and aborted migrations")
    boolean all;

    @Override
    public Integer call() {
        output.apply();
        return CommandSupport.run(output, () -> {
            ConnectionSettings settings = connection.resolve();
            try (Db db = Db.open(settings, new SessionSettings(Duration.ofMillis(500), Duration.ofMinutes(1)), 1);
                 Connection c = db.connection()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                if (StateStore.schemaExists(c)) {
                    Long oid = null;
                    if (table != null) {
                        List<String> p = QualifiedName.parse(table);
                        Inspector inspector = new Inspector(c);
                        oid = inspector.resolveTable(p.size() > 1 ? p.get(0) : null, p.get(p.size() - 1));
                    }
                    for (MigrationRecord m : StateStore.all(c)) {
                        if ((oid != null && m.tableOid() != oid) || (!all && !m.phase().isActive())) {
                            continue;
                        }
                        rows.add(row(c, m));
                    }
                }
                if (output.json()) {
                    System.out.println(Json.write(Map.of("migrations", rows)));
                } else if (rows.isEmpty()) {
                    System.err.println("no " + (all ? "" : "unfinished ") + "pgswap migrations"
                            + (table == null ? "" : " for " + table) + " in " + settings.describe());
                } else {
                    System.out.printf("%-4s %-28s %-14s %-9s %-10s %-9s %-8s %s%n", "id", "table", "operation",
                            "phase", "copied", "backlog", "age", "last error");
                    for (Map<String, Object> r : rows) {
                        System.out.printf("%-4s %-28s %-14s %-9s %-10s %-9s %-8s %s%n", r.get("id"), r.get("table"),
                                r.get("operation"), r.get("phase"), r.get("copy_percent") + "%",
                                r.get("log_backlog") == null ? "-" : r.get("log_backlog"),
                                r.get("age_s") + "s", r.get("last_error") == null ? "" : r.get("last_error"));
                    }
                }
                return null;
            }
        });
    }

    private static Map<String, Object> row(Connection c, MigrationRecord m) throws java.sql.SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", m.id());
        r.put("table", io.pgswap.sql.QualifiedName.format(m.schema(), m.table()));
        r.put("operation", m.operation() + (m.column() == null ? "" : " " + m.column()));
        r.put("phase", m.phase().name());
        r.put("copy_percent", m.copyEndPage() == 0 ? (m.phase().ordinal() > 2 ? 100 : 0)
                : Math.min(100, m.copyNextPage() * 100 / m.copyEndPage()));
        r.put("rows_copied", m.rowsCopied());
        r.put("rows_replayed", m.rowsReplayed());
        r.put("swap_attempts", m.swapAttempts());
        Long backlog = null;
        Names n = new Names(m.id(), m.schema(), m.table());
        if (Inspector.relationExists(c, n.logTable())) {
            backlog = io.pgswap.replay.Replayer.backlog(c, n)[0]; // the cheap estimate progress and metrics use
        }
        r.put("log_backlog", backlog);
        r.put("started_at", String.valueOf(m.startedAt()));
        r.put("age_s", Duration.between(m.startedAt(), OffsetDateTime.now()).toSeconds());
        r.put("host", m.host());
        r.put("pid", m.pid());
        r.put("old_table", m.oldTable());
        r.put("last_error", m.lastError());
        return r;
    }
}
