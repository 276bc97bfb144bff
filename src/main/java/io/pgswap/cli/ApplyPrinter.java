package io.pgswap.cli;

import io.pgswap.apply.Applier;
import io.pgswap.apply.ApplyPlan;
import io.pgswap.apply.Step;
import io.pgswap.core.Tuning;
import io.pgswap.lint.TableLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** apply's plan for people (stdout) or as one JSON document, and its outcome as JSON. */
final class ApplyPrinter {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private ApplyPrinter() {
    }

    static void plan(ApplyPlan plan, int doneBefore, String where, boolean json, Tuning tuning) {
        if (json) {
            Map<String, Object> doc = header(plan);
            doc.put("dry_run", true);
            doc.put("database", where);
            doc.put("steps_done_before", doneBefore);
            doc.put("steps", steps(plan, doneBefore, null));
            doc.put("handled_by_apply", skipped(plan));
            doc.put("refusals", refusalsJson(plan));
            System.out.println(Json.write(doc));
            return;
        }
        StringBuilder out = new StringBuilder();
        out.append("pgswap apply ").append(plan.file().name()).append(" on ").append(where).append(": ")
                .append(plan.lint().statements().size()).append(" statement(s) in ").append(plan.steps().size())
                .append(" step(s)").append(doneBefore > 0 ? ", " + doneBefore + " applied by an earlier run" : "")
                .append('\n');
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            String how = s instanceof Step.Command ? "pgswap    " : s instanceof Step.Sql q && q.block() ? "block     "
                    : "as written";
            out.append(String.format("  %2d  line %-4d %s  %s%s%n", i + 1, s.line(), how, s.describe(),
                    i < doneBefore ? "   [done earlier]" : ""));
            String indent = "                        ";
            if (s instanceof Step.Sql q) {
                if (!q.locks().isEmpty()) {
                    out.append(indent).append(locks(q.locks())).append(", each wait bounded by lock_timeout ")
                            .append(tuning.lockTimeout().toMillis()).append(" ms and retried").append('\n');
                }
                if (q.noTransaction() != null) {
                    out.append(indent).append("outside a transaction (").append(q.noTransaction()).append(")\n");
                }
                if (q.note() != null) {
                    out.append(indent).append(q.note()).append('\n');
                }
            } else if (s instanceof Step.Command c) {
                out.append(indent).append("because ").append(c.because()).append('\n');
            }
        }
        if (!plan.skipped().isEmpty()) {
            out.append("handled by apply itself:\n");
            for (ApplyPlan.Skipped k : plan.skipped()) {
                out.append(String.format("      line %-4d %s: %s%n", k.line(), k.statement(), k.why()));
            }
        }
        if (!plan.refusals().isEmpty()) {
            out.append("refused (nothing runs until each is resolved):\n");
            for (ApplyPlan.Refusal r : plan.refusals()) {
                out.append(String.format("      line %-4d %s%s%n", r.line(), r.rule() == null ? "" : r.rule() + ": ",
                        r.message()));
                if (r.advice() != null) {
                    out.append("                instead: ").append(r.advice()).append('\n');
                }
            }
        }
        System.out.print(out);
        System.out.flush();
    }

    /** Before a run that is refused: every refusal, on stderr. */
    static void refusals(ApplyPlan plan, boolean json) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("outcome", "refused");
            doc.put("exit_code", 3);
            doc.putAll(header(plan));
            doc.put("message", plan.file().name() + ": " + plan.refusals().size() + " statement(s) refused, nothing ran");
            doc.put("refusals", refusalsJson(plan));
            System.out.println(Json.write(doc));
        }
        for (ApplyPlan.Refusal r : plan.refusals()) {
            LOG.error("pgswap: {}:{}: {}{}{}", plan.file().name(), r.line(), r.rule() == null ? "" : r.rule() + ": ",
                    r.message(), r.advice() == null ? "" : "; instead: " + r.advice());
        }
    }

    static Map<String, Object> outcomeJson(ApplyPlan plan, Applier.Outcome o) {
        Map<String, Object> doc = header(plan);
        doc.put("outcome", o.outcome());
        doc.put("exit_code", 0);
        doc.put("message", o.message());
        doc.put("steps_done_before", o.stepsBefore());
        doc.put("steps", steps(plan, o.stepsBefore(), o.steps()));
        doc.put("old_tables", o.oldTables());
        return doc;
    }

    private static Map<String, Object> header(ApplyPlan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", plan.file().path().toString());
        doc.put("name", plan.file().name());
        doc.put("checksum", plan.file().checksum());
        doc.put("statements", plan.lint().statements().size());
        return doc;
    }

    private static List<Map<String, Object>> steps(ApplyPlan plan, int doneBefore, List<Applier.StepOutcome> ran) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", i + 1);
            m.put("line", s.line());
            if (s instanceof Step.Sql q) {
                m.put("run", q.block() ? "block" : "as_written");
                m.put("statements", q.statements());
                m.put("locks", q.locks().stream().map(l -> Map.of("table", l.tableDisplay(), "mode", l.mode().sql()))
                        .toList());
                m.put("outside_transaction", q.noTransaction() != null);
                m.put("note", q.note());
            } else if (s instanceof Step.Command c) {
                m.put("run", "pgswap");
                m.put("command", c.describe());
                m.put("argv", c.argv());
                m.put("because", c.because());
            }
            String status = i < doneBefore ? "done_earlier" : ran == null ? "planned" : "not_run";
            if (ran != null) {
                for (Applier.StepOutcome o : ran) {
                    if (o.number() == i + 1) {
                        status = o.status();
                        m.put("ms", o.millis());
                        m.put("result", o.message());
                    }
                }
            }
            m.put("status", status);
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> skipped(ApplyPlan plan) {
        return plan.skipped().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", k.line());
            m.put("statement", k.statement());
            m.put("why", k.why());
            return m;
        }).toList();
    }

    private static List<Map<String, Object>> refusalsJson(ApplyPlan plan) {
        return plan.refusals().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", r.line());
            m.put("rule", r.rule());
            m.put("message", r.message());
            m.put("instead", r.advice());
            return m;
        }).toList();
    }

    private static String locks(List<TableLock> locks) {
        List<String> out = new ArrayList<>();
        for (TableLock l : locks) {
            out.add(l.mode().sql() + " on " + l.tableDisplay() + " (blocks " + l.blocks() + ")");
        }
        return String.join("; ", out.stream().distinct().toList());
    }
}
