package io.pgswap.lint.pgck;

import io.pgswap.lint.model.LockMode;
import io.pgswap.lint.model.RelationName;
import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLLexer;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLParser.*;

/** Parse tree to model, for one statement (ALTER TABLE's actions in {@link AlterTableBuilder}). */
final class StatementBuilder extends TreeText {
    StatementBuilder(Source source, CommonTokenStream tokens) {
        super(source, tokens);
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
            if (s.schema_drop() != null) {
                return dropOnTable(s.schema_drop(), st);
            }
            if (s.schema_alter() != null && s.schema_alter().alter_policy_statement() != null) {
                return exclusive("ALTER POLICY", s.schema_alter().alter_policy_statement().schema_qualified_name());
            }
        } else if (st.script_statement() != null) {
            Script_statementContext s = st.script_statement();
            if (s.script_transaction() != null) {
                return transaction(s.script_transaction());
            }
            return additional(s.script_additional());
        }
        java.util.regex.Matcher m = SET_CONFIG.matcher(source.text());
        if (m.matches()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            // set_config's value is the setting's text: for search_path a list ('app, public' is two schemas)
            return new Statement.SetParameter(source, name, name.equals("search_path") ? m.group(2)
                    : "'" + m.group(2) + "'", m.group(3).equalsIgnoreCase("true"));
        }
        return other(st);
    }

    /** SELECT set_config('name', 'value', is_local): what SET does, in the form pg_dump writes. */
    private static final java.util.regex.Pattern SET_CONFIG = java.util.regex.Pattern.compile(
            "(?is)SELECT\\s+(?:pg_catalog\\s*\\.\\s*)?set_config\\s*\\(\\s*'([A-Za-z_.]+)'\\s*,\\s*'([^']*)'\\s*,"
                    + "\\s*(true|false)\\s*\\)\\s*");

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
        if (c.create_policy_statement() != null) {
            return exclusive("CREATE POLICY", c.create_policy_statement().schema_qualified_name());
        }
        if (c.create_rewrite_statement() != null && c.create_rewrite_statement().table_name != null) {
            return exclusive("CREATE RULE", c.create_rewrite_statement().table_name);
        }
        if (c.create_sequence_statement() != null && c.create_sequence_statement().name != null) {
            return new Statement.CreateRelation(source, "CREATE SEQUENCE", name(c.create_sequence_statement().name),
                    false);
        }
        if (c.create_view_statement() != null && c.create_view_statement().name != null) {
            Create_view_statementContext v = c.create_view_statement();
            return new Statement.CreateRelation(source, v.MATERIALIZED() != null ? "CREATE MATERIALIZED VIEW"
                    : "CREATE VIEW", name(v.name), v.REPLACE() != null);
        }
        if (c.create_table_as_statement() != null && c.create_table_as_statement().name != null) {
            return new Statement.CreateRelation(source, "CREATE TABLE AS", name(c.create_table_as_statement().name),
                    false);
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
        String bound = null;
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
            bound = def.define_partition().for_values_bound() == null ? null
                    : text(def.define_partition().for_values_bound());
        }
        collectReferences(def, references);
        return new Statement.CreateTable(source, name(c.name), c.if_not_exists() != null, columns,
                List.copyOf(references), partitionOf, bound);
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
        if (o != null && o.TIME() != null && o.ZONE() != null && o.zone_value() != null) {
            return new Statement.SetParameter(source, "timezone", text(o.zone_value()), has(a, SQLLexer.LOCAL));
        }
        if (o == null || o.config_param == null || o.set_statement_value() == null) {
            return other(whole);
        }
        String name = (o.config_scope == null ? "" : ident(o.config_scope) + ".") + ident(o.config_param);
        Set_statement_valueContext v = o.set_statement_value();
        return new Statement.SetParameter(source, name, v.DEFAULT() != null ? null : text(v),
                has(a, SQLLexer.LOCAL));
    }

    // ---- ALTER TABLE ----

    private Statement drop(Drop_statementsContext d) {
        If_exist_names_restrict_cascadeContext n = d.if_exist_names_restrict_cascade();
        List<RelationName> names = new ArrayList<>();
        for (Schema_qualified_nameContext q : n.names_references().schema_qualified_name()) {
            names.add(name(q));
        }
        boolean ifExists = n.if_exists() != null;
        if (has(d, SQLLexer.INDEX)) {
            return new Statement.DropIndex(source, names, has(d, SQLLexer.CONCURRENTLY), ifExists,
                    cascade(n.cascade_restrict()));
        }
        if (has(d, SQLLexer.TABLE) && !has(d, SQLLexer.FOREIGN) && !has(d, SQLLexer.EXTERNAL)) {
            return new Statement.DropTable(source, names, ifExists, cascade(n.cascade_restrict()));
        }
        return other(d.getParent());
    }

    /** DROP TRIGGER, DROP RULE, DROP POLICY: ACCESS EXCLUSIVE on the table they are on. */
    private Statement dropOnTable(Schema_dropContext d, StatementContext whole) {
        if (d.drop_trigger_statement() != null && d.drop_trigger_statement().table_name != null) {
            return exclusive("DROP TRIGGER", d.drop_trigger_statement().table_name);
        }
        if (d.drop_rule_statement() != null && d.drop_rule_statement().schema_qualified_name() != null) {
            return exclusive("DROP RULE", d.drop_rule_statement().schema_qualified_name());
        }
        if (d.drop_policy_statement() != null && d.drop_policy_statement().schema_qualified_name() != null) {
            return exclusive("DROP POLICY", d.drop_policy_statement().schema_qualified_name());
        }
        return other(whole);
    }

    private Statement exclusive(String kind, Schema_qualified_nameContext table) {
        return new Statement.TableLocks(source, kind, List.of(name(table)), LockMode.ACCESS_EXCLUSIVE);
    }

    /** AND CHAIN, not AND NO CHAIN. */
    private static boolean chained(Script_transactionContext t) {
        return has(t, SQLLexer.CHAIN) && !has(t, SQLLexer.NO);
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
            return new Statement.Commit(source, chained(t));
        }
        if (plain && (has(t, SQLLexer.ROLLBACK) || has(t, SQLLexer.ABORT))) {
            return new Statement.Rollback(source, chained(t));
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
        if (a.copy_statement() != null && a.copy_statement().copy_from_statement() != null
                && a.copy_statement().copy_from_statement().STDIN() != null) {
            return new Statement.Other(source, Statement.COPY_FROM_STDIN); // its rows follow in the file
        }
        if (a.truncate_stmt() != null) {
            List<RelationName> tables = new ArrayList<>();
            for (Only_table_multiplyContext o : a.truncate_stmt().only_table_multiply()) {
                tables.add(name(o.schema_qualified_name()));
            }
            return new Statement.TableLocks(source, "TRUNCATE", tables, LockMode.ACCESS_EXCLUSIVE);
        }
        if (has(a, SQLLexer.REFRESH) && a.schema_qualified_name() != null) {
            return new Statement.RefreshMaterializedView(source, name(a.schema_qualified_name()),
                    has(a, SQLLexer.CONCURRENTLY), has(a, SQLLexer.NO));
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


    private Statement alterTable(Alter_table_statementContext c) {
        return new AlterTableBuilder(source, tokens).alterTable(c);
    }
}
