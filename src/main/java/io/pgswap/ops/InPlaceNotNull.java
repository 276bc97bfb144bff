package io.pgswap.ops;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Rows;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.LockUse;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.sql.ChosenName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a column NOT NULL in place, the way a careful DBA does it by hand; shared by add-not-null
 * --strategy in-place and add-column --not-null.
 *
 * <p>PostgreSQL 12-17: {@code ADD CONSTRAINT n CHECK (col IS NOT NULL) NOT VALID} (ACCESS
 * EXCLUSIVE for milliseconds; new writes are checked from then on), {@code VALIDATE CONSTRAINT n}
 * (a scan under SHARE UPDATE EXCLUSIVE: reads and writes go on), then one transaction with
 * {@code SET NOT NULL} (no scan: the valid CHECK proves it) and {@code DROP CONSTRAINT n}.
 * PostgreSQL 18: {@code ADD CONSTRAINT n NOT NULL col NOT VALID}, then {@code VALIDATE}; the
 * catalog marks the column NOT NULL as soon as the NOT VALID constraint is there (pg_attribute's
 * attnotnull) and pg_constraint says whether it is validated.
 *
 * <p>When the recipe put a fill trigger on the table, the last step removes it: in the
 * SET NOT NULL transaction on 12-17, in a step of its own on 18.
 */
final class InPlaceNotNull {
    static final String CONSTRAIN = "constrain";
    static final String VALIDATE = "validate";
    static final String SET_NOT_NULL = "set-not-null";

    private final TableFacts f;
    private final Names n;
    private final String column;
    private final String name;
    private final boolean fillTrigger;

    InPlaceNotNull(TableFacts f, Names n, String column, String name, boolean fillTrigger) {
        this.f = f;
        this.n = n;
        this.column = column;
        this.name = name;
        this.fillTrigger = fillTrigger;
    }

    /** The name PostgreSQL 18 gives a column's NOT NULL constraint; pgswap uses it on every version. */
    static String defaultName(TableFacts f, String column) {
        return ChosenName.of(f.name(), column, "not_null", n -> false);
    }

    /** The constraint's name. */
    String name() {
        return name;
    }

    private boolean named() {
        return f.serverMajor() >= 18;
    }

    private String t() {
        return f.qualifiedName();
    }

    /** The constraint as the state row and messages name it. */
    String constraintDescription() {
        return named() ? "NOT VALID NOT NULL constraint " + name + " on " + column
                : "NOT VALID CHECK constraint " + name + " (" + column + " IS NOT NULL)";
    }

    Statement addNotValid() {
        return Statement.of("ALTER TABLE " + t() + " " + addNotValidClause());
    }

    /** The ALTER TABLE subcommand that adds the constraint NOT VALID. */
    String addNotValidClause() {
        String col = Sql.ident(column);
        return "ADD CONSTRAINT " + Sql.ident(name) + (named() ? " NOT NULL " + col : " CHECK (" + col + " IS NOT NULL)")
                + " NOT VALID";
    }

    Statement dropConstraint() {
        return Statement.of("ALTER TABLE " + t() + " DROP CONSTRAINT IF EXISTS " + Sql.ident(name));
    }

    /** Is the NOT VALID constraint there (or the column NOT NULL already)? */
    Statement added() {
        if (named()) {
            return Statement.of("""
                    SELECT EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_attribute a
                                   ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                                   WHERE k.conrelid = to_regclass(?) AND k.contype = 'n' AND a.attname = ?)""",
                    t(), column);
        }
        return Statement.of("""
                SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ? AND contype = 'c')
                    OR EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND attnotnull)""",
                t(), name, t(), column);
    }

    private Statement validated() {
        if (named()) {
            return Statement.of("""
                    SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?
                                   AND contype = 'n' AND convalidated)""", t(), name);
        }
        return Statement.of("""
                SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ? AND contype = 'c'
                               AND convalidated)
                    OR EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND attnotnull)""",
                t(), name, t(), column);
    }

    InPlaceStep.Undo undoAdd() {
        return new InPlaceStep.Undo(List.of(dropConstraint()), List.of(new LockUse(t(), LockLevel.ACCESS_EXCLUSIVE)),
                true);
    }

    /** Adds the constraint NOT VALID: from now on new and updated rows are checked. */
    InPlaceStep constrainStep() {
        return new InPlaceStep(CONSTRAIN, "add " + constraintDescription() + ": from now on every new or updated "
                + "row is checked, existing rows are not", InPlaceStep.Kind.DDL, List.of(addNotValid()),
                List.of(new LockUse(t(), LockLevel.ACCESS_EXCLUSIVE)), added(), undoAdd(),
                constraintDescription() + leftTrigger(), Duration.ofMillis(20),
                "ACCESS EXCLUSIVE for milliseconds (no scan); the request waits at most --lock-timeout, is retried, "
                        + "and is not made while a long transaction holds the table", null);
    }

    private String leftTrigger() {
        return fillTrigger ? "; fill trigger " + n.fillTrigger() : "";
    }

    InPlaceStep validateStep() {
        return new InPlaceStep(VALIDATE, "validate " + name + ": scan the existing rows while reads and writes go on",
                InPlaceStep.Kind.DDL, List.of(Statement.of("ALTER TABLE " + t() + " VALIDATE CONSTRAINT "
                + Sql.ident(name))), List.of(new LockUse(t(), LockLevel.SHARE_UPDATE_EXCLUSIVE)), validated(),
                InPlaceStep.Undo.NONE, afterValidation(),
                Estimates.of(f.heapBytes() + f.toastBytes(), Estimates.SCAN_BYTES_PER_SECOND),
                "SHARE UPDATE EXCLUSIVE blocks only other schema changes and VACUUM, not reads or writes",
                this::nulls);
    }

    /** What the table carries after the validation until the recipe finishes, or null. */
    private String afterValidation() {
        if (named()) {
            return fillTrigger ? "fill trigger " + n.fillTrigger() : null;
        }
        return "validated CHECK constraint " + name + " (dropped by SET NOT NULL's step)" + leftTrigger();
    }

    /** What follows the validation: SET NOT NULL and the CHECK's removal (12-17), the trigger's removal. */
    List<InPlaceStep> finishSteps() {
        List<InPlaceStep> out = new ArrayList<>();
        if (!named()) {
            List<Statement> sql = new ArrayList<>();
            sql.add(Statement.of("ALTER TABLE " + t() + " ALTER COLUMN " + Sql.ident(column) + " SET NOT NULL"));
            sql.add(dropConstraint());
            if (fillTrigger) {
                sql.addAll(FillTrigger.drop(f, n));
            }
            out.add(new InPlaceStep(SET_NOT_NULL, "SET NOT NULL (no scan: the valid CHECK " + name + " proves it), then "
                    + "drop the CHECK" + (fillTrigger ? " and the fill trigger" : "") + " in the same transaction",
                    InPlaceStep.Kind.DDL, sql, List.of(new LockUse(t(), LockLevel.ACCESS_EXCLUSIVE)),
                    Statement.of("""
                            SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ?
                                           AND attnotnull)
                               AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?
                                               AND contype = 'c')
                               AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = ?)""",
                            t(), column, t(), name, t(), n.fillTrigger()),
                    InPlaceStep.Undo.NONE, null, Duration.ofMillis(20),
                    "ACCESS EXCLUSIVE for milliseconds: PostgreSQL 12+ skips the NOT NULL scan when a valid CHECK "
                            + "proves it", null));
        } else if (fillTrigger) {
            out.add(FillTrigger.dropStep(f, n));
        }
        return out;
    }

    List<InPlaceStep> steps() {
        List<InPlaceStep> out = new ArrayList<>();
        out.add(constrainStep());
        out.add(validateStep());
        out.addAll(finishSteps());
        return out;
    }

    /**
     * Refuses when the constraint's name is taken by something else than the constraint this
     * recipe adds (which it then finds and continues from).
     */
    void checkName(Connection c) throws SQLException {
        Optional<String[]> k = Rows.first(c, Statement.of("""
                SELECT k.contype::text, regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', ''),
                       format('CHECK ((%I IS NOT NULL))', ?::text),
                       coalesce((SELECT a.attname = ? FROM pg_attribute a
                                 WHERE a.attrelid = k.conrelid AND a.attnum = k.conkey[1]), false)
                FROM pg_constraint k WHERE k.conrelid = ?::oid AND k.conname = ?""", column, column, f.oid(), name),
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), String.valueOf(rs.getBoolean(4))});
        if (k.isEmpty()) {
            return;
        }
        String[] e = k.get();
        boolean same = named() ? "n".equals(e[0]) && Boolean.parseBoolean(e[3]) : "c".equals(e[0]) && e[1].equals(e[2]);
        if (!same) {
            throw PgSwapException.refused(f.displayName() + " already has a constraint named " + name + " (" + e[1]
                    + "), which pgswap would use for NOT NULL on " + column + "; rename or drop it first");
        }
    }

    /** A validation that failed on NULLs: how many, which rows, what to do. */
    private PgSwapException nulls(Connection c, SQLException e) throws SQLException {
        if (!PgErrors.is(e, PgErrors.CHECK_VIOLATION) && !PgErrors.is(e, PgErrors.NOT_NULL_VIOLATION)) {
            return null;
        }
        String where = " FROM ONLY " + t() + " WHERE " + Sql.ident(column) + " IS NULL";
        long count = Rows.longValue(c, Statement.of("SELECT count(*)" + where));
        String keys = f.key().map(k -> String.join(", ", k.keyColumns().stream().map(Sql::ident).toList()))
                .orElse("ctid");
        List<String> samples = Rows.strings(c, Statement.of("SELECT (" + keys + ")::text" + where + " ORDER BY " + keys
                + " LIMIT 10"));
        String keyNames = f.key().map(k -> String.join(", ", k.keyColumns())).orElse("ctid");
        return new PgSwapException(ExitCode.FAILED, count + " row(s) of " + f.displayName() + " have NULL in "
                + column + ", e.g. " + keyNames + " = " + String.join("; ", samples) + ". The constraint " + name
                + " stays NOT VALID, so new and updated rows are checked. UPDATE those rows (SELECT *" + where
                + ") and run the same command again to validate, or 'pgswap abort " + f.displayName()
                + "' to remove what pgswap added", e, e.getSQLState());
    }
}
