package io.pgswap.cli;

import io.pgswap.catalog.LockLevel;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Plan;
import io.pgswap.plan.PlanStep;
import io.pgswap.sql.Statement;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a plan for people (text) and for machines (JSON). */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void print(Plan plan, String connection, boolean json) {
        if (json) {
            System.out.println(Json.write(json(plan, connection)));
        } else {
            text(plan, connection, System.out);
        }
    }

    static void text(Plan p, String connection, PrintStream out) {
        out.printf("pgswap plan (dry run: nothing was changed)%n");
        out.printf("  connection   %s%n", connection);
        out.printf("  table        %s (PostgreSQL %s)%n", p.table(), version(p.serverVersionNum()));
        out.printf("  operation    %s%n", p.request());
        out.printf("  recipe       %s: %s%n", p.recipe(), p.why());
        out.printf("  size         heap %s, indexes %s, TOAST %s; about %,d rows%n", mb(p.heapBytes()),
                mb(p.indexBytes()), mb(p.toastBytes()), p.estimatedRows());
        out.printf("  key          %s%n%n", p.key() == null ? "none" : p.key());
        int i = 1;
        for (PlanStep s : p.steps()) {
            out.printf("%d. %s: %s%n", i++, s.name(), s.description());
            out.printf("   lock: %s; estimate %s%s%n", locks(s), human(s.estimate().toMillis()),
                    s.transactional() ? "" : "; runs outside a transaction");
            if (s.note() != null) {
                out.printf("   note: %s%n", s.note());
            }
            for (Statement sql : s.sql()) {
                for (String line : sql.text().split("\n")) {
                    out.printf("     %s%n", line);
                }
                if (!sql.params().isEmpty()) {
                    out.printf("     -- values: %s%n", values(sql));
                }
            }
            out.println();
        }
        if (!p.findings().isEmpty()) {
            out.println("Preflight:");
            for (Plan.Finding f : p.findings()) {
                out.printf("  [%s] %s%n", f.severity(), f.message());
            }
            out.println();
        }
        out.println("Alternatives:");
        for (Plan.Alternative a : p.alternatives()) {
            out.printf("  %s: %s%n", a.name(), a.cost());
            for (String sql : a.sql()) {
                out.printf("     %s;%n", sql);
            }
        }
    }

    /** "SHARE ROW EXCLUSIVE on "public"."orders" (blocks writes (reads continue))" for each lock, or "none". */
    static String locks(PlanStep s) {
        if (s.locks().isEmpty() || s.strongest() == LockLevel.NONE) {
            return "none on the table";
        }
        return s.locks().stream().map(l -> l.level().mode() + " on " + l.relation()).collect(Collectors.joining(", "))
                + ", blocks " + s.strongest().blocks().text();
    }

    private static String values(Statement s) {
        return s.params().stream().map(v -> v instanceof String str ? "'" + str.replace("'", "''") + "'"
                : String.valueOf(v)).collect(Collectors.joining(", "));
    }

    static Map<String, Object> json(Plan p, String connection) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dry_run", true);
        doc.put("connection", connection);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("table", p.table());
        target.put("operation", p.operation());
        target.put("request", p.request());
        Map<String, Object> args = Json.toMap(p.args());
        args.remove("table");
        target.put("args", args);
        if (args.get("column") != null) {
            target.put("column", args.get("column"));
        }
        target.put("recipe", p.recipe());
        target.put("why", p.why());
        target.put("server_version_num", p.serverVersionNum());
        target.put("heap_bytes", p.heapBytes());
        target.put("index_bytes", p.indexBytes());
        target.put("toast_bytes", p.toastBytes());
        target.put("estimated_rows", p.estimatedRows());
        target.put("key", p.key());
        doc.put("target", target);
        List<Object> steps = new ArrayList<>();
        for (PlanStep s : p.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.name());
            m.put("phase", s.name());
            m.put("description", s.description());
            List<Object> locks = new ArrayList<>();
            for (LockUse l : s.locks()) {
                locks.add(Map.of("relation", l.relation(), "mode", l.level().mode(),
                        "blocks", l.level().blocks().name().toLowerCase()));
            }
            m.put("locks", locks);
            m.put("lock", s.strongest().mode());
            m.put("lock_target", s.locks().stream().filter(l -> l.level() == s.strongest()).map(LockUse::relation)
                    .findFirst().orElse(null));
            m.put("blocks", s.strongest().blocks().name().toLowerCase());
            m.put("transactional", s.transactional());
            m.put("estimate_ms", s.estimate().toMillis());
            m.put("note", s.note());
            m.put("sql", s.sql().stream().map(Statement::text).toList());
            m.put("values", s.sql().stream().map(Statement::params).toList());
            steps.add(m);
        }
        doc.put("steps", steps);
        List<Object> findings = new ArrayList<>();
        for (Plan.Finding f : p.findings()) {
            findings.add(Map.of("severity", f.severity(), "message", f.message()));
        }
        doc.put("findings", findings);
        List<Object> alts = new ArrayList<>();
        for (Plan.Alternative a : p.alternatives()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("cost", a.cost());
            m.put("sql", a.sql());
            alts.add(m);
        }
        doc.put("alternatives", alts);
        return doc;
    }

    static String version(int num) {
        return (num / 10000) + "." + (num % 10000);
    }

    static String mb(long bytes) {
        return bytes < 1024 * 1024 ? (bytes / 1024) + " kB" : String.format("%,d MB", bytes / (1024 * 1024));
    }

    static String human(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format("%.1f s", ms / 1000.0);
        }
        return String.format("%d min", ms / 60_000);
    }
}
