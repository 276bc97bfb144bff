package io.pgswap.lint;

import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.ConstraintKind;
import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ALTER TABLE, subcommand by subcommand: the lock each one needs (ALTER TABLE's documentation
 * notes it per form; the statement takes the strongest), whether it scans or rewrites the table
 * on the target version, and the pgswap command that does the same safely.
 */
final class AlterTableRules {
    /**
     * Storage parameters that ALTER TABLE ... SET/RESET changes under SHARE UPDATE EXCLUSIVE, as the
     * documentation lists them (fillfactor, the toast and autovacuum parameters, parallel_workers);
     * any other takes ACCESS EXCLUSIVE.
     */
    private static final Set<String> LIGHT_STORAGE_PARAMETERS = Set.of("fillfactor", "toast_tuple_target",
            "parallel_workers", "log_autovacuum_min_duration");
    private static final Set<String> SERIAL_TYPES = Set.of("serial", "serial4", "bigserial", "serial8", "smallserial",
            "serial2");

    private final Target target;

    AlterTableRules(Target target) {
        this.target = target;
    }

    void check(Statement.AlterTable s, Analysis a) {
        RelationName t = s.table();
        LockMode strongest = LockMode.ACCESS_SHARE;
        for (AlterAction action : s.actions()) {
            LockMode mode = lockOf(action);
            strongest = strongest.max(mode);
            action(t, action, mode, a);
        }
        a.lock(t, strongest);
        ValidateBeside.check(s, strongest, a);
    }

    /** The lock each ALTER TABLE subcommand needs on its table; the statement takes the strongest. */
    private LockMode lockOf(AlterAction action) {
        if (action instanceof AlterAction.AddConstraint c) {
            return c.kind() == ConstraintKind.FOREIGN_KEY ? LockMode.SHARE_ROW_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (action instanceof AlterAction.ValidateConstraint || action instanceof AlterAction.SetStatistics) {
            return LockMode.SHARE_UPDATE_EXCLUSIVE;
        }
        if (action instanceof AlterAction.SetStorageParameters p) {
            boolean light = p.column() != null || p.names().stream().allMatch(n -> LIGHT_STORAGE_PARAMETERS.contains(n)
                    || n.startsWith("autovacuum_") || n.startsWith("toast."));
            return light ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (action instanceof AlterAction.AttachPartition) {
            return target.major() >= 12 ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (action instanceof AlterAction.DetachPartition d) {
            return d.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (action instanceof AlterAction.Other o) {
            String k = o.kind();
            if (k.startsWith("DISABLE TRIGGER") || k.startsWith("ENABLE TRIGGER") || k.startsWith("ENABLE REPLICA TRIGGER")
                    || k.startsWith("ENABLE ALWAYS TRIGGER")) {
                return LockMode.SHARE_ROW_EXCLUSIVE;
            }
            if (k.startsWith("CLUSTER ON") || k.startsWith("SET WITHOUT CLUSTER")) {
                return LockMode.SHARE_UPDATE_EXCLUSIVE;
            }
        }
        return LockMode.ACCESS_EXCLUSIVE;
    }

    private void action(RelationName t, AlterAction action, LockMode mode, Analysis a) {
        Source at = action.source();
        if (action instanceof AlterAction.AddColumn c) {
            addColumn(t, c, mode, a);
        } else if (action instanceof AlterAction.AlterColumnType c) {
            alterType(t, c, mode, a);
        } else if (action instanceof AlterAction.SetNotNull c) {
            setNotNull(t, c.column(), at, mode, a);
        } else if (action instanceof AlterAction.AddConstraint c) {
            addConstraint(t, c, mode, a);
        } else if (action instanceof AlterAction.ValidateConstraint) {
            a.work(Work.SCAN);
        } else if (action instanceof AlterAction.AttachPartition p) {
            a.work(Work.SCAN);
            a.lock(p.partition(), LockMode.ACCESS_EXCLUSIVE);
        } else if (action instanceof AlterAction.DetachPartition p) {
            a.work(Work.CATALOG);
            a.lock(p.partition(), p.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE);
            if (p.concurrently()) {
                a.needsNoTransaction("DETACH PARTITION CONCURRENTLY");
            } else if (target.major() >= 14 && !a.context().createdHere(t)) {
                a.add(Rule.PGS018, at, t, mode, Work.CATALOG, "DETACH PARTITION takes ACCESS EXCLUSIVE on " + t.display()
                        + ": reads and writes of it and of all its partitions wait, and queue behind any long query on it",
                        "ALTER TABLE " + t.display() + " DETACH PARTITION " + p.partition().display() + " CONCURRENTLY"
                                + " (SHARE UPDATE EXCLUSIVE; outside a transaction block, and not while "
                                + t.display() + " has a DEFAULT partition)");
            }
        } else if (action instanceof AlterAction.DropColumn c) {
            a.work(Work.CATALOG);
            a.compatibility(Rule.PGS014, at, t, mode, "dropping column " + c.column() + " of " + t.display()
                    + " breaks running application code that still reads or writes it",
                    "first deploy application code that no longer uses " + t.display() + "." + c.column()
                            + " (Rails: ignored_columns), then drop it");
        } else if (action instanceof AlterAction.RenameColumn c) {
            a.work(Work.CATALOG);
            a.compatibility(Rule.PGS013, at, t, mode, "renaming column " + c.from() + " of " + t.display() + " to "
                    + c.to() + " breaks every running query that still uses the old name",
                    "add the new column, write both, deploy code that reads the new one, then drop the old one");
        } else if (action instanceof AlterAction.RenameTable r) {
            a.work(Work.CATALOG);
            a.compatibility(Rule.PGS013, at, t, mode, "renaming table " + t.display() + " to " + r.newName()
                    + " breaks every running query that still uses the old name",
                    "deploy code that uses the new name while a view keeps the old one working, then drop the view");
        } else if (action instanceof AlterAction.SetTablespace) {
            rewritingForm(t, at, "SET TABLESPACE copies every file of " + t.display(), mode, a);
        } else if (action instanceof AlterAction.Other o && rewrites(o.kind())) {
            rewritingForm(t, at, o.kind() + " rewrites " + t.display(), mode, a);
        } else {
            a.work(Work.CATALOG);
        }
    }

    private static boolean rewrites(String kind) {
        return kind.startsWith("SET LOGGED") || kind.startsWith("SET UNLOGGED") || kind.startsWith("SET ACCESS METHOD")
                || kind.startsWith("ALTER COLUMN SET EXPRESSION");
    }

    private void rewritingForm(RelationName t, Source at, String what, LockMode mode, Analysis a) {
        a.work(Work.REWRITE);
        a.add(Rule.PGS016, at, t, mode, Work.REWRITE, what + " while holding " + mode.sql()
                + ": reads and writes wait until it ends", a.commands().alter(t, at.text()));
    }

    private void addColumn(RelationName t, AlterAction.AddColumn c, LockMode mode, Analysis a) {
        Source at = c.source();
        String typeName = TypeChange.parse(c.typeText()) == null ? "" : TypeChange.parse(c.typeText()).name();
        if (c.generated() == AlterAction.Generated.IDENTITY || c.generated() == AlterAction.Generated.STORED
                || SERIAL_TYPES.contains(typeName)) {
            String what = c.generated() == AlterAction.Generated.STORED ? "a stored generated column is computed"
                    : c.generated() == AlterAction.Generated.IDENTITY ? "an identity column takes a sequence value"
                    : "a " + typeName + " column takes a nextval() value";
            a.work(Work.REWRITE);
            a.add(Rule.PGS006, at, t, mode, Work.REWRITE, what + " for every existing row, so " + t.display()
                    + " is rewritten under ACCESS EXCLUSIVE: reads and writes wait",
                    a.commands().alter(t, at.text()));
        } else if (!DefaultValue.isNull(c.defaultValue())) {
            DefaultValue kind = DefaultValue.of(c.defaultValue());
            String text = c.defaultValue().text();
            if (kind == DefaultValue.VOLATILE) {
                a.work(Work.REWRITE);
                String culprit = DefaultValue.culprit(c.defaultValue()) + "()";
                a.add(Rule.PGS006, at, t, mode, Work.REWRITE, "the default " + text + " is volatile"
                        + (text.equals(culprit) ? "" : " (it calls " + culprit + ")")
                        + ": every existing row gets its own value, so "
                        + t.display() + " is rewritten under ACCESS EXCLUSIVE", a.commands().addColumn(t, c));
            } else if (kind == DefaultValue.UNKNOWN) {
                a.work(Work.MAY_REWRITE);
                a.add(Rule.PGS006, Severity.WARNING, at, t, mode, Work.MAY_REWRITE, "the default " + text + " calls "
                        + DefaultValue.culprit(c.defaultValue()) + "(), which pgswap cannot tell is not volatile: if it "
                        + "is, " + t.display() + " is rewritten under ACCESS EXCLUSIVE", a.commands().addColumn(t, c));
            } else if (target.major() < 11) {
                a.work(Work.REWRITE);
                a.add(Rule.PGS007, at, t, mode, Work.REWRITE, "PostgreSQL " + target.major() + " writes the default "
                        + text + " into every existing row: " + t.display() + " is rewritten under ACCESS EXCLUSIVE "
                        + "(11 and later store a non-volatile default in the catalog)", a.commands().addColumn(t, c));
            } else {
                a.work(Work.CATALOG);
            }
        } else {
            a.work(Work.CATALOG);
        }
        for (AlterAction.AddConstraint inline : c.constraints()) {
            inlineConstraint(t, c, inline, a);
        }
    }

    private void inlineConstraint(RelationName t, AlterAction.AddColumn c, AlterAction.AddConstraint k, Analysis a) {
        Suggestion first = a.commands().addColumn(t, withoutConstraints(c));
        if (k.kind() == ConstraintKind.FOREIGN_KEY) {
            a.lock(k.referencedTable(), LockMode.SHARE_ROW_EXCLUSIVE);
            a.work(Work.SCAN);
            a.add(Rule.PGS003, k.source(), t, LockMode.ACCESS_EXCLUSIVE, Work.SCAN, "the column's REFERENCES "
                    + k.referencedTable().display() + " is checked against every row of " + t.display()
                    + " while ADD COLUMN holds ACCESS EXCLUSIVE",
                    Suggestion.firstThen(first, a.commands().addForeignKey(t, k,
                            a.context().numbered(t, k) ? a.context().constraintName(k) : null)));
        } else if (k.kind() == ConstraintKind.CHECK) {
            a.work(Work.SCAN);
            a.add(Rule.PGS003, k.source(), t, LockMode.ACCESS_EXCLUSIVE, Work.SCAN, "the column's CHECK is checked "
                    + "against every row of " + t.display() + " while ADD COLUMN holds ACCESS EXCLUSIVE",
                    Suggestion.firstThen(first, a.commands().addCheck(t, a.context().constraintName(k), k.check().text(),
                            k.otherClauses())));
        } else if (k.kind() == ConstraintKind.UNIQUE || k.kind() == ConstraintKind.PRIMARY_KEY) {
            a.work(Work.INDEX_BUILD);
            a.add(Rule.PGS004, k.source(), t, LockMode.ACCESS_EXCLUSIVE, Work.INDEX_BUILD, "the column's "
                    + k.kind().sql() + " builds an index on " + t.display() + " while ADD COLUMN holds ACCESS "
                    + "EXCLUSIVE", Suggestion.firstThen(first, k.kind() == ConstraintKind.UNIQUE
                    ? a.commands().addUnique(t, k) : a.commands().addPrimaryKey(t, k)));
        }
    }

    /**
     * PRIMARY KEY USING INDEX makes the index's columns NOT NULL: each column that allows NULLs is
     * scanned under ACCESS EXCLUSIVE (PostgreSQL 12+ skips it when a valid CHECK (col IS NOT NULL)
     * proves it). Without the catalog the columns are not known: a warning.
     */
    private void primaryKeyUsingIndex(RelationName t, AlterAction.AddConstraint c, LockMode mode, Analysis a) {
        RelationName index = new RelationName(t.schema(), c.usingIndex());
        Optional<List<String>> nullable = a.context().nullableIndexColumns(index);
        List<String> scanned = nullable.orElse(List.of()).stream()
                .filter(col -> !(target.major() >= 12 && a.context().provenNotNull(t, col))).toList();
        if (nullable.isPresent() && scanned.isEmpty()) {
            return;
        }
        a.work(Work.SCAN);
        if (nullable.isEmpty()) {
            a.add(Rule.PGS002, Severity.WARNING, c.source(), t, mode, Work.SCAN, "PRIMARY KEY USING INDEX "
                    + c.usingIndex() + " sets NOT NULL on the index's columns: each one that allows NULLs is read "
                    + "in full while ACCESS EXCLUSIVE is held (pgswap does not know the index's columns here; "
                    + "with --url it does)", (Suggestion) null);
            return;
        }
        // no command instead of the statement (it would drop the key): apply refuses, the text says the way
        a.add(Rule.PGS002, c.source(), t, mode, Work.SCAN, "PRIMARY KEY USING INDEX " + c.usingIndex()
                + " sets NOT NULL on " + String.join(", ", scanned) + ", reading every row of " + t.display()
                + " while holding ACCESS EXCLUSIVE: reads and writes wait. Make the column(s) NOT NULL first ("
                + String.join("; ", scanned.stream().map(col -> a.commands().addNotNull(t, col).text()
                        + " --strategy in-place").toList()) + "), then the statement only changes the catalog",
                (Suggestion) null);
    }

    private static AlterAction.AddColumn withoutConstraints(AlterAction.AddColumn c) {
        // the column as written, NOT NULL and collation included, only its constraints split off
        return new AlterAction.AddColumn(c.source(), c.column(), c.typeText(), c.collation(), c.defaultValue(),
                c.notNull(), c.ifNotExists(), c.generated(), List.of());
    }

    private void alterType(RelationName t, AlterAction.AlterColumnType c, LockMode mode, Analysis a) {
        String old = a.context().columnType(t, c.column()).orElse(null);
        if (old != null && c.using() == null && TypeChange.catalogOnly(old, c.typeText())) {
            keptRows(t, c, mode, a, false);
            return;
        }
        if (old != null && c.using() == null && target.major() >= 12 && a.context().utc()
                && TypeChange.zoneOnly(old, c.typeText())) {
            keptRows(t, c, mode, a, true); // the file set a UTC time zone: the values stay as they are
            return;
        }
        String why = old == null
                ? " (pgswap does not know the column's current type: only varchar(n) to a longer varchar or to "
                        + "text, and numeric(p,s) to a larger precision, skip the rewrite)"
                : c.using() != null ? " (with USING the value of every row is recomputed)"
                : " (from " + old + ")";
        a.work(Work.REWRITE);
        a.add(Rule.PGS005, c.source(), t, mode, Work.REWRITE, "changing " + t.display() + "." + c.column()
                + " to " + c.typeText() + " rewrites the table and its indexes under ACCESS EXCLUSIVE" + why,
                a.commands().alter(t, c.source().text()));
    }

    /**
     * A type change that keeps the rows as they are still rebuilds, under its ACCESS EXCLUSIVE, every
     * index on the column that PostgreSQL cannot prove unchanged: one with an expression or a predicate
     * (never compared), and any index on it when the operator class changes ({@code opclassChanges}:
     * timestamp to timestamptz) or the collation does. Without COLLATE the column takes the new type's
     * default collation, which silently drops one such as {@code "C"}.
     */
    private void keptRows(RelationName t, AlterAction.AlterColumnType c, LockMode mode, Analysis a,
                          boolean opclassChanges) {
        String was = a.context().columnCollation(t, c.column()).orElse(null);
        String becomes = c.collation() != null ? c.collation() : "default";
        boolean collationChanges = was != null && !was.equals(becomes);
        List<String> rebuilt = a.context().indexesOnColumn(t, c.column()).stream()
                .filter(i -> !i.plain() || opclassChanges || collationChanges).map(TableFacts.IndexUse::name).toList();
        String dropped = collationChanges && c.collation() == null ? "; without COLLATE the column's collation "
                + "changes from \"" + was + "\" to the database default (write COLLATE \"" + was + "\" to keep it)" : "";
        if (rebuilt.isEmpty()) {
            a.work(Work.CATALOG);
            if (!dropped.isEmpty()) {
                a.add(Rule.PGS005, Severity.INFO, c.source(), t, mode, Work.CATALOG, "changing " + t.display()
                        + "." + c.column() + " to " + c.typeText() + " changes only the catalog" + dropped,
                        (Suggestion) null);
            }
            return;
        }
        String why = collationChanges ? "its collation changes" : opclassChanges ? "its operator class changes"
                : "PostgreSQL rebuilds an index with an expression or a predicate on any type change of its columns";
        a.work(Work.INDEX_BUILD);
        a.add(Rule.PGS005, c.source(), t, mode, Work.INDEX_BUILD, "changing " + t.display() + "." + c.column()
                + " to " + c.typeText() + " keeps the rows but rebuilds " + (rebuilt.size() == 1 ? "index " : "indexes ")
                + String.join(", ", rebuilt) + " (" + why + ") under ACCESS EXCLUSIVE: reads and writes wait for the "
                + "builds" + dropped, a.commands().alter(t, c.source().text()));
    }

    private void setNotNull(RelationName t, String column, Source at, LockMode mode, Analysis a) {
        if (target.major() >= 12 && a.context().provenNotNull(t, column)) {
            a.work(Work.CATALOG);
            a.add(Rule.PGS002, Severity.INFO, at, t, mode, Work.CATALOG, "a valid CHECK (" + column
                    + " IS NOT NULL) (on the table, or added earlier in this file) proves there are no NULLs, so "
                    + "PostgreSQL 12+ skips "
                    + "the scan: ACCESS EXCLUSIVE is held only briefly", (Suggestion) null);
            return;
        }
        a.work(Work.SCAN);
        a.add(Rule.PGS002, at, t, mode, Work.SCAN, "SET NOT NULL reads every row of " + t.display()
                + " to look for NULLs while holding ACCESS EXCLUSIVE: reads and writes wait",
                a.commands().addNotNull(t, column));
    }

    private void addConstraint(RelationName t, AlterAction.AddConstraint c, LockMode mode, Analysis a) {
        Source at = c.source();
        switch (c.kind()) {
            case FOREIGN_KEY -> {
                a.lock(c.referencedTable(), LockMode.SHARE_ROW_EXCLUSIVE);
                if (c.notValid()) {
                    a.work(Work.CATALOG);
                    return;
                }
                a.work(Work.SCAN);
                a.add(Rule.PGS003, at, t, mode, Work.SCAN, "the new FOREIGN KEY is checked against every row of "
                        + t.display() + " while SHARE ROW EXCLUSIVE is held on " + t.display() + " and "
                        + c.referencedTable().display() + ": writes to both wait", a.commands().addForeignKey(t, c,
                        a.context().numbered(t, c) ? a.context().constraintName(c) : null));
            }
            case CHECK -> {
                if (c.notValid()) {
                    a.work(Work.CATALOG);
                    return;
                }
                a.work(Work.SCAN);
                String name = a.context().constraintName(c);
                a.add(Rule.PGS003, at, t, mode, Work.SCAN, "the new CHECK is checked against every row of "
                        + t.display() + " while holding ACCESS EXCLUSIVE: reads and writes wait",
                        a.commands().addCheck(t, name, c.check().text(), c.otherClauses()));
            }
            case UNIQUE, PRIMARY_KEY -> {
                if (c.usingIndex() != null) {
                    a.work(Work.CATALOG);
                    if (c.kind() == ConstraintKind.PRIMARY_KEY) {
                        primaryKeyUsingIndex(t, c, mode, a);
                    }
                    return;
                }
                a.work(Work.INDEX_BUILD);
                a.add(Rule.PGS004, at, t, mode, Work.INDEX_BUILD, "ADD " + c.kind().sql() + " builds its index on "
                        + t.display() + " while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build",
                        c.kind() == ConstraintKind.UNIQUE ? a.commands().addUnique(t, c)
                                : a.commands().addPrimaryKey(t, c));
            }
            case EXCLUDE -> {
                a.work(Work.INDEX_BUILD);
                a.add(Rule.PGS004, at, t, mode, Work.INDEX_BUILD, "ADD EXCLUDE builds its index on " + t.display()
                        + " while holding ACCESS EXCLUSIVE (an exclusion constraint cannot be added NOT VALID, USING "
                        + "INDEX or CONCURRENTLY)", "there is no online form: run it when the table is quiet, "
                        + "with a lock_timeout (pgswap apply runs it as written when --allow-blocking names its line)");
            }
            case NOT_NULL -> {
                if (c.notValid()) {
                    a.work(Work.CATALOG);
                    return;
                }
                a.work(Work.SCAN);
                a.add(Rule.PGS002, at, t, mode, Work.SCAN, "the NOT NULL constraint reads every row of "
                        + t.display() + " while holding ACCESS EXCLUSIVE",
                        a.commands().addNotNull(t, c.columns().get(0)));
            }
            default -> throw new IllegalStateException("unknown constraint kind " + c.kind());
        }
    }
}
