package io.pgswap.cli;

import io.pgswap.plan.Plan;
import io.pgswap.plan.Step;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a plan for people (text) and for machines (JSON). */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void text(Plan p, String connection, PrintStream out) {
        out.printf("pgswap plan (dry run: nothing was changed)%n");
        out.printf("  connection   %s%n", connection);
        out.printf("  table        %s (PostgreSQL %s)%n", p.table(), version(p.serverVersionNum()));
        out.printf("  operation    %s%s%n", p.operation(), p.column() == null ? "" : " " + p.column());
        out.printf("  size         heap %s, indexes %s, TOAST %s; about %,d rows%n", mb(p.heapBytes()),
                mb(p.indexBytes()), mb(p.toastBytes()), p.estimatedRows());
        out.printf("  key          %s%n%n", p.key());
        int i = 1;
        for (Step s : p.steps()) {
            out.printf("%d. %s: %s%n", i++, s.phase(), s.description());
            if (s.lock() == io.pgswap.plan.LockLevel.NONE) {
                out.printf("   lock: none on %s; estimate %s%n", s.lockTarget(), human(s.estimate().toMillis()));
            } else {
                out.printf("   lock: %s on %s, blocks %s; estimate %s%n", s.lock().mode(), s.lockTarget(),
                        s.lock().blocks().text(), human(s.estimate().toMillis()));
            }
            if (s.note() != null) {
                out.printf("   note: %s%n", s.note());
            }
            for (String sql : s.sql()) {
                for (String line : sql.split("\n")) {
                    out.printf("     %s%n", line);
                }
            }
            out.println();
        }
        out.println("Preflight:");
        for (Plan.Finding f : p.findings()) {
            out.printf("  [%s] %s%n", f.severity(), f.message());
        }
        out.println();
        out.println("Alternatives:");
        for (Plan.Alternative a : p.alternatives()) {
            out.printf("  %s: %s%n", a.name(), a.cost());
            for (String sql : a.sql()) {
                out.printf("     %s;%n", sql);
            }
        }
    }

    static Map<String, Object> json(Plan p, String connection) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dry_run", true);
        doc.put("connection", connection);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("table", p.table());
        target.put("operation", p.operation());
        target.put("column", p.column());
        target.put("server_version_num", p.serverVersionNum());
        target.put("heap_bytes", p.heapBytes());
        target.put("index_bytes", p.indexBytes());
        target.put("toast_bytes", p.toastBytes());
        target.put("estimated_rows", p.estimatedRows());
        target.put("key", p.key());
        doc.put("target", target);
        List<Object> steps = new ArrayList<>();
        for (Step s : p.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("phase", s.phase());
            m.put("description", s.description());
            m.put("lock", s.lock().mode());
            m.put("lock_target", s.lockTarget());
            m.put("blocks", s.lock().blocks().name().toLowerCase());
            m.put("estimate_ms", s.estimate().toMillis());
            m.put("note", s.note());
            m.put("sql", s.sql());
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
