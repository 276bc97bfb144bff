package io.pgswap.lint;

import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** What {@link Analyzer} found out about one statement, collected while it looks at the parts. */
final class Analysis {
    private final String kind;
    private final FileContext context;
    private final Commands commands;
    private final Map<String, TableLock> locks = new LinkedHashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private Work work = Work.NONE;
    private String needsNoTransaction;
    private Suggestion recipe;

    Analysis(String kind, FileContext context) {
        this.kind = kind;
        this.context = context;
        this.commands = new Commands(context::forCommand);
    }

    String kind() {
        return kind;
    }

    /** The pgswap commands suggested for this statement, naming its tables as they run (see {@link FileContext#forCommand}). */
    Commands commands() {
        return commands;
    }

    FileContext context() {
        return context;
    }

    List<TableLock> locks() {
        return List.copyOf(locks.values());
    }

    Work work() {
        return work;
    }

    List<Finding> findings() {
        return findings;
    }

    /** What the statement is, when PostgreSQL refuses to run it inside a transaction block; else null. */
    String needsNoTransaction() {
        return needsNoTransaction;
    }

    void lock(RelationName table, LockMode mode) {
        locks.merge("t:" + table.display(), new TableLock(table, mode, false),
                (a, b) -> new TableLock(a.table(), a.mode().max(b.mode()), false));
    }

    void lockViaIndex(RelationName index, LockMode mode) {
        locks.merge("i:" + index.display(), new TableLock(index, mode, true),
                (a, b) -> new TableLock(a.table(), a.mode().max(b.mode()), true));
    }

    void work(Work w) {
        work = work.max(w);
    }

    void needsNoTransaction(String what) {
        needsNoTransaction = what;
    }

    /** A CONCURRENTLY statement that a pgswap command does the same as, with its leftovers handled; or null. */
    Suggestion recipe() {
        return recipe;
    }

    void recipe(Suggestion s) {
        recipe = s;
    }

    void add(Rule rule, Source at, RelationName table, LockMode lock, Work w, String reason, Suggestion instead) {
        add(rule, rule.defaultSeverity(), at, table, lock, w, reason, instead);
    }

    void add(Rule rule, Source at, RelationName table, LockMode lock, Work w, String reason, String advice) {
        add(rule, rule.defaultSeverity(), at, table, lock, w, reason, Suggestion.advice(advice));
    }

    /**
     * Adds a finding. When its harm grows with the table, a table created earlier in this file
     * (empty, unused) or one the database says is small makes it info, and the reason says why.
     */
    void add(Rule rule, Severity severity, Source at, RelationName table, LockMode lock, Work w, String reason,
             Suggestion instead) {
        findings.add(sized(context, rule, severity, at, table, lock, w, reason, instead));
    }

    /** The finding, made info when its harm grows with the table and the table is new or small (see {@link #add}). */
    static Finding sized(FileContext context, Rule rule, Severity severity, Source at, RelationName table, LockMode lock,
                         Work w, String reason, Suggestion instead) {
        Severity s = severity;
        String why = reason;
        if (rule.dependsOnTableSize() && table != null && s != Severity.INFO) {
            OptionalLong bytes = context.size(table);
            if (context.createdHere(table)) {
                s = Severity.INFO;
                why += "; but " + table.display() + " is created earlier in this file, so no running code uses it yet";
            } else if (bytes.isPresent() && bytes.getAsLong() < Sizes.SMALL_TABLE_BYTES) {
                s = Severity.INFO;
                why += "; but " + table.display() + " is only " + Sizes.format(bytes.getAsLong())
                        + " (under " + Sizes.format(Sizes.SMALL_TABLE_BYTES) + "), so the lock is held only briefly";
            } else if (bytes.isPresent()) {
                why += " (" + table.display() + " is " + Sizes.format(bytes.getAsLong()) + ")";
            }
        }
        return new Finding(rule, s, at.line(), at.column(), table == null ? null : table.display(), lock, w,
                why, instead == null ? null : instead.text(), at.offset(),
                instead == null ? java.util.List.of() : instead.commands());
    }

    /** A rename or drop: harmless on a table created in this file, which no running code uses yet. */
    void compatibility(Rule rule, Source at, RelationName table, LockMode lock, String reason, String instead) {
        if (!context.createdHere(table)) {
            add(rule, at, table, lock, Work.CATALOG, reason, instead);
        }
    }
}
