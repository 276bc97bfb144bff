package io.pgswap.lint.model;

import java.util.List;

/**
 * One subcommand of ALTER TABLE, with its verbatim {@link Source} (for instance
 * {@code ALTER COLUMN id TYPE bigint}), ready to be passed on as written.
 */
public sealed interface AlterAction {
    Source source();

    /** How the values of an added column are produced besides its default. */
    enum Generated { NONE, IDENTITY, STORED, VIRTUAL }

    /**
     * ADD [COLUMN] [IF NOT EXISTS] name type [constraints]. {@code defaultValue} is null without a
     * DEFAULT; {@code constraints} are the column's own UNIQUE, PRIMARY KEY, REFERENCES and CHECK
     * constraints, each as an {@link AddConstraint} on this column.
     */
    record AddColumn(Source source, String column, String typeText, String collation, Expression defaultValue,
                     boolean notNull, boolean ifNotExists, Generated generated, List<AddConstraint> constraints)
            implements AlterAction {
        public AddColumn {
            constraints = List.copyOf(constraints);
        }

        /** The type as a column definition writes it: with its COLLATE clause, when it has one. */
        public String typeWithCollation() {
            return collation == null ? typeText : typeText + " " + collation;
        }
    }

    /**
     * ALTER [COLUMN] column [SET DATA] TYPE type [COLLATE c] [USING expr]; {@code collation}, the name
     * given after COLLATE (folded, without its schema), and {@code using} may be null.
     */
    record AlterColumnType(Source source, String column, String typeText, String collation, Expression using)
            implements AlterAction {
    }

    record SetNotNull(Source source, String column) implements AlterAction {
    }

    record DropNotNull(Source source, String column) implements AlterAction {
    }

    record SetDefault(Source source, String column, Expression value) implements AlterAction {
    }

    record DropDefault(Source source, String column) implements AlterAction {
    }

    record DropColumn(Source source, String column, boolean ifExists, boolean cascade) implements AlterAction {
    }

    /**
     * ADD [CONSTRAINT name] body [NOT VALID], or a constraint inside ADD COLUMN.
     *
     * @param name              null when unnamed
     * @param definitionText    the body as written, e.g. {@code CHECK (amount > 0)}
     * @param usingIndex        UNIQUE/PRIMARY KEY ... USING INDEX name, else null
     * @param columns           the constrained columns (FOREIGN KEY, UNIQUE, PRIMARY KEY), else empty
     * @param columnsText       their parenthesized list as written, e.g. {@code (email)}, else null
     * @param referencedTable   FOREIGN KEY's referenced table, else null
     * @param referencedColumns FOREIGN KEY's referenced columns (empty: the referenced primary key)
     * @param check             CHECK's expression, else null
     * @param onDelete          FOREIGN KEY's ON DELETE action as written (e.g. {@code CASCADE}), else null
     * @param onUpdate          FOREIGN KEY's ON UPDATE action as written, else null
     * @param otherClauses      what the constraint says that pgswap's commands cannot (DEFERRABLE, INITIALLY
     *                          DEFERRED, MATCH FULL, NO INHERIT, NULLS NOT DISTINCT, ...), so a suggestion
     *                          without them is only the closest one
     */
    record AddConstraint(Source source, ConstraintKind kind, String name, String definitionText, boolean notValid,
                         String usingIndex, List<String> columns, String columnsText, RelationName referencedTable,
                         List<String> referencedColumns, Expression check, String onDelete, String onUpdate,
                         List<String> otherClauses) implements AlterAction {
        public AddConstraint {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
            otherClauses = List.copyOf(otherClauses);
        }
    }

    record ValidateConstraint(Source source, String name) implements AlterAction {
    }

    record DropConstraint(Source source, String name, boolean ifExists) implements AlterAction {
    }

    record RenameColumn(Source source, String from, String to) implements AlterAction {
    }

    /** RENAME TO newName. */
    record RenameTable(Source source, String newName) implements AlterAction {
    }

    record RenameConstraint(Source source, String from, String to) implements AlterAction {
    }

    record SetSchema(Source source, String schema) implements AlterAction {
    }

    record SetTablespace(Source source, String tablespace) implements AlterAction {
    }

    /** ALTER [COLUMN] column SET STATISTICS value. */
    record SetStatistics(Source source, String column, String value) implements AlterAction {
    }

    /**
     * SET (params) / RESET (params) on the table ({@code column} null) or on a column
     * ({@code ALTER COLUMN c SET (n_distinct = ...)}); {@code names} are the parameter names, lower case.
     */
    record SetStorageParameters(Source source, String column, List<String> names, boolean reset)
            implements AlterAction {
        public SetStorageParameters {
            names = List.copyOf(names);
        }
    }

    /** ATTACH PARTITION partition FOR VALUES .... */
    record AttachPartition(Source source, RelationName partition) implements AlterAction {
    }

    /** DETACH PARTITION partition [CONCURRENTLY | FINALIZE]. */
    record DetachPartition(Source source, RelationName partition, boolean concurrently) implements AlterAction {
    }

    /**
     * Any other subcommand; {@code kind} is its leading keywords in upper case, e.g.
     * {@code ENABLE TRIGGER}, {@code SET LOGGED}, {@code CLUSTER ON}, {@code ALTER COLUMN SET STORAGE}.
     */
    record Other(Source source, String kind) implements AlterAction {
    }
}
