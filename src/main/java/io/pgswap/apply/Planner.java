package io.pgswap.apply;

import io.pgswap.lint.FileResult;
import io.pgswap.lint.Finding;
import io.pgswap.lint.Rule;
import io.pgswap.lint.StatementResult;
import io.pgswap.lint.TableLock;
import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a linted migration file into apply's steps. A statement lint finds harmless as written
 * runs as written; one that would hold a blocking lock for as long as the table is big runs as the
 * pgswap commands lint suggests for it (an ALTER TABLE is split between its subcommands, the
 * harmless ones kept together as written); CREATE INDEX and REINDEX CONCURRENTLY run as
 * add-index and reindex, which clean up an INVALID leftover. A statement with no recipe, a
 * block that locks several tables or holds a risky statement, and a statement PostgreSQL refuses
 * where it stands are refusals: nothing runs.
 */
public final class Planner {
    private final MigrationFile file;
    private final FileResult lint;
    private final Set<String> allowBlocking;
    private final List<Step> steps = new ArrayList<>();
    private final List<ApplyPlan.Refusal> refusals = new ArrayList<>();
    private final List<ApplyPlan.Skipped> skipped = new ArrayList<>();
    private Block block;

    private Planner(MigrationFile file, FileResult lint, Set<String> allowBlocking) {
        this.file = file;
        this.lint = lint;
        this.allowBlocking = normalized(allowBlocking);
    }

    /**
     * @param allowBlocking statements to run as written although they block: a statement's first
     *                      line number, or a rule id (PGS008) for every statement it flags
     */
    public static ApplyPlan plan(MigrationFile file, FileResult lint, Set<String> allowBlocking) {
        Planner p = new Planner(file, lint, allowBlocking);
        p.build();
        return new ApplyPlan(file, p.steps, p.refusals, p.skipped, lint);
    }

    private void build() {
        for (StatementResult sr : lint.statements()) {
            Statement s = sr.statement();
            int line = s.source().line();
            if (s instanceof Statement.Begin) {
                if (block != null) {
                    skip(s, "BEGIN inside a transaction block: PostgreSQL only warns, the block goes on");
                } else {
                    block = new Block(line, s.source().text());
                }
            } else if (s instanceof Statement.Commit c && c.chain() || s instanceof Statement.Rollback r && r.chain()) {
                refusals.add(new ApplyPlan.Refusal(line, null, "AND CHAIN starts the next transaction block at once; "
                        + "apply runs each block on its own", "end the block with COMMIT and start the next with BEGIN"));
                block = null;
            } else if (s instanceof Statement.Commit || s instanceof Statement.Rollback) {
                if (block == null) {
                    skip(s, "no transaction block is open here: PostgreSQL only warns");
                } else {
                    endBlock(s instanceof Statement.Rollback, s);
                }
            } else if (isLockTimeout(s)) {
                skip(s, "apply bounds every lock itself (--lock-timeout) and retries");
            } else if (block != null) {
                inBlock(sr);
            } else {
                single(sr);
            }
        }
        if (block != null) {
            refusals.add(new ApplyPlan.Refusal(block.line, null, "the BEGIN at line " + block.line + " has no COMMIT: "
                    + "the transaction would stay open until the session ends and then roll back",
                    "end the block with COMMIT"));
        }
    }

    private static boolean isLockTimeout(Statement s) {
        return (s instanceof Statement.SetParameter p && p.name().equals("lock_timeout"))
                || (s instanceof Statement.ResetParameter r && "lock_timeout".equals(r.name()));
    }

    private void skip(Statement s, String why) {
        skipped.add(new ApplyPlan.Skipped(s.source().line(), Step.oneLine(s.source().text()), why));
    }

    // ---- statements on their own

    private void single(StatementResult sr) {
        Statement s = sr.statement();
        int line = s.source().line();
        if (s instanceof Statement.Other o && o.kind().equals(Statement.COPY_FROM_STDIN)) {
            refusals.add(new ApplyPlan.Refusal(line, null, "COPY ... FROM STDIN reads its rows from the file that "
                    + "follows it, and apply sends statements, not data", "load the rows with psql (psql -f FILE), "
                    + "or write them as INSERT statements"));
            return;
        }
        List<Finding> blocking = sr.findings().stream().filter(Finding::blocking).toList();
        if (blocking.isEmpty()) {
            if (!sr.recipe().isEmpty() && sr.recipe().stream().allMatch(a -> OperationArgs.problem(a).isEmpty())) {
                for (List<String> argv : sr.recipe()) {
                    steps.add(new Step.Command(line, argv, sr.noTransaction() + " as written leaves an INVALID "
                            + "index behind when it fails; the pgswap command drops it and retries"));
                }
                return;
            }
            steps.add(asWritten(sr, s.source().text(), null));
            return;
        }
        if (allowed(line, blocking)) {
            steps.add(asWritten(sr, s.source().text(), "allowed by --allow-blocking: " + blocking.get(0).rule().id()
                    + " " + blocking.get(0).reason()));
            return;
        }
        if (s instanceof Statement.AlterTable at && at.actions().size() > 1) {
            split(sr, at, blocking);
            return;
        }
        commands(sr, line, blocking);
    }

    private Step.Sql asWritten(StatementResult sr, String sql, String note) {
        return new Step.Sql(sr.statement().source().line(), List.of(sql), sr.locks(), false, false,
                sr.noTransaction(), note, role(sr.statement()));
    }

    /** set_config with is_local false, the function form of SET (pg_dump writes it); the grammar has no model of it. */
    private static final java.util.regex.Pattern SET_CONFIG = java.util.regex.Pattern.compile(
            "(?is)SELECT\\s+(?:pg_catalog\\s*\\.\\s*)?set_config\\s*\\([^;]*,\\s*false\\s*\\)");

    static Step.Role role(Statement s) {
        if (s instanceof Statement.SetParameter p && !p.local() || s instanceof Statement.ResetParameter
                || s instanceof Statement.Other && SET_CONFIG.matcher(s.source().text()).matches()) {
            return Step.Role.SESSION_SETTING;
        }
        if (s instanceof Statement.Other o && o.kind().toUpperCase(java.util.Locale.ROOT).startsWith("CALL")) {
            return Step.Role.CALL;
        }
        return Step.Role.PLAIN;
    }

    /** Runs the commands the blocking findings name, in order, each once; refuses when one has none. */
    private void commands(StatementResult sr, int line, List<Finding> blocking) {
        Set<List<String>> argvs = runnableCommands(line, blocking);
        if (argvs == null) {
            return;
        }
        String because = blocking.get(0).rule().id() + ": " + blocking.get(0).reason();
        addCommands(line, new ArrayList<>(argvs), because);
    }

    /**
     * The commands the findings name, each once, in order; null (with the refusal recorded) when
     * a finding has none or a command would not parse as that pgswap command.
     */
    private Set<List<String>> runnableCommands(int line, List<Finding> findings) {
        Set<List<String>> argvs = new LinkedHashSet<>();
        for (Finding f : findings) {
            if (f.commands().isEmpty()) {
                refuseNoRecipe(line, f);
                return null;
            }
            argvs.addAll(f.commands());
        }
        for (List<String> argv : argvs) {
            Optional<String> problem = OperationArgs.problem(argv);
            if (problem.isPresent()) {
                refusals.add(new ApplyPlan.Refusal(line, findings.get(0).rule().id(), findings.get(0).reason()
                        + "; and its pgswap command cannot run: " + problem.get(), allowAdvice(line, findings)));
                return null;
            }
        }
        return argvs;
    }

    private void refuseNoRecipe(int line, Finding f) {
        refusals.add(new ApplyPlan.Refusal(line, f.rule().id(), f.reason() + "; pgswap has no command that does "
                + "exactly this without the lock" + (f.instead() == null ? "" : " (lint's advice: " + f.instead() + ")"),
                allowAdvice(line, List.of(f))));
    }

    private static String allowAdvice(int line, List<Finding> blocking) {
        return "change the statement, or run it as written with --allow-blocking " + line + " (or --allow-blocking "
                + blocking.get(0).rule().id() + " for every such statement)";
    }

    /** Consecutive {@code pgswap alter} commands on one table become one command: one swap, not several. */
    private void addCommands(int line, List<List<String>> argvs, String because) {
        for (List<String> argv : argvs) {
            Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            if (last instanceof Step.Command c && c.line() == line && isAlter(c.argv()) && isAlter(argv)
                    && c.argv().get(1).equals(argv.get(1))) {
                List<String> merged = new ArrayList<>(c.argv());
                merged.set(2, c.argv().get(2) + ", " + argv.get(2));
                steps.set(steps.size() - 1, new Step.Command(line, merged, c.because()));
            } else {
                steps.add(new Step.Command(line, argv, because));
            }
        }
    }

    private static boolean isAlter(List<String> argv) {
        return argv.size() == 3 && argv.get(0).equals("alter");
    }

    /**
     * An ALTER TABLE with several subcommands, some risky: the risky ones run as their commands, the
     * harmless ones between them as ALTER TABLE statements of their own, in the order written.
     */
    private void split(StatementResult sr, Statement.AlterTable at, List<Finding> blocking) {
        int line = at.source().line();
        if (wholeAlter(sr, at, blocking)) {
            return;
        }
        List<Object> parts = new ArrayList<>(); // AlterAction (as written) or List<List<String>> (commands)
        List<String> because = new ArrayList<>(); // for each part of commands: the finding that made it one
        for (AlterAction action : at.actions()) {
            Source src = action.source();
            List<Finding> mine = blocking.stream()
                    .filter(f -> f.offset() >= src.offset() && f.offset() < src.offset() + src.text().length()).toList();
            if (mine.isEmpty()) {
                parts.add(action);
                continue;
            }
            Set<List<String>> argvs = runnableCommands(line, mine);
            if (argvs == null) {
                return;
            }
            parts.add(new ArrayList<>(argvs));
            because.add(mine.get(0).rule().id() + ": " + mine.get(0).reason());
        }
        List<AlterAction> written = new ArrayList<>();
        java.util.Iterator<String> reasons = because.iterator();
        for (Object part : parts) {
            if (part instanceof AlterAction a) {
                written.add(a);
                continue;
            }
            flush(sr, at, written);
            @SuppressWarnings("unchecked")
            List<List<String>> argvs = (List<List<String>>) part;
            addCommands(line, argvs, reasons.next());
        }
        flush(sr, at, written);
    }

    /**
     * When every risky subcommand's command is {@code pgswap alter} on this table and pgswap alter
     * takes the others too (SET DEFAULT, ADD COLUMN, ...), the whole statement is one alter: one
     * swap, instead of a swap per risky subcommand with the rest run between them (Prisma writes
     * four type changes and their defaults in one ALTER TABLE). PostgreSQL orders an ALTER TABLE's
     * subcommands by kind, not as written, so nothing depends on the split's order.
     */
    private boolean wholeAlter(StatementResult sr, Statement.AlterTable at, List<Finding> blocking) {
        String table = null;
        for (Finding f : blocking) {
            for (List<String> argv : f.commands()) {
                if (!isAlter(argv) || table != null && !table.equals(argv.get(1))) {
                    return false;
                }
                table = argv.get(1);
            }
        }
        if (table == null || at.ifExists()) {
            return false;
        }
        List<String> whole = List.of("alter", table, String.join(", ",
                at.actions().stream().map(a -> a.source().text()).toList()));
        if (OperationArgs.problem(whole).isPresent()) {
            return false;
        }
        String because = blocking.get(0).rule().id() + ": " + blocking.get(0).reason()
                + (blocking.size() > 1 ? " (and " + (blocking.size() - 1) + " more of its subcommands)" : "");
        steps.add(new Step.Command(at.source().line(), whole, because));
        return true;
    }

    private void flush(StatementResult sr, Statement.AlterTable at, List<AlterAction> written) {
        if (written.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("ALTER TABLE ");
        if (at.ifExists()) {
            sql.append("IF EXISTS ");
        }
        if (at.only()) {
            sql.append("ONLY ");
        }
        sql.append(at.table().sql()).append(' ');
        for (int i = 0; i < written.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(written.get(i).source().text());
        }
        steps.add(new Step.Sql(at.source().line(), List.of(sql.toString()), sr.locks(), false, false, null,
                "part of the ALTER TABLE at line " + at.source().line() + ", split around the subcommands pgswap "
                        + "runs as commands"));
        written.clear();
    }

    private boolean allowed(int line, List<Finding> blocking) {
        if (allowBlocking.contains(Integer.toString(line))) {
            return true;
        }
        return blocking.stream().allMatch(f -> allowBlocking.contains(f.rule().id()));
    }

    private static Set<String> normalized(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : in) {
            out.add(s.strip().toUpperCase(Locale.ROOT));
        }
        return out;
    }

    // ---- explicit transaction blocks

    private void inBlock(StatementResult sr) {
        Statement s = sr.statement();
        int line = s.source().line();
        block.statements.add(sr);
        if (sr.noTransaction() != null) {
            refusals.add(new ApplyPlan.Refusal(line, Rule.PGS012.id(), sr.noTransaction() + " cannot run inside the "
                    + "transaction block that begins at line " + block.line + ": PostgreSQL refuses it",
                    "move it after the block's COMMIT"));
        }
        List<Finding> blocking = sr.findings().stream().filter(Finding::blocking).toList();
        if (!blocking.isEmpty() && !allowed(line, blocking)) {
            Finding f = blocking.get(0);
            refusals.add(new ApplyPlan.Refusal(line, f.rule().id(), f.reason() + "; inside the block that begins at "
                    + "line " + block.line + " it cannot run as a pgswap command, which needs transactions of its own",
                    "move it after the block's COMMIT"
                            + (f.commands().isEmpty() ? "" : " (apply then runs it as " + f.instead() + ")")
                            + ", or run the block as written with --allow-blocking " + line));
        }
        if (sr.findings().stream().anyMatch(f -> f.rule() == Rule.PGS010)) {
            block.severalTables = true;
        }
    }

    private void endBlock(boolean rollback, Statement end) {
        Block b = block;
        block = null;
        if (b.statements.isEmpty()) {
            skip(end, "an empty transaction block");
            return;
        }
        if (b.severalTables) {
            refusals.add(b.severalTablesRefusal());
            return;
        }
        if (rollback) {
            skipped.add(new ApplyPlan.Skipped(b.line, "BEGIN ... ROLLBACK (lines " + b.line + "-"
                    + end.source().line() + ")", "the block ends with ROLLBACK, so nothing it does stays; apply does "
                    + "not run it"));
            return;
        }
        List<String> sql = new ArrayList<>();
        List<TableLock> locks = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        for (StatementResult sr : b.statements) {
            sql.add(sr.statement().source().text());
            locks.addAll(sr.locks());
            if (role(sr.statement()) == Step.Role.SESSION_SETTING) {
                settings.add(sr.statement().source().text());
            }
        }
        steps.add(new Step.Sql(b.line, sql, locks, true, false, null, null, Step.Role.PLAIN, b.modes, settings));
    }
}
