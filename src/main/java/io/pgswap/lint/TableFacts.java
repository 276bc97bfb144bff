package io.pgswap.lint;

import io.pgswap.lint.model.RelationName;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What the database knows about the tables a migration touches; {@link #NONE} without a connection. */
public interface TableFacts {
    /** Total size on disk (heap, indexes, TOAST), if the table exists. */
    OptionalLong sizeBytes(RelationName table);

    /** The column's current type as PostgreSQL prints it ({@code character varying(100)}), if known. */
    Optional<String> columnType(RelationName table, String column);

    /**
     * The column's collation ({@code pg_collation.collname}: {@code default} for the database's, {@code C},
     * {@code en-x-icu}), if the column is known and of a collatable type.
     */
    default Optional<String> columnCollation(RelationName table, String column) {
        return Optional.empty();
    }

    /** An index that depends on a column: {@code plain} when the column is only a key column of a valid index. */
    record IndexUse(String name, boolean plain) {
    }

    /**
     * The table's indexes that depend on the column (as a key or INCLUDE column, in an expression or in
     * a predicate), by name; empty when there are none or nothing is known.
     */
    default java.util.List<IndexUse> indexesOnColumn(RelationName table, String column) {
        return java.util.List.of();
    }

    /**
     * Whether the schema of the (existing) table already has a constraint of this name: PostgreSQL
     * then numbers the name it chooses for an unnamed one. False when nothing is known.
     */
    default boolean constraintExists(RelationName table, String name) {
        return false;
    }

    /**
     * The same, not counting the table's own constraint of that name: after the file drops it, only
     * another table's (or a domain's) keeps the name taken.
     */
    /**
     * The names of the table's valid CHECK constraints that are exactly {@code column IS NOT NULL}
     * (PostgreSQL 12+ sets NOT NULL without a scan when one is there); empty when not known.
     */
    default List<String> notNullChecks(RelationName table, String column) {
        return List.of();
    }

    default boolean constraintExistsElsewhere(RelationName table, String name) {
        return false;
    }

    /** The table an index belongs to, if the index exists. */
    Optional<RelationName> tableOfIndex(RelationName index);

    /**
     * The columns of an existing index that allow NULLs (empty when none do), in key order; empty
     * Optional when the index is not known. ADD PRIMARY KEY USING INDEX makes them NOT NULL, which
     * scans the table for each.
     */
    default Optional<java.util.List<String>> nullableIndexColumns(RelationName index) {
        return Optional.empty();
    }

    /**
     * The file set the session's search_path ({@code value} as written after {@code SET search_path TO},
     * null after RESET): later unqualified names resolve through it.
     */
    default void searchPath(String value) {
    }

    /** The schema an unqualified name resolves to through the file's search_path, if the table exists. */
    default Optional<String> schemaOf(RelationName table) {
        return Optional.empty();
    }

    /** Whether an empty {@link #sizeBytes} means that the table does not exist (false: it is not known). */
    default boolean knowsTables() {
        return false;
    }

    /** Knows nothing: every answer is empty. */
    TableFacts NONE = new TableFacts() {
        @Override
        public OptionalLong sizeBytes(RelationName table) {
            return OptionalLong.empty();
        }

        @Override
        public Optional<String> columnType(RelationName table, String column) {
            return Optional.empty();
        }

        @Override
        public Optional<RelationName> tableOfIndex(RelationName index) {
            return Optional.empty();
        }
    };
}
