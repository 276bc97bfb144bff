package io.pgswap.catalog;

import io.pgswap.sql.Sql;
import java.util.List;

/**
 * A rewrite rule that involves the table: a view or materialized view reading it (its
 * {@code _RETURN} rule), a rule on another relation whose action reads or writes it, or a rule
 * on the table itself. {@code definition} is the deparsed query (views) or the whole CREATE RULE
 * (rules), read before the rename, so the table's name in it resolves to the new table afterwards.
 */
public record RewriteDependent(long relationOid, String schema, String relation, char relkind, String owner,
                               String rule, char enabled, String definition, List<String> options, String comment) {
    public static final String VIEW_RULE = "_RETURN";

    public String qualifiedRelation() {
        return Sql.qualified(schema, relation);
    }

    public boolean isView() {
        return VIEW_RULE.equals(rule) && relkind == 'v';
    }

    public boolean isMaterializedView() {
        return VIEW_RULE.equals(rule) && relkind == 'm';
    }

    public boolean isRule() {
        return !VIEW_RULE.equals(rule);
    }

    /** The deparsed text without its trailing semicolon. */
    public String body() {
        String s = definition.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }

    @Override
    public String toString() {
        return (isView() ? "view " : isMaterializedView() ? "materialized view " : "rule " + rule + " on ")
                + io.pgswap.sql.QualifiedName.format(schema, relation);
    }
}
