package io.pgswap.lint;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The human report: per file, each finding with its position, lock, reason and the safe command. */
final class TextReport {
    private static final int EXCERPT = 100;

    private TextReport() {
    }

    static void write(LintResult result, PrintStream out) {
        out.println("pgswap lint: target " + result.target().describe()
                + (result.singleTransaction() ? "; each file runs in one transaction" : ""));
        for (FileResult f : result.files()) {
            out.println();
            out.println(f.file());
            List<Item> items = new ArrayList<>();
            for (StatementResult s : f.statements()) {
                for (Finding finding : s.findings()) {
                    items.add(new Item(finding.line(), finding.column(), s, finding, null));
                }
            }
            for (FileResult.SyntaxError e : f.syntaxErrors()) {
                items.add(new Item(e.line(), e.column(), null, null, e));
            }
            items.sort(Comparator.comparingInt(Item::line).thenComparingInt(Item::column));
            if (f.unreadable() != null) {
                out.println("  not checked: " + f.unreadable());
            } else if (items.isEmpty()) {
                out.println("  no findings (" + plural(f.statements().size(), "statement") + ")");
            }
            for (Item i : items) {
                print(i, out);
            }
        }
        out.println();
        out.println(plural(result.files().size(), "file") + ", " + plural(result.statementCount(), "statement") + ": "
                + plural(result.count(Severity.ERROR), "error") + ", " + plural(result.count(Severity.WARNING), "warning")
                + ", " + result.count(Severity.INFO) + " info"
                + (result.syntaxErrorCount() == 0 ? "" : ", " + plural(result.syntaxErrorCount(), "statement")
                        + " that cannot be parsed")
                + (result.unreadableCount() == 0 ? "" : ", " + plural(result.unreadableCount(), "file")
                        + " that cannot be read"));
    }

    private record Item(int line, int column, StatementResult statement, Finding finding,
                        FileResult.SyntaxError error) {
    }

    private static void print(Item i, PrintStream out) {
        String at = "  " + i.line() + ":" + i.column();
        if (i.error() != null) {
            out.printf("%-10s %-8s %s %s%n", at, "error", Rule.PGS000.id(), Rule.PGS000.slug());
            out.println("      " + i.error().message() + "; the statement cannot be checked (nothing was skipped "
                    + "silently: fix it, or lint the file without it)");
            return;
        }
        Finding f = i.finding();
        out.printf("%-10s %-8s %s %s%s%n", at, f.severity().label(), f.rule().id(), f.rule().slug(),
                f.table() == null ? "" : "  " + f.table());
        out.println("      > " + excerpt(i.statement().statement().source().text()));
        out.println("      " + f.reason());
        if (f.lock() != null) {
            out.println("      lock: " + f.lock().sql() + (f.table() == null ? "" : " on " + f.table()) + ", blocks "
                    + TableLock.blocks(f.lock()) + "; " + f.work().description());
        }
        if (f.instead() != null) {
            out.println("      instead: " + f.instead());
        }
    }

    private static String excerpt(String text) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < text.length() && out.length() < EXCERPT; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.length() >= EXCERPT ? out + " ..." : out.toString();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
