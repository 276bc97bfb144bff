package io.pgswap.lint.model;

import java.util.List;

/**
 * One statement of a migration file, classified. Identifiers are unquoted and case-folded; every
 * statement keeps its exact {@link Source} so that a later runner can send it, or parts of it,
 * verbatim. Statements pgswap has no special knowledge of are {@link Other}.
 */
public sealed interface Statement {
    Source source();

    /**
     * CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table [USING method] (columns)
     * [INCLUDE (...)] [NULLS [NOT] DISTINCT] [WITH (...)] [TABLESPACE t] [WHERE ...]. {@code columnsText} and
     * {@code includeText} keep their parentheses; {@code otherClauses} are the NULLS, WITH and TABLESPACE
     * clauses as written.
     */
    record CreateIndex(Source source, RelationName table, String name, boolean unique, boolean concurrently,
                       boolean ifNotExists, boolean only, String method, String columnsText, String includeText,
                       String whereText, List<String> otherClauses) implements Statement {
        public CreateIndex {
            otherClauses = List.copyOf(otherClauses);
        }
    }

    /** DROP INDEX [CONCURRENTLY] [IF EXISTS] name, ... */
    record DropIndex(Source source, List<RelationName> indexes, boolean concurrently, boolean ifExists, boolean cascade)
            implements Statement {
        public DropIndex {
            indexes = List.copyOf(indexes);
        }
    }

    /** ALTER TABLE [IF EXISTS] [ONLY] table action, ...; RENAME, SET SCHEMA and partition forms are actions too. */
    record AlterTable(Source source, RelationName table, boolean ifExists, boolean only, List<AlterAction> actions)
            implements Statement {
        public AlterTable {
            actions = List.copyOf(actions);
        }
    }

    enum ReindexKind { INDEX, TABLE, SCHEMA, DATABASE, SYSTEM }

    /** REINDEX [(options)] kind [CONCURRENTLY] target; target is null for DATABASE/SYSTEM without a name. */
    record Reindex(Source source, ReindexKind kind, RelationName target, boolean concurrently) implements Statement {
    }

    /** VACUUM [FULL] [tables]; an empty list means every table of the database. */
    record Vacuum(Source source, boolean full, List<RelationName> tables) implements Statement {
        public Vacuum {
            tables = List.copyOf(tables);
        }
    }

    /** CLUSTER [table [USING index]]; table null: every table clustered before. */
    record Cluster(Source source, RelationName table, String index) implements Statement {
    }

    /** REFRESH MATERIALIZED VIEW [CONCURRENTLY] view [WITH [NO] DATA]. */
    record RefreshMaterializedView(Source source, RelationName view, boolean concurrently, boolean withNoData)
            implements Statement {
    }

    /** LOCK [TABLE] tables [IN mode MODE] [NOWAIT]; the mode defaults to ACCESS EXCLUSIVE. */
    record Lock(Source source, List<RelationName> tables, LockMode mode, boolean nowait) implements Statement {
        public Lock {
            tables = List.copyOf(tables);
        }
    }

    /**
     * SET [SESSION | LOCAL] name { TO | = } value. {@code value} is the verbatim value text, null
     * for DEFAULT.
     */
    record SetParameter(Source source, String name, String value, boolean local) implements Statement {
    }

    /** RESET name; {@code name} is null for RESET ALL. */
    record ResetParameter(Source source, String name) implements Statement {
    }

    /** BEGIN or START TRANSACTION. */
    record Begin(Source source) implements Statement {
    }

    /** COMMIT or END; {@code chain}: AND CHAIN, a new transaction block starts at once. */
    record Commit(Source source, boolean chain) implements Statement {
    }

    /** ROLLBACK or ABORT (not ROLLBACK TO SAVEPOINT, which is {@link Other}); {@code chain}: AND CHAIN. */
    record Rollback(Source source, boolean chain) implements Statement {
    }

    /**
     * CREATE TABLE. {@code columns}: the column definitions it declares; {@code references}: the
     * tables its foreign keys point at; {@code partitionOf}: the parent of a partition, or null, and
     * {@code partitionBound} its bound as written ({@code FOR VALUES ...} or {@code DEFAULT}).
     */
    record CreateTable(Source source, RelationName table, boolean ifNotExists, List<ColumnDef> columns,
                       List<RelationName> references, RelationName partitionOf, String partitionBound)
            implements Statement {
        public CreateTable {
            columns = List.copyOf(columns);
            references = List.copyOf(references);
        }
    }

    /** A column of CREATE TABLE: its name and its type as written. */
    record ColumnDef(String name, String typeText) {
    }

    /** DROP TABLE [IF EXISTS] tables [CASCADE]. */
    record DropTable(Source source, List<RelationName> tables, boolean ifExists, boolean cascade)
            implements Statement {
        public DropTable {
            tables = List.copyOf(tables);
        }
    }

    /** CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name ... ON table. */
    record CreateTrigger(Source source, RelationName table, String name) implements Statement {
    }

    /**
     * CREATE SEQUENCE, CREATE [MATERIALIZED] VIEW and CREATE TABLE ... AS: a new relation that no
     * running code uses yet (later statements of the file may lock it freely). {@code kind} names
     * the statement, e.g. {@code CREATE MATERIALIZED VIEW}; {@code replaces}: CREATE OR REPLACE VIEW,
     * whose relation may exist and be in use already.
     */
    record CreateRelation(Source source, String kind, RelationName relation, boolean replaces) implements Statement {
    }

    /**
     * A statement that changes only the catalog of {@code tables} (or, TRUNCATE, swaps in empty
     * files) under {@code mode} on each, held to the end of its transaction: CREATE, ALTER and DROP
     * POLICY, CREATE and DROP RULE, DROP TRIGGER, TRUNCATE. {@code kind} names it.
     */
    record TableLocks(Source source, String kind, List<RelationName> tables, LockMode mode) implements Statement {
        public TableLocks {
            tables = List.copyOf(tables);
        }
    }

    /** The {@link Other} kind of {@code COPY ... FROM STDIN}, whose rows follow it in the file. */
    String COPY_FROM_STDIN = "COPY FROM STDIN";

    /** Anything else; {@code kind} names it, e.g. {@code CREATE FUNCTION}, {@code UPDATE}. */
    record Other(Source source, String kind) implements Statement {
    }
}
