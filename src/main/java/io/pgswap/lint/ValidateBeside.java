package io.pgswap.lint;

import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.ConstraintKind;
import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Statement;

/** PGS020 within one statement: VALIDATE CONSTRAINT beside subcommands that take a stronger lock. */
final class ValidateBeside {
    private ValidateBeside() {
    }

    /**
     * VALIDATE CONSTRAINT needs only SHARE UPDATE EXCLUSIVE, but beside a subcommand that takes more
     * (the ADD ... NOT VALID of the same constraint, most often) the statement holds the strongest
     * lock for the whole scan: the NOT VALID split undone in one line.
     */
    static void check(Statement.AlterTable s, LockMode strongest, Analysis a) {
        if (strongest.compareTo(LockMode.SHARE_UPDATE_EXCLUSIVE) <= 0) {
            return;
        }
        RelationName t = s.table();
        for (AlterAction action : s.actions()) {
            if (!(action instanceof AlterAction.ValidateConstraint v)) {
                continue;
            }
            AlterAction.AddConstraint added = s.actions().stream()
                    .filter(x -> x instanceof AlterAction.AddConstraint c && c.notValid() && v.name().equals(c.name()))
                    .map(x -> (AlterAction.AddConstraint) x).findFirst().orElse(null);
            String why = "VALIDATE CONSTRAINT " + v.name() + " scans every row of " + t.display() + " under the "
                    + strongest.sql() + " the statement's other subcommands take, so " + (strongest
                    == LockMode.ACCESS_EXCLUSIVE ? "reads and writes" : "writes") + " wait for the whole scan";
            Suggestion instead = added == null ? null : added.kind() == ConstraintKind.CHECK
                    ? a.commands().addCheck(t, v.name(), added.check().text(), added.otherClauses())
                    : added.kind() == ConstraintKind.FOREIGN_KEY ? a.commands().addForeignKey(t, added, v.name()) : null;
            if (instead != null) {
                a.add(Rule.PGS020, v.source(), t, strongest, Work.SCAN, why, instead);
            } else {
                a.add(Rule.PGS020, v.source(), t, strongest, Work.SCAN, why, "VALIDATE CONSTRAINT in an ALTER TABLE "
                        + "of its own (SHARE UPDATE EXCLUSIVE: reads and writes go on)");
            }
        }
    }

}
