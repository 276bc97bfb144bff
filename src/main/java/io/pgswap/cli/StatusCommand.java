package io.pgswap.cli;

import io.pgswap.catalog.Inspector;
import io.pgswap.core.Names;
import io.pgswap.core.Target;
import io.pgswap.db.ConnectionSettings;
import io.pgswap.db.Db;
import io.pgswap.db.Rows;
import io.pgswap.db.SessionSettings;
import io.pgswap.engine.Resume;
import io.pgswap.replay.Replayer;
import io.pgswap.sql.QualifiedName;
import io.pgswap.state.AppliedFiles;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.RunLock;
import io.pgswap.state.StateAccess;
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

@Command(name = "status", sortOptions = false,
        description = {"Show pgswap's migrations in the database: step, progress, log backlog, age, errors.",
            "",
            "Unfinished migrations by default; an orphaned one (its state row names a table OID that is not "
                    + "the table any more, as after a restore from a dump) is marked so; 'pgswap abort TABLE' removes "
                    + "it. Without a table, also the migration files 'pgswap apply' has not finished (with --all, "
                    + "every file it ran), and how many of their steps are done.",
            "",
            "A revert window that is over (--revert-window) ends when status notices it: its reverse trigger "
                    + "is dropped from the table (a lock of milliseconds, bounded by --lock-timeout) and its log "
                    + "removed, as a later run or 'pgswap cleanup' would do."},
        footer = {"", "Examples:", "  pgswap status", "  pgswap status orders --all --output json"})
final class StatusCommand implements Callable<Integer> {
    private static final String[] COLUMNS = {"id", "table", "operation", "phase", "copied", "backlog", "age", "note"};

    @Parameters(index = "0", arity = "0..1", paramLabel = "[SCHEMA.]TABLE", description = "Only this table.")
    String table;

    @Option(names = "--all", description = "Include finished and aborted migrations.")
    boolean all;

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
            ConnectionSettings settings = connection.resolve();
            try (Db db = Db.open(settings, new SessionSettings(Duration.ofMillis(500), Duration.ofMinutes(1)), 1);
                 Connection c = db.connection()) {
                StateAccess.check(c, StateAccess.Need.READ);
                // a revert window that is over ends when status notices it (as a later run or cleanup would)
                try {
                    for (String ended : io.pgswap.engine.Windows.endExpired(c, io.pgswap.retry.Clock.SYSTEM,
                            io.pgswap.core.Tuning.defaults())) {
                        org.slf4j.LoggerFactory.getLogger("pgswap").info("ended {}", ended);
                    }
                } catch (java.sql.SQLException e) {
                    if (!io.pgswap.db.PgErrors.is(e, io.pgswap.db.PgErrors.INSUFFICIENT_PRIVILEGE)) {
                        throw e;
                    }
                    // a role that may only read the state (a monitoring role) leaves an expired window to a run or cleanup
                    org.slf4j.LoggerFactory.getLogger("pgswap").debug("expired revert windows left: {}",
                            io.pgswap.db.PgErrors.message(e));
                }
                Long oid = null;
                if (table != null) {
                    Target t = Target.parse(table);
                    oid = new Inspector(c).resolveTable(t.schema(), t.table());
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (MigrationRecord m : StateStore.all(c)) {
                    if ((oid != null && m.tableOid() != oid) || (!all && !m.isActive())) {
                        continue;
                    }
                    rows.add(row(c, m));
                }
                List<Map<String, Object>> files = new ArrayList<>();
                if (table == null) {
                    for (AppliedFiles.Entry e : AppliedFiles.all(c)) {
                        if (all || !e.finished()) {
                            files.add(fileRow(e));
                        }
                    }
                }
                if (output.json()) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("migrations", rows);
                    doc.put("files", files);
                    System.out.println(Json.write(doc));
                    return null;
                }
                if (rows.isEmpty()) {
                    System.err.println("no " + (all ? "" : "unfinished ") + "pgswap migrations"
                            + (table == null ? "" : " for " + table) + " in " + settings.describe());
                } else {
                    print(rows);
                }
                if (!files.isEmpty()) {
                    if (!rows.isEmpty()) {
                        System.out.println();
                    }
                    System.out.println("migration files (pgswap apply):");
                    for (Map<String, Object> f : files) {
                        System.out.println("  " + f.get("name") + "  " + f.get("steps_done") + "/" + f.get("steps")
                                + " steps, " + (Boolean.TRUE.equals(f.get("finished")) ? "applied"
                                : "unfinished ('pgswap apply' of the same file continues it, also after a "
                                + "'pgswap resume' of its migration)")
                                + ", updated " + f.get("age_s") + "s ago"
                                + (f.get("last_error") == null ? "" : "; last error: " + f.get("last_error")));
                    }
                }
                return null;
            }
        });
    }

    /** A table whose columns are as wide as their widest value (the note column last, unpadded). */
    private static void print(List<Map<String, Object>> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(COLUMNS);
        for (Map<String, Object> r : rows) {
            cells.add(new String[] {String.valueOf(r.get("id")), String.valueOf(r.get("table")),
                String.valueOf(r.get("operation")), String.valueOf(r.get("phase")),
                r.get("copy_percent") == null ? "-" : r.get("copy_percent") + "%",
                r.get("log_backlog") == null ? "-" : String.valueOf(r.get("log_backlog")), r.get("age_s") + "s",
                note(r)});
        }
        int[] width = new int[COLUMNS.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length - 1; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            System.out.println(sb.toString().stripTrailing());
        }
    }

    static String note(Map<String, Object> r) {
        List<String> parts = new ArrayList<>();
        boolean gone = Boolean.TRUE.equals(r.get("table_gone"));
        if (gone) {
            parts.add("ORPHANED: its table is gone; 'pgswap cleanup' removes what it left");
        } else if (Boolean.TRUE.equals(r.get("orphaned"))) {
            parts.add("ORPHANED: its state row names another table OID; 'pgswap abort " + r.get("table") + "' removes it");
        }
        if (r.get("pending") instanceof List<?> p && !p.isEmpty()) {
            parts.add("leaves " + String.join(", ", p.stream().map(String::valueOf).toList()));
        }
        boolean stopped = Boolean.FALSE.equals(r.get("running")) && !"revert-window".equals(r.get("phase"));
        if (r.get("waiting") != null) {
            parts.add(String.valueOf(r.get("waiting")));
        } else if (stopped && !gone) {
            boolean swapped = "swap".equals(r.get("recipe")) && List.of("finish", "revert-finish").contains(r.get("phase"));
            parts.add("not running (no pgswap session works on it: it stopped or was killed); "
                    + (swapped ? "it has swapped, so there is nothing before the swap to undo: 'pgswap resume' "
                    + "finishes it" : "'pgswap resume' continues it, 'pgswap abort " + r.get("table")
                    + "' removes what it made"));
        }
        if (r.get("revert_until") != null && "revert-window".equals(r.get("phase"))) {
            parts.add("revert window open until " + r.get("revert_until") + ": 'pgswap revert " + r.get("table")
                    + "' swaps back");
        } else if (r.get("reverted_at") != null) {
            parts.add("reverted at " + r.get("reverted_at"));
        } else if (r.get("revert_until") != null && !MigrationRecord.isActive(String.valueOf(r.get("phase")))) {
            parts.add("revert window ended " + r.get("revert_until"));
        }
        if (r.get("last_error") != null) {
            parts.add("last error: " + r.get("last_error"));
        }
        return String.join("; ", parts);
    }

    private static Map<String, Object> fileRow(AppliedFiles.Entry e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", e.name());
        r.put("checksum", e.checksum());
        r.put("steps", e.stepHashes().size());
        r.put("steps_done", e.stepsDone());
        r.put("finished", e.finished());
        r.put("age_s", java.time.Duration.between(e.updatedAt(), java.time.OffsetDateTime.now()).toSeconds());
        r.put("pid", e.pid());
        r.put("last_error", e.lastError());
        return r;
    }

    private static Map<String, Object> row(Connection c, MigrationRecord m) throws java.sql.SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", m.id());
        r.put("table", QualifiedName.format(m.schema(), m.table()));
        r.put("operation", Resume.describe(m));
        r.put("recipe", m.recipe());
        r.put("phase", m.phase());
        boolean orphaned = Resume.orphaned(c, m);
        r.put("orphaned", orphaned);
        // no table of that name any more (dropped): abort has nothing to name, cleanup removes the leftovers
        r.put("table_gone", orphaned && !io.pgswap.db.Rows.bool(c, io.pgswap.sql.Statement.of(
                "SELECT to_regclass(?) IS NOT NULL", io.pgswap.sql.Sql.qualified(m.schema(), m.table()))));
        r.put("copy_percent", m.copyEndPage() == 0 ? null : Math.min(100, m.copyNextPage() * 100 / m.copyEndPage()));
        r.put("rows_copied", m.rowsCopied());
        r.put("rows_replayed", m.rowsReplayed());
        r.put("swap_attempts", m.swapAttempts());
        Long backlog = null;
        Names n = new Names(m.id(), m.schema(), m.table());
        if ("revert-window".equals(m.phase()) || "revert-finish".equals(m.phase())) {
            n = n.reversed(); // the backlog that matters now is the reverse log's
        }
        if (m.isActive() && m.isSwap() && Rows.relationExists(c, n.logTable())) {
            backlog = Replayer.backlog(c, n)[0]; // the cheap estimate progress and metrics use
        }
        var revert = StateStore.revertState(c, m.id()).orElse(null);
        r.put("revert_until", revert == null || revert.until() == null ? null : String.valueOf(revert.until()));
        r.put("reverted_at", revert == null || revert.revertedAt() == null ? null : String.valueOf(revert.revertedAt()));
        r.put("log_backlog", backlog);
        r.put("pending", m.pending());
        r.put("started_at", String.valueOf(m.startedAt()));
        r.put("age_s", Duration.between(m.startedAt(), OffsetDateTime.now()).toSeconds());
        r.put("host", m.host());
        r.put("pid", m.pid());
        r.put("old_table", m.oldTable() == null ? null : io.pgswap.sql.QualifiedName.format(m.schema(), m.oldTable()));
        // a run holds the table's advisory run lock for as long as it works: without it, it stopped or was killed
        Boolean running = m.isActive() ? RunLock.heldBy(c, m.tableOid()).isPresent() : null;
        // what a run waits for (a pause, a parked swap) holds while it runs; a run that was killed waits for nothing
        // (a swap parked by --no-swap stays so after its run ends; a pause ends with the run)
        r.put("waiting", Boolean.FALSE.equals(running) && m.waiting() != null && m.waiting().startsWith("paused")
                ? null : m.waiting());
        // what 'pgswap resume' goes on with (a state schema older than step 7 has none recorded)
        r.put("run_options", io.pgswap.state.StateSchema.version(c) >= 7 ? StateStore.runOptions(c, m.id())
                : List.of());
        r.put("running", running);
        r.put("last_error", m.lastError());
        return r;
    }
}
