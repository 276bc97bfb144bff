package io.pgswap.catalog;

import io.pgswap.sql.Sql;

/**
 * A foreign key that involves the table: out of it ({@code tableOid} is the table), into it from
 * another table ({@code referencedOid} is the table), or both (self-referencing).
 * {@code definition} is pg_get_constraintdef without any trailing NOT VALID; {@code validated}
 * and {@code enforced} are as in the catalog (enforced is false only for PostgreSQL 18's NOT ENFORCED);
 * {@code fromPartitioned}: the key is on a partitioned table (into the table, PostgreSQL 18 only).
 */
public record ForeignKey(String name, long tableOid, String schema, String table, long referencedOid,
                         String referencedSchema, String referencedTable, String definition, boolean validated,
                         boolean enforced, String comment, boolean fromPartitioned) {

    /** A key on a table that is not partitioned. */
    public ForeignKey(String name, long tableOid, String schema, String table, long referencedOid,
                      String referencedSchema, String referencedTable, String definition, boolean validated,
                      boolean enforced, String comment) {
        this(name, tableOid, schema, table, referencedOid, referencedSchema, referencedTable, definition, validated,
                enforced, comment, false);
    }

    /**
     * ALTER TABLE's target for this key: ONLY for a plain table; a partitioned table's key is its
     * partitions' too (PostgreSQL 18 re-adds it NOT VALID on all of them), so never ONLY.
     */
    public String alterTarget() {
        return (fromPartitioned ? "" : "ONLY ") + qualifiedTable();
    }

    /** The table the constraint is on, quoted and qualified. */
    public String qualifiedTable() {
        return Sql.qualified(schema, table);
    }

    public String qualifiedReferenced() {
        return Sql.qualified(referencedSchema, referencedTable);
    }

    /** On another table and pointing at the migrated one: it must be re-pointed in the swap. */
    public boolean isIncoming(long migratedOid) {
        return tableOid != migratedOid;
    }

    /** Re-added NOT VALID in the swap and validated after it, unless it was not valid before. */
    public boolean needsValidation() {
        return validated && enforced;
    }

    /** The constraint clause as re-added in the swap: NOT VALID, so adding it does not scan. */
    public String addClause() {
        return "ADD CONSTRAINT " + Sql.ident(name) + " " + definition + (enforced ? " NOT VALID" : "");
    }
}
