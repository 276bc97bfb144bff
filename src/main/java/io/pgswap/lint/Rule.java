package io.pgswap.lint;

/**
 * The lint rules. Ids are stable: they appear in CI configurations and SARIF baselines. Each
 * rule's summary is its one-line description; docs/lint-rules.md explains them in full.
 */
public enum Rule {
    PGS000("syntax-error", Severity.ERROR, false,
            "A statement the PostgreSQL grammar does not accept; nothing after it can be judged reliably."),
    PGS001("index-without-concurrently", Severity.ERROR, true,
            "CREATE INDEX without CONCURRENTLY blocks writes to the table for the whole index build."),
    PGS002("set-not-null", Severity.ERROR, true,
            "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE, blocking reads and writes."),
    PGS003("constraint-without-not-valid", Severity.ERROR, true,
            "A CHECK or FOREIGN KEY added without NOT VALID checks every row while holding its lock."),
    PGS004("index-backed-constraint", Severity.ERROR, true,
            "UNIQUE or PRIMARY KEY without USING INDEX, or EXCLUDE, builds an index under ACCESS EXCLUSIVE."),
    PGS005("column-type-rewrite", Severity.ERROR, true,
            "Changing a column's type rewrites the table under ACCESS EXCLUSIVE unless the change is catalog-only."),
    PGS006("volatile-default", Severity.ERROR, true,
            "A column whose default is volatile (or an identity, serial or stored generated column) rewrites the table."),
    PGS007("add-column-default-before-11", Severity.ERROR, true,
            "Before PostgreSQL 11, ADD COLUMN with any non-null DEFAULT rewrites the table."),
    PGS008("table-rewrite", Severity.ERROR, true,
            "VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE, blocking reads and writes."),
    PGS009("reindex-without-concurrently", Severity.ERROR, true,
            "REINDEX without CONCURRENTLY blocks writes to the table and reads that use the index."),
    PGS010("multiple-tables-locked", Severity.WARNING, false,
            "One transaction takes write-blocking locks on two or more tables: it can deadlock with the application."),
    PGS011("missing-lock-timeout", Severity.WARNING, false,
            "A write-blocking lock is requested with no lock_timeout: the wait queues every query on the table."),
    PGS012("concurrently-in-transaction", Severity.ERROR, false,
            "A CONCURRENTLY command or VACUUM inside a transaction block fails: PostgreSQL refuses to run it there."),
    PGS013("rename", Severity.WARNING, false,
            "Renaming a table or column breaks the running application code that uses the old name."),
    PGS014("drop", Severity.WARNING, false,
            "Dropping a table or column breaks the running application code that still uses it."),
    PGS015("drop-index-without-concurrently", Severity.WARNING, false,
            "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the index's table."),
    PGS016("alter-table-rewrite", Severity.ERROR, true,
            "SET TABLESPACE, SET LOGGED/UNLOGGED, SET ACCESS METHOD and SET EXPRESSION rewrite or copy the table under ACCESS EXCLUSIVE."),
    PGS017("create-partition-of", Severity.WARNING, false,
            "CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on the partitioned table; ATTACH PARTITION needs only SHARE UPDATE EXCLUSIVE."),
    PGS018("detach-partition-without-concurrently", Severity.WARNING, false,
            "DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table."),
    PGS019("refresh-matview-without-concurrently", Severity.WARNING, false,
            "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view while its query runs."),
    PGS020("validate-under-held-lock", Severity.ERROR, true,
            "VALIDATE CONSTRAINT in a transaction that already holds a write-blocking lock on the table (the ADD ... NOT VALID's own) scans the table under that lock."),
    PGS021("ddl-in-do-block", Severity.WARNING, false,
            "A DO block runs schema changes (ALTER TABLE, CREATE INDEX, ...) that lint cannot see into: their locks, rewrites and scans go unchecked.");

    private final String slug;
    private final Severity severity;
    private final boolean dependsOnTableSize;
    private final String summary;

    Rule(String slug, Severity severity, boolean dependsOnTableSize, String summary) {
        this.slug = slug;
        this.severity = severity;
        this.dependsOnTableSize = dependsOnTableSize;
        this.summary = summary;
    }

    public String id() {
        return name();
    }

    /** The readable half of the id: {@code index-without-concurrently}. */
    public String slug() {
        return slug;
    }

    public Severity defaultSeverity() {
        return severity;
    }

    /** True when the harm is a scan, build or rewrite whose length depends on the table's size. */
    public boolean dependsOnTableSize() {
        return dependsOnTableSize;
    }

    public String summary() {
        return summary;
    }
}
