package io.pgswap.apply;

import io.pgswap.lint.Rule;
import io.pgswap.lint.StatementResult;
import io.pgswap.lint.TableLock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An explicit BEGIN ... COMMIT block of a migration file, as apply reads it: its statements, and whether it locks several tables. */
final class Block {
    final int line;
    /** The transaction modes its BEGIN or START TRANSACTION gave ("ISOLATION LEVEL SERIALIZABLE"), or null. */
    final String modes;
    final List<StatementResult> statements = new ArrayList<>();
    boolean severalTables;

    Block(int line, String begin) {
        this.line = line;
        this.modes = modes(begin);
    }

    private static final java.util.regex.Pattern BEGIN = java.util.regex.Pattern.compile(
            "(?is)^(?:\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(?:BEGIN|START)(?:\\s+(?:WORK|TRANSACTION))?\\s*(.*?)[\\s;]*$");

    /** What follows BEGIN [WORK | TRANSACTION] or START TRANSACTION, or null when nothing does. */
    static String modes(String begin) {
        java.util.regex.Matcher m = BEGIN.matcher(begin);
        if (!m.matches() || m.group(1).isBlank()) {
            return null;
        }
        return m.group(1).strip().replaceAll("\\s+", " ");
    }

    /** The deadlock explanation, and the statements grouped by the table they lock, as the split to make. */
    ApplyPlan.Refusal severalTablesRefusal() {
        Map<String, List<Integer>> byTable = new LinkedHashMap<>();
        List<String> both = new ArrayList<>();
        for (StatementResult sr : statements) {
            List<String> strong = sr.locks().stream().filter(l -> l.mode().blocksWrites())
                    .map(TableLock::tableDisplay).distinct().toList();
            int at = sr.statement().source().line();
            if (strong.size() > 1) {
                both.add("line " + at + " locks " + String.join(" and ", strong) + " itself and needs a "
                        + "transaction of its own");
            }
            if (!strong.isEmpty()) {
                byTable.computeIfAbsent(strong.get(0), k -> new ArrayList<>()).add(at);
            }
        }
        List<String> groups = new ArrayList<>();
        byTable.forEach((table, lines) -> groups.add("BEGIN; the statement" + (lines.size() == 1 ? " at line "
                : "s at lines ") + join(lines) + " (" + table + "); COMMIT;"));
        String tables = String.join(", ", byTable.keySet());
        return new ApplyPlan.Refusal(line, Rule.PGS010.id(), "the transaction block that begins at line " + line
                + " takes write-blocking locks on " + tables + ": an application transaction that uses them in the "
                + "other order deadlocks with it, and every table stays blocked until its COMMIT",
                "split it into one block per table: " + String.join(" ", groups)
                        + (both.isEmpty() ? "" : " (" + String.join("; ", both) + ")"));
    }

    private static String join(List<Integer> lines) {
        return String.join(", ", lines.stream().map(String::valueOf).toList());
    }
}
