package io.pgswap.lint.pgck;

import io.pgswap.lint.SqlParser;
import io.pgswap.lint.SqlSyntaxException;
import io.pgswap.lint.StatementSplitter;
import io.pgswap.lint.model.AlterAction;
import io.pgswap.lint.model.ConstraintKind;
import io.pgswap.lint.model.Expression;
import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLLexer;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLParser;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLParser.*;

/**
 * The one place that knows pgCodeKeeper's ANTLR grammar of PostgreSQL (Apache-2.0): it parses a
 * statement and turns the parse tree into pgswap's own {@link Statement} model. Parsing runs in
 * ANTLR's fast SLL mode first and falls back to full LL only when SLL gives up, so a statement is
 * accepted exactly when the grammar accepts it.
 */
public final class PgCodeKeeperParser implements SqlParser {

    @Override
    public Statement parse(Source source) {
        String lexable = StatementSplitter.withDoubledQuotes(source.text());
        SQLLexer lexer = new SQLLexer(CharStreams.fromString(lexable));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        SQLParser parser = new SQLParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        SqlContext tree;
        try {
            tree = parser.sql();
        } catch (ParseCancellationException sllGaveUp) {
            tokens.seek(0);
            parser.reset();
            FirstError errors = new FirstError(source.text());
            lexer.addErrorListener(errors);
            parser.addErrorListener(errors);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.sql();
            if (errors.message != null) {
                throw syntaxError(source, errors.line, errors.column, errors.message);
            }
        }
        if (tree.statement().size() != 1) {
            throw syntaxError(source, 1, 0, "expected one statement, found " + tree.statement().size());
        }
        return new Builder(source, tokens).statement(tree.statement(0));
    }

    private static SqlSyntaxException syntaxError(Source s, int line, int charInLine, String message) {
        int fileLine = s.line() + line - 1;
        int fileColumn = line == 1 ? s.column() + charInLine : charInLine + 1;
        return new SqlSyntaxException(fileLine, fileColumn, message);
    }

    /** Keeps the first syntax error, worded like PostgreSQL's ("syntax error at or near ..."). */
    private static final class FirstError extends BaseErrorListener {
        private final String text;
        String message;
        int line;
        int column;

        FirstError(String text) {
            this.text = text;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int charPositionInLine,
                                String msg, RecognitionException e) {
            if (message != null) {
                return;
            }
            this.line = line;
            this.column = charPositionInLine;
            if (offending instanceof Token t && t.getType() == Token.EOF) {
                message = "syntax error at end of statement";
            } else if (offending instanceof Token t) {
                int from = text.offsetByCodePoints(0, Math.min(t.getStartIndex(), text.codePointCount(0, text.length())));
                int to = text.offsetByCodePoints(0, Math.min(t.getStopIndex() + 1, text.codePointCount(0, text.length())));
                message = "syntax error at or near \"" + text.substring(from, Math.max(from, to)) + "\"";
            } else {
                message = "syntax error: " + msg;
            }
        }
    }

    /** Parse tree to model, for one statement. */
    private static final class Builder {
        private final Source source;
        private final String text;
        private final CommonTokenStream tokens;
        private final int[] charOffsets;

        Builder(Source source, CommonTokenStream tokens) {
            this.source = source;
            this.text = source.text();
            this.tokens = tokens;
            this.charOffsets = text.length() == text.codePointCount(0, text.length()) ? null : codePointOffsets(text);
        }

        Statement statement(StatementContext st) {
            if (st.schema_statement() != null) {
                Schema_statementContext s = st.schema_statement();
                if (s.schema_create() != null) {
                    return create(s.schema_create());
                }
                if (s.schema_alter() != null && s.schema_alter().alter_table_statement() != null) {
                    return alterTable(s.schema_alter().alter_table_statement());
                }
                if (s.schema_drop() != null && s.schema_drop().drop_statements() != null) {
                    return drop(s.schema_drop().drop_statements());
                }
            } else if (st.script_statement() != null) {
                Script_statementContext s = st.script_statement();
                if (s.script_transaction() != null) {
                    return transaction(s.script_transaction());
                }
                return additional(s.script_additional());
            }
            return other(st);
        }

        private Statement other(ParserRuleContext ctx) {
            return new Statement.Other(source, kind(ctx, 4));
        }

        // ---- CREATE ----

        private Statement create(Schema_createContext c) {
            if (c.create_index_statement() != null) {
                return createIndex(c.create_index_statement());
            }
            if (c.create_table_statement() != null) {
                return createTable(c.create_table_statement());
            }
            if (c.create_trigger_statement() != null) {
                Create_trigger_statementContext t = c.create_trigger_statement();
                return new Statement.CreateTrigger(source, name(t.table_name), ident(t.name));
            }
            if (c.set_statement() != null) {
                return set(c.set_statement().set_action(), c);
            }
            return other(c);
        }

        private Statement createIndex(Create_index_statementContext c) {
            Index_restContext rest = c.index_rest();
            Including_indexContext include = rest.including_index();
            List<String> other = new ArrayList<>();
            for (ParserRuleContext clause : new ParserRuleContext[] {rest.nulls_distinction(),
                rest.with_storage_parameter(), rest.table_space()}) {
                if (clause != null) {
                    other.add(text(clause));
                }
            }
            return new Statement.CreateIndex(source, name(c.table_name), c.name == null ? null : ident(c.name),
                    has(c, SQLLexer.UNIQUE), has(c, SQLLexer.CONCURRENTLY), c.if_not_exists() != null,
                    has(c, SQLLexer.ONLY), rest.method == null ? null : ident(rest.method), text(rest.index_columns()),
                    include == null ? null : text(include.LEFT_PAREN().getSymbol(), include.getStop()),
                    rest.index_where() == null ? null : text(rest.index_where().vex()), other);
        }

        private Statement createTable(Create_table_statementContext c) {
            List<Statement.ColumnDef> columns = new ArrayList<>();
            Set<RelationName> references = new LinkedHashSet<>();
            RelationName partitionOf = null;
            Define_tableContext def = c.define_table();
            if (def.define_columns() != null) {
                for (Table_column_defContext col : def.define_columns().table_column_def()) {
                    if (col.table_column_definition() != null) {
                        Table_column_definitionContext d = col.table_column_definition();
                        columns.add(new Statement.ColumnDef(ident(d.identifier()), text(d.data_type())));
                    }
                }
            } else if (def.define_partition() != null) {
                partitionOf = name(def.define_partition().parent_table);
            }
            collectReferences(def, references);
            return new Statement.CreateTable(source, name(c.name), c.if_not_exists() != null, columns,
                    List.copyOf(references), partitionOf);
        }

        private void collectReferences(ParseTree tree, Set<RelationName> out) {
            if (tree instanceof Constr_bodyContext b && has(b, SQLLexer.REFERENCES)) {
                out.add(name(b.schema_qualified_name()));
            }
            for (int i = 0; i < tree.getChildCount(); i++) {
                collectReferences(tree.getChild(i), out);
            }
        }

        private Statement set(Set_actionContext a, ParserRuleContext whole) {
            Session_local_optionContext o = a.session_local_option();
            if (o == null || o.config_param == null || o.set_statement_value() == null) {
                return other(whole);
            }
            String name = (o.config_scope == null ? "" : ident(o.config_scope) + ".") + ident(o.config_param);
            Set_statement_valueContext v = o.set_statement_value();
            return new Statement.SetParameter(source, name, v.DEFAULT() != null ? null : text(v),
                    has(a, SQLLexer.LOCAL));
        }

        // ---- ALTER TABLE ----

        private Statement alterTable(Alter_table_statementContext c) {
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
                    constraints.add(constraint(source(cc), cc, List.of(column)));
                }
            }
            return new AlterAction.AddColumn(s, column, text(d.data_type()), defaultValue, notNull, ifNotExists,
                    generated, constraints);
        }

        private AlterAction columnAction(Source s, String column, Column_actionContext c) {
            if (c.data_type() != null) {
                return new AlterAction.AlterColumnType(s, column, text(c.data_type()),
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
            if (has(b, SQLLexer.REFERENCES)) {
                List<String> columns = b.col_period == null ? column : names(b.col_period);
                String onDelete = null;
                for (Changed_actionContext ch : b.changed_action()) {
                    if (ch.DELETE() != null) {
                        onDelete = text(ch.action());
                    }
                }
                return new AlterAction.AddConstraint(s, ConstraintKind.FOREIGN_KEY, name, definition, notValid, null,
                        columns, b.col_period == null ? null : text(b.col_period), name(b.schema_qualified_name()),
                        b.ref_period == null ? List.of() : names(b.ref_period), null, onDelete);
            }
            if (has(b, SQLLexer.CHECK)) {
                return new AlterAction.AddConstraint(s, ConstraintKind.CHECK, name, definition, notValid, null,
                        List.of(), null, null, List.of(), expression(b.expression), null);
            }
            boolean unique = has(b, SQLLexer.UNIQUE);
            if (unique || has(b, SQLLexer.PRIMARY)) {
                Index_parametersContext p = b.index_parameters();
                String usingIndex = p != null && p.INDEX() != null && p.schema_qualified_name() != null
                        ? last(parts(p.schema_qualified_name())) : null;
                List<String> columns = b.col_overlaps == null ? column : names(b.col_overlaps);
                return new AlterAction.AddConstraint(s, unique ? ConstraintKind.UNIQUE : ConstraintKind.PRIMARY_KEY,
                        name, definition, notValid, usingIndex, columns,
                        b.col_overlaps == null ? null : text(b.col_overlaps), null, List.of(), null, null);
            }
            if (has(b, SQLLexer.EXCLUDE)) {
                return new AlterAction.AddConstraint(s, ConstraintKind.EXCLUDE, name, definition, notValid, null,
                        List.of(), null, null, List.of(), null, null);
            }
            List<String> columns = b.col_name == null ? column : List.of(last(parts(b.col_name)));
            return new AlterAction.AddConstraint(s, ConstraintKind.NOT_NULL, name, definition, notValid, null,
                    columns, null, null, List.of(), null, null);
        }

        // ---- DROP ----

        private Statement drop(Drop_statementsContext d) {
            If_exist_names_restrict_cascadeContext n = d.if_exist_names_restrict_cascade();
            List<RelationName> names = new ArrayList<>();
            for (Schema_qualified_nameContext q : n.names_references().schema_qualified_name()) {
                names.add(name(q));
            }
            boolean ifExists = n.if_exists() != null;
            if (has(d, SQLLexer.INDEX)) {
                return new Statement.DropIndex(source, names, has(d, SQLLexer.CONCURRENTLY), ifExists);
            }
            if (has(d, SQLLexer.TABLE) && !has(d, SQLLexer.FOREIGN) && !has(d, SQLLexer.EXTERNAL)) {
                return new Statement.DropTable(source, names, ifExists, cascade(n.cascade_restrict()));
            }
            return other(d.getParent());
        }

        // ---- transactions, LOCK ----

        private Statement transaction(Script_transactionContext t) {
            if (t.lock_table() != null) {
                Lock_tableContext l = t.lock_table();
                List<RelationName> tables = new ArrayList<>();
                for (Only_table_multiplyContext o : l.only_table_multiply()) {
                    tables.add(name(o.schema_qualified_name()));
                }
                LockMode mode = l.lock_mode() == null ? LockMode.ACCESS_EXCLUSIVE
                        : LockMode.valueOf(kind(l.lock_mode(), 3).replace(' ', '_'));
                return new Statement.Lock(source, tables, mode, l.NOWAIT() != null);
            }
            boolean plain = !has(t, SQLLexer.TO) && !has(t, SQLLexer.PREPARED) && !has(t, SQLLexer.PREPARE)
                    && !has(t, SQLLexer.SAVEPOINT) && !has(t, SQLLexer.RELEASE);
            if (plain && (has(t, SQLLexer.BEGIN) || has(t, SQLLexer.START))) {
                return new Statement.Begin(source);
            }
            if (plain && (has(t, SQLLexer.COMMIT) || has(t, SQLLexer.END))) {
                return new Statement.Commit(source);
            }
            if (plain && (has(t, SQLLexer.ROLLBACK) || has(t, SQLLexer.ABORT))) {
                return new Statement.Rollback(source);
            }
            return other(t);
        }

        // ---- VACUUM, CLUSTER, REINDEX, RESET ----

        private Statement additional(Script_additionalContext s) {
            if (has(s, SQLLexer.VACUUM)) {
                return new Statement.Vacuum(source, vacuumFull(s.vacuum_mode()), tables(s.table_cols_list()));
            }
            Additional_statementContext a = s.additional_statement();
            if (a == null) {
                return other(s);
            }
            if (a.cluster_stmt() != null) {
                Cluster_stmtContext c = a.cluster_stmt();
                return new Statement.Cluster(source,
                        c.schema_qualified_name() == null ? null : name(c.schema_qualified_name()),
                        c.identifier() == null ? null : ident(c.identifier()));
            }
            if (a.reindex_stmt() != null) {
                return reindex(a.reindex_stmt());
            }
            if (has(a, SQLLexer.RESET)) {
                String name = has(a, SQLLexer.ALL) ? null
                        : has(a, SQLLexer.TIME) ? "timezone"
                        : has(a, SQLLexer.SESSION) ? "session_authorization"
                        : (a.identifier().size() == 2 ? ident(a.identifier(0)) + "." : "") + ident(last(a.identifier()));
                return new Statement.ResetParameter(source, name);
            }
            return other(a);
        }

        private static boolean vacuumFull(Vacuum_modeContext m) {
            if (m == null) {
                return false;
            }
            if (m.FULL() != null) {
                return true;
            }
            for (Vacuum_optionContext o : m.vacuum_option()) {
                if (o.FULL() != null) {
                    String v = o.boolean_value() == null ? "true" : o.boolean_value().getText().toLowerCase(Locale.ROOT);
                    return !(v.equals("false") || v.equals("off") || v.equals("0"));
                }
            }
            return false;
        }

        private Statement reindex(Reindex_stmtContext r) {
            Statement.ReindexKind kind = has(r, SQLLexer.INDEX) ? Statement.ReindexKind.INDEX
                    : has(r, SQLLexer.TABLE) ? Statement.ReindexKind.TABLE
                    : has(r, SQLLexer.SCHEMA) ? Statement.ReindexKind.SCHEMA
                    : has(r, SQLLexer.DATABASE) ? Statement.ReindexKind.DATABASE : Statement.ReindexKind.SYSTEM;
            boolean concurrently = has(r, SQLLexer.CONCURRENTLY);
            if (r.reindex_options() != null) {
                for (Reindex_optionContext o : r.reindex_options().reindex_option()) {
                    if (o.CONCURRENTLY() != null) {
                        String v = o.boolean_value() == null ? "true" : o.boolean_value().getText().toLowerCase(Locale.ROOT);
                        concurrently = !(v.equals("false") || v.equals("off") || v.equals("0"));
                    }
                }
            }
            return new Statement.Reindex(source, kind,
                    r.schema_qualified_name() == null ? null : name(r.schema_qualified_name()), concurrently);
        }

        // ---- helpers: names, text, expressions ----

        private List<RelationName> tables(Table_cols_listContext list) {
            List<RelationName> out = new ArrayList<>();
            if (list != null) {
                for (Inheritance_specified_table_colsContext t : list.inheritance_specified_table_cols()) {
                    out.add(name(t.schema_qualified_name()));
                }
            }
            return out;
        }

        private Expression expression(ParserRuleContext vex) {
            List<String> functions = new ArrayList<>();
            collectFunctions(vex, functions);
            return new Expression(text(vex), functions);
        }

        private void collectFunctions(ParseTree tree, List<String> out) {
            if (tree instanceof Function_callContext f) {
                if (f.schema_qualified_name_nontype() != null) {
                    out.add(String.join(".", parts(f.schema_qualified_name_nontype())));
                } else {
                    String first = f.getStart().getText().toLowerCase(Locale.ROOT);
                    if (!first.equals("cast") && !first.equals("treat") && !first.equals("row")) {
                        out.add(first);
                    }
                }
            }
            for (int i = 0; i < tree.getChildCount(); i++) {
                collectFunctions(tree.getChild(i), out);
            }
        }

        private static boolean cascade(Cascade_restrictContext c) {
            return c != null && c.getText().equalsIgnoreCase("cascade");
        }

        private List<String> parameterNames(Storage_parametersContext p) {
            List<String> out = new ArrayList<>();
            for (Storage_parameter_optionContext o : p.storage_parameter_option()) {
                out.add(text(o.storage_parameter_name()).toLowerCase(Locale.ROOT).replace(" ", ""));
            }
            return out;
        }

        private List<String> names(Names_in_parensContext n) {
            List<String> out = new ArrayList<>();
            for (Schema_qualified_nameContext q : n.names_references().schema_qualified_name()) {
                out.add(String.join(".", parts(q)));
            }
            return out;
        }

        private List<String> names(Names_with_periodContext n) {
            List<String> out = new ArrayList<>();
            for (Schema_qualified_nameContext q : n.schema_qualified_name()) {
                out.add(last(parts(q)));
            }
            return out;
        }

        private List<String> names(Names_without_overlapsContext n) {
            List<String> out = new ArrayList<>();
            for (Schema_qualified_nameContext q : n.schema_qualified_name()) {
                out.add(last(parts(q)));
            }
            return out;
        }

        private RelationName name(ParserRuleContext qualified) {
            List<String> p = parts(qualified);
            int n = p.size();
            return n == 1 ? RelationName.of(p.get(0)) : new RelationName(p.get(n - 2), p.get(n - 1));
        }

        /** The identifiers of a dotted name, each unquoted or case-folded. */
        private List<String> parts(ParserRuleContext qualified) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < qualified.getChildCount(); i++) {
                if (qualified.getChild(i) instanceof ParserRuleContext part) {
                    out.add(ident(part));
                }
            }
            return out;
        }

        private String ident(ParserRuleContext ctx) {
            return Identifiers.fold(text(ctx));
        }

        private static <T> T last(List<T> list) {
            return list.get(list.size() - 1);
        }

        /** Up to max leading keywords of ctx, upper case: "CREATE FUNCTION", "ENABLE TRIGGER". */
        private String kind(ParserRuleContext ctx, int max) {
            List<String> words = new ArrayList<>();
            for (int i = ctx.getStart().getTokenIndex(); i <= ctx.getStop().getTokenIndex() && words.size() < max; i++) {
                Token t = tokens.get(i);
                if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                    continue;
                }
                String sym = SQLLexer.VOCABULARY.getSymbolicName(t.getType());
                String word = tokenText(t);
                if (sym == null || !sym.equalsIgnoreCase(word)) {
                    break;
                }
                words.add(word.toUpperCase(Locale.ROOT));
            }
            return words.isEmpty() ? "OTHER" : String.join(" ", words);
        }

        private static boolean has(ParserRuleContext ctx, int tokenType) {
            for (int i = 0; i < ctx.getChildCount(); i++) {
                if (ctx.getChild(i) instanceof TerminalNode t && t.getSymbol().getType() == tokenType) {
                    return true;
                }
            }
            return false;
        }

        private String text(ParserRuleContext ctx) {
            return text(ctx.getStart(), ctx.getStop());
        }

        private String text(Token from, Token to) {
            return text.substring(offset(from.getStartIndex()), offset(to.getStopIndex() + 1));
        }

        private String tokenText(Token t) {
            return text(t, t);
        }

        private Source source(ParserRuleContext ctx) {
            return source(ctx.getStart(), ctx.getStop());
        }

        private Source source(Token from, Token to) {
            return source.slice(offset(from.getStartIndex()), offset(to.getStopIndex() + 1));
        }

        /** ANTLR counts code points; Java strings count UTF-16 units. */
        private int offset(int codePointIndex) {
            return charOffsets == null ? codePointIndex : charOffsets[codePointIndex];
        }

        private static int[] codePointOffsets(String s) {
            int[] out = new int[s.codePointCount(0, s.length()) + 1];
            int cp = 0;
            for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
                out[cp++] = i;
            }
            out[cp] = s.length();
            return out;
        }
    }
}
