package io.pgswap.lint.pgck;

import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.ConstraintKind;
import io.pgswap.lint.model.Expression;
import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLLexer;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLParser.*;

/** Parse tree to model for ALTER TABLE: the table and each of its actions, with their source text. */
final class AlterTableBuilder extends TreeText {
    AlterTableBuilder(Source source, CommonTokenStream tokens) {
        super(source, tokens);
    }

    Statement alterTable(Alter_table_statementContext c) {
        if (has(c, SQLLexer.FOREIGN) || has(c, SQLLexer.EXTERNAL)) {
            return new Statement.Other(source, kind(c.getParent(), 3));
        }
        List<AlterAction> actions = new ArrayList<>();
        for (Table_actionContext a : c.table_action()) {
            actions.add(action(a));
        }
        if (has(c, SQLLexer.RENAME)) {
            Source s = source(c.RENAME().getSymbol(), c.getStop());
            String from = ident(c.identifier(0));
            String to = ident(c.identifier(1));
            actions.add(has(c, SQLLexer.CONSTRAINT) ? new AlterAction.RenameConstraint(s, from, to)
                    : new AlterAction.RenameColumn(s, from, to));
        } else if (c.rename_to() != null) {
            actions.add(new AlterAction.RenameTable(source(c.rename_to()), ident(c.rename_to().name)));
        } else if (c.set_schema() != null) {
            actions.add(new AlterAction.SetSchema(source(c.set_schema()), ident(c.set_schema().identifier())));
        } else if (c.alter_partition() != null) {
            Alter_partitionContext p = c.alter_partition();
            actions.add(p.ATTACH() != null
                    ? new AlterAction.AttachPartition(source(p), name(p.partition_table_value().schema_qualified_name()))
                    : new AlterAction.DetachPartition(source(p), name(p.child), p.CONCURRENTLY() != null));
        } else if (actions.isEmpty()) {
            int next = c.name.getStop().getTokenIndex() + 1;
            while (tokens.get(next).getChannel() != Token.DEFAULT_CHANNEL) {
                next++;
            }
            actions.add(new AlterAction.Other(source(tokens.get(next), c.getStop()), "OTHER"));
        }
        return new Statement.AlterTable(source, name(c.name), c.if_exists() != null, has(c, SQLLexer.ONLY),
                actions);
    }

    private AlterAction action(Table_actionContext a) {
        Source s = source(a);
        if (a.table_column_definition() != null) {
            return addColumn(s, a.table_column_definition(), a.if_not_exists() != null);
        }
        if (has(a, SQLLexer.DROP) && a.column != null) {
            return new AlterAction.DropColumn(s, ident(a.column), a.if_exists() != null, cascade(a.cascade_restrict()));
        }
        if (a.column_action() != null) {
            return columnAction(s, ident(a.column), a.column_action());
        }
        if (a.tabl_constraint != null) {
            return constraint(s, a.tabl_constraint, List.of());
        }
        if (a.validate_constraint() != null) {
            List<String> parts = parts(a.validate_constraint().constraint_name);
            return new AlterAction.ValidateConstraint(s, parts.get(parts.size() - 1));
        }
        if (a.drop_constraint() != null) {
            Drop_constraintContext d = a.drop_constraint();
            return new AlterAction.DropConstraint(s, ident(d.constraint_name), d.if_exists() != null);
        }
        if (a.set_tablespace() != null) {
            return new AlterAction.SetTablespace(s, ident(a.set_tablespace().identifier()));
        }
        if (a.storage_parameters() != null && has(a, SQLLexer.SET)) {
            return new AlterAction.SetStorageParameters(s, null, parameterNames(a.storage_parameters()), false);
        }
        if (a.names_in_parens() != null && has(a, SQLLexer.RESET)) {
            return new AlterAction.SetStorageParameters(s, null, names(a.names_in_parens()), true);
        }
        return new AlterAction.Other(s, kind(a, 4));
    }

    private AlterAction addColumn(Source s, Table_column_definitionContext d, boolean ifNotExists) {
        String column = ident(d.identifier());
        Expression defaultValue = null;
        boolean notNull = false;
        AlterAction.Generated generated = AlterAction.Generated.NONE;
        List<AlterAction.AddConstraint> constraints = new ArrayList<>();
        for (Constraint_commonContext cc : d.constraint_common()) {
            Constr_bodyContext b = cc.constr_body();
            if (b.default_expr != null) {
                defaultValue = expression(b.default_expr);
            } else if (has(b, SQLLexer.NULL)) {
                notNull |= has(b, SQLLexer.NOT);
            } else if (b.identity_body() != null) {
                generated = AlterAction.Generated.IDENTITY;
            } else if (has(b, SQLLexer.GENERATED)) {
                generated = has(b, SQLLexer.STORED) ? AlterAction.Generated.STORED : AlterAction.Generated.VIRTUAL;
            } else {
                if (has(cc, SQLLexer.NOT) && has(cc, SQLLexer.VALID)) {
                    // the grammar takes it, PostgreSQL does not: NOT VALID belongs to ADD CONSTRAINT only
                    Source at = source(cc);
                    throw new io.pgswap.lint.SqlSyntaxException(at.line(), at.column(), "syntax error at or near "
                            + "\"NOT\": NOT VALID is not allowed on a column's constraint (only in ADD CONSTRAINT)");
                }
                constraints.add(constraint(source(cc), cc, List.of(column)));
            }
        }
        return new AlterAction.AddColumn(s, column, text(d.data_type()),
                d.collate_identifier() == null ? null : text(d.collate_identifier()), defaultValue, notNull,
                ifNotExists, generated, constraints);
    }

    private AlterAction columnAction(Source s, String column, Column_actionContext c) {
        if (c.data_type() != null) {
            return new AlterAction.AlterColumnType(s, column, text(c.data_type()),
                    c.collate_identifier() == null ? null : name(c.collate_identifier().collation).name(),
                    c.vex() == null ? null : expression(c.vex()));
        }
        if (c.set_def_column() != null) {
            return new AlterAction.SetDefault(s, column, expression(c.set_def_column().vex()));
        }
        if (c.drop_def() != null) {
            return new AlterAction.DropDefault(s, column);
        }
        if (has(c, SQLLexer.NOT) && has(c, SQLLexer.NULL)) {
            return has(c, SQLLexer.SET) ? new AlterAction.SetNotNull(s, column)
                    : new AlterAction.DropNotNull(s, column);
        }
        if (c.set_statistics() != null) {
            Set_statisticsContext st = c.set_statistics();
            return new AlterAction.SetStatistics(s, column,
                    st.signediconst() == null ? null : text(st.signediconst()));
        }
        if (c.storage_parameters() != null) {
            return new AlterAction.SetStorageParameters(s, column, parameterNames(c.storage_parameters()), false);
        }
        if (c.names_in_parens() != null && has(c, SQLLexer.RESET)) {
            return new AlterAction.SetStorageParameters(s, column, names(c.names_in_parens()), true);
        }
        return new AlterAction.Other(s, "ALTER COLUMN " + kind(c, 3));
    }

    private AlterAction.AddConstraint constraint(Source s, Constraint_commonContext cc, List<String> column) {
        Constr_bodyContext b = cc.constr_body();
        String name = cc.identifier() == null ? null : ident(cc.identifier());
        boolean notValid = has(cc, SQLLexer.NOT) && has(cc, SQLLexer.VALID);
        String definition = text(b);
        List<String> other = otherClauses(cc);
        if (has(b, SQLLexer.REFERENCES)) {
            List<String> columns = b.col_period == null ? column : names(b.col_period);
            String onDelete = null;
            String onUpdate = null;
            for (Changed_actionContext ch : b.changed_action()) {
                if (ch.DELETE() != null) {
                    onDelete = text(ch.action());
                } else {
                    onUpdate = text(ch.action());
                }
            }
            if (has(b, SQLLexer.MATCH) && !has(b, SQLLexer.SIMPLE)) {
                other.add(has(b, SQLLexer.FULL) ? "MATCH FULL" : "MATCH PARTIAL");
            }
            if (definition.toUpperCase(java.util.Locale.ROOT).contains("PERIOD")) {
                other.add("PERIOD");
            }
            return new AlterAction.AddConstraint(s, ConstraintKind.FOREIGN_KEY, name, definition, notValid, null,
                    columns, b.col_period == null ? null : text(b.col_period), name(b.schema_qualified_name()),
                    b.ref_period == null ? List.of() : names(b.ref_period), null, onDelete, onUpdate, other);
        }
        if (has(b, SQLLexer.CHECK)) {
            noInherit(b, other);
            return new AlterAction.AddConstraint(s, ConstraintKind.CHECK, name, definition, notValid, null,
                    List.of(), null, null, List.of(), expression(b.expression), null, null, other);
        }
        boolean unique = has(b, SQLLexer.UNIQUE);
        if (unique || has(b, SQLLexer.PRIMARY)) {
            Index_parametersContext p = b.index_parameters();
            String usingIndex = p != null && p.INDEX() != null && p.schema_qualified_name() != null
                    ? last(parts(p.schema_qualified_name())) : null;
            if (b.nulls_distinction() != null && has(b.nulls_distinction(), SQLLexer.NOT)) {
                other.add("NULLS NOT DISTINCT");
            }
            if (definition.toUpperCase(java.util.Locale.ROOT).contains("OVERLAPS")) {
                other.add("WITHOUT OVERLAPS");
            }
            if (p != null && (p.including_index() != null || p.with_storage_parameter() != null
                    || p.table_space() != null)) {
                other.add(text(p));
            }
            List<String> columns = b.col_overlaps == null ? column : names(b.col_overlaps);
            return new AlterAction.AddConstraint(s, unique ? ConstraintKind.UNIQUE : ConstraintKind.PRIMARY_KEY,
                    name, definition, notValid, usingIndex, columns,
                    b.col_overlaps == null ? null : text(b.col_overlaps), null, List.of(), null, null, null, other);
        }
        if (has(b, SQLLexer.EXCLUDE)) {
            return new AlterAction.AddConstraint(s, ConstraintKind.EXCLUDE, name, definition, notValid, null,
                    List.of(), null, null, List.of(), null, null, null, other);
        }
        noInherit(b, other);
        List<String> columns = b.col_name == null ? column : List.of(last(parts(b.col_name)));
        return new AlterAction.AddConstraint(s, ConstraintKind.NOT_NULL, name, definition, notValid, null,
                columns, null, null, List.of(), null, null, null, other);
    }

    /** DEFERRABLE, INITIALLY DEFERRED, NOT ENFORCED: what no pgswap command sets (the defaults are left out). */
    private static List<String> otherClauses(Constraint_commonContext cc) {
        List<String> out = new ArrayList<>();
        if (cc.table_deferrable() != null && !has(cc.table_deferrable(), SQLLexer.NOT)) {
            out.add("DEFERRABLE");
        }
        if (cc.table_initialy_immed() != null && has(cc.table_initialy_immed(), SQLLexer.DEFERRED)) {
            out.add("INITIALLY DEFERRED");
        }
        if (cc.table_enforced() != null && has(cc.table_enforced(), SQLLexer.NOT)) {
            out.add("NOT ENFORCED");
        }
        return out;
    }

    private static void noInherit(Constr_bodyContext b, List<String> other) {
        if (b.inherit_option() != null && has(b.inherit_option(), SQLLexer.NO)) {
            other.add("NO INHERIT");
        }
    }

    // ---- DROP ----

}
