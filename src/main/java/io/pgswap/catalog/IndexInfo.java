package io.pgswap.catalog;

import java.util.List;

/**
 * One index of the table. {@code definitionTail} is what follows "CREATE [UNIQUE] INDEX name ON table "
 * in pg_get_indexdef (starting with "USING"), so the same index can be built on another table.
 * {@code constraintType} is 'p', 'u', 'x' or null when no constraint owns the index.
 * {@code statisticsTargets} are per-column statistics targets of expression columns
 * (ALTER INDEX ... ALTER COLUMN n SET STATISTICS), as "n=target".
 */
public record IndexInfo(long oid, String name, boolean unique, boolean primary, boolean valid, boolean partial,
                        boolean hasExpressions, List<String> keyColumns, String definitionTail, String tablespace,
                        String comment, String constraintName, Character constraintType, String constraintDef,
                        boolean deferrable, boolean initiallyDeferred, String constraintComment,
                        boolean replicaIdentity, boolean clustered, List<String> statisticsTargets) {

    public IndexInfo(long oid, String name, boolean unique, boolean primary, boolean valid, boolean partial,
                     boolean hasExpressions, List<String> keyColumns, String definitionTail, String tablespace,
                     String comment, String constraintName, Character constraintType, String constraintDef,
                     boolean deferrable, boolean initiallyDeferred, String constraintComment,
                     boolean replicaIdentity, boolean clustered) {
        this(oid, name, unique, primary, valid, partial, hasExpressions, keyColumns, definitionTail, tablespace,
                comment, constraintName, constraintType, constraintDef, deferrable, initiallyDeferred,
                constraintComment, replicaIdentity, clustered, List.of());
    }

    public boolean isConstraint() {
        return constraintType != null;
    }
}
