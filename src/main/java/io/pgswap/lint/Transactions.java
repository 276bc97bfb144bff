package io.pgswap.lint;

import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules that need the statements around one: which transaction it runs in (an explicit
 * BEGIN ... COMMIT block, or with {@code --single-transaction} the whole file, as Flyway and Rails
 * run a migration), which write-blocking locks that transaction already holds, and whether a
 * lock_timeout is in force (SET lock_timeout earlier in the file, or SET LOCAL lock_timeout
 * earlier in the same transaction).
 */
final class Transactions {
    private boolean inBlock;
    private boolean sessionTimeout;
    private boolean sessionTimeoutAtBegin;
    private boolean localTimeout;
    private boolean warnedTimeoutInBlock;
    private boolean warnedTimeoutOutside;
    private final Map<String, Held> held = new LinkedHashMap<>();

    private record Held(String table, LockMode mode, int line) {
    }

    Transactions(boolean singleTransaction) {
        if (singleTransaction) {
            begin();
        }
    }

    List<Finding> check(Statement statement, Analysis a, FileContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (statement instanceof Statement.Begin) {
            if (!inBlock) {
                begin();
            }
            return out;
        }
        if (statement instanceof Statement.Commit || statement instanceof Statement.Rollback) {
            if (statement instanceof Statement.Rollback) {
                sessionTimeout = sessionTimeoutAtBegin;
            }
            localTimeout = false;
            held.clear();
            inBlock = false;
            if (statement instanceof Statement.Commit c && c.chain() || statement instanceof Statement.Rollback r
                    && r.chain()) {
                begin(); // AND CHAIN: the next transaction block begins at once
            }
            return out;
        }
        if (statement instanceof Statement.SetParameter p && p.name().equals("lock_timeout")) {
            boolean on = p.value() != null && !isZero(p.value());
            if (!p.local()) {
                sessionTimeout = on;
            } else if (inBlock) {
                localTimeout = on;
            }
            return out;
        }
        if (statement instanceof Statement.ResetParameter r && (r.name() == null || r.name().equals("lock_timeout"))) {
            sessionTimeout = false;
            localTimeout = false;
            return out;
        }
        int line = statement.source().line();
        int column = statement.source().column();
        int offset = statement.source().offset();
        if (a.needsNoTransaction() != null && inBlock) {
            out.add(new Finding(Rule.PGS012, Rule.PGS012.defaultSeverity(), line, column, null, null, a.work(),
                    a.needsNoTransaction() + " cannot run inside a transaction block: PostgreSQL rejects it and the "
                            + "migration fails", "run it on its own, outside a transaction (Rails: "
                            + "disable_ddl_transaction!; Django: atomic = False; Flyway: a separate migration with "
                            + "executeInTransaction=false)", offset, List.of()));
        }
        if (inBlock && statement instanceof Statement.AlterTable t) {
            validateUnderHeldLock(t, a, ctx, out);
        }
        List<TableLock> strong = new ArrayList<>();
        for (TableLock l : a.locks()) {
            if (l.mode().blocksWrites() && (l.viaIndex() || !ctx.createdHere(l.table()))) {
                strong.add(l);
            }
        }
        if (strong.isEmpty()) {
            return out;
        }
        boolean timeout = sessionTimeout || (inBlock && localTimeout);
        if (!timeout && (inBlock ? !warnedTimeoutInBlock : !warnedTimeoutOutside)) {
            TableLock first = strong.get(0);
            out.add(new Finding(Rule.PGS011, Rule.PGS011.defaultSeverity(), line, column, first.tableDisplay(),
                    first.mode(), a.work(), first.mode().sql() + " on " + first.tableDisplay() + " is requested with no "
                    + "lock_timeout: while another session holds a conflicting lock (a long query, an idle "
                    + "transaction) this statement waits, and every query on the table queues behind it"
                    + (inBlock ? "" : " (so do the later statements of this file that lock without one)"),
                    "SET lock_timeout = '2s'; before it, and retry when it times out (pgswap commands bound and "
                            + "retry every lock they take)", offset, List.of()));
            if (inBlock) {
                warnedTimeoutInBlock = true;
            } else {
                warnedTimeoutOutside = true;
            }
        }
        if (inBlock) {
            multipleTables(strong, statement instanceof Statement.Lock, line, column, offset, a, ctx, out);
        }
        return out;
    }

    /**
     * PGS010: a write-blocking lock on a second table while the block holds one on another from an
     * earlier statement. One statement's own locks (ADD FOREIGN KEY locks both tables) are no more
     * than the same statement takes outside a block, except LOCK's, which are held for what follows;
     * a lock on the unknown table of an index (no catalog) is not counted: it may well be the same table.
     */
    private void multipleTables(List<TableLock> strong, boolean lockStatement, int line, int column, int offset,
                                Analysis a, FileContext ctx, List<Finding> out) {
        Map<String, Held> before = lockStatement ? held : new LinkedHashMap<>(held);
        boolean reported = false;
        for (TableLock l : strong) {
            if (l.viaIndex()) {
                continue;
            }
            String shown = l.tableDisplay();
            // orders and public.orders are one table: compared by the name the search_path gives it
            String key = ctx.resolved(l.table()).sql();
            Held other = null;
            for (Map.Entry<String, Held> h : before.entrySet()) {
                if (!h.getKey().equals(key)) {
                    other = h.getValue();
                    break;
                }
            }
            if (other != null && !reported && !before.containsKey(key)) {
                out.add(new Finding(Rule.PGS010, Rule.PGS010.defaultSeverity(), line, column, shown, l.mode(), a.work(),
                        "this transaction already holds " + other.mode().sql() + " on " + other.table() + " (line "
                                + other.line() + ") and now locks " + shown + " with " + l.mode().sql()
                                + ": an application transaction that uses both tables in the other order deadlocks "
                                + "with it, and both tables stay blocked until COMMIT",
                        "commit after each table's change, or run each change as its own pgswap command "
                                + "(one table per run)", offset, List.of()));
                reported = true;
            }
            held.merge(key, new Held(shown, l.mode(), line),
                    (old, now) -> new Held(old.table(), old.mode().max(now.mode()), old.line()));
        }
    }

    /**
     * PGS020: VALIDATE needs only SHARE UPDATE EXCLUSIVE, but in a block that already holds a
     * write-blocking lock on the table (most often the ADD ... NOT VALID's own, a line earlier) its
     * scan of every row runs under that lock until COMMIT.
     */
    private void validateUnderHeldLock(Statement.AlterTable t, Analysis a, FileContext ctx, List<Finding> out) {
        Held h = held.get(ctx.resolved(t.table()).sql());
        if (h == null) {
            return;
        }
        for (AlterAction action : t.actions()) {
            if (!(action instanceof AlterAction.ValidateConstraint v)) {
                continue;
            }
            String why = "VALIDATE CONSTRAINT " + v.name() + " scans every row of " + h.table() + " while this "
                    + "transaction still holds " + h.mode().sql() + " on it (line " + h.line() + "), so " + (h.mode()
                    == LockMode.ACCESS_EXCLUSIVE ? "reads and writes" : "writes") + " wait for the whole scan";
            out.add(Analysis.sized(ctx, Rule.PGS020, Rule.PGS020.defaultSeverity(), v.source(), t.table(), h.mode(),
                    Work.SCAN, why, Suggestion.advice("COMMIT before the VALIDATE: the NOT VALID constraint checks new "
                    + "writes from its COMMIT on, and VALIDATE on its own takes only SHARE UPDATE EXCLUSIVE, which "
                    + "blocks neither reads nor writes")));
        }
    }

    private void begin() {
        inBlock = true;
        localTimeout = false;
        sessionTimeoutAtBegin = sessionTimeout;
        warnedTimeoutInBlock = false;
        held.clear();
    }

    /** lock_timeout 0 (any unit) means "wait forever". */
    private static boolean isZero(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
            v = v.substring(1, v.length() - 1).strip();
        }
        int i = 0;
        while (i < v.length() && (v.charAt(i) == '0' || v.charAt(i) == '.')) {
            i++;
        }
        return i > 0 && (i == v.length() || Character.isLetter(v.charAt(i)));
    }
}
