package io.pgswap.catalog;

import io.pgswap.sql.Sql;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of everything pgswap needs to know about the table, read once by
 * {@link Inspector}. {@code key} is the primary key, or a unique index whose columns are all
 * NOT NULL; it is what the log records and what replay matches on. {@code partition} is null unless
 * the table is a partition of a partitioned table.
 */
public record TableFacts(
        long oid,
        String schema,
        String name,
        char relkind,
        char persistence,
        boolean isPartition,
        String owner,
        boolean hasAcl,
        List<Grant> grants,
        List<String> reloptions,
        List<String> toastReloptions,
        String tablespace,
        String accessMethod,
        boolean rowSecurity,
        boolean forceRowSecurity,
        char replicaIdentity,
        String comment,
        List<Column> columns,
        List<IndexInfo> indexes,
        Optional<IndexInfo> key,
        List<SequenceLink> sequences,
        List<String> captureTriggers,
        List<TriggerInfo> triggers,
        List<PolicyInfo> policies,
        List<ForeignKey> foreignKeys,
        List<RewriteDependent> rewriteDependents,
        List<Routine> routines,
        List<PublicationMember> publications,
        List<StatisticsInfo> statistics,
        List<Dependent> dependents,
        List<String> problems,
        long heapBytes,
        long indexBytes,
        long toastBytes,
        long estimatedRows,
        long pages,
        int serverVersionNum,
        Fingerprint fingerprint,
        PartitionInfo partition) {

    public String qualifiedName() {
        return Sql.qualified(schema, name);
    }

    /** For messages: schema.name as it would be typed on the command line (quoted where needed). */
    public String displayName() {
        return io.pgswap.sql.QualifiedName.format(schema, name);
    }

    public int serverMajor() {
        return serverVersionNum / 10000;
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public List<Column> keyColumns() {
        IndexInfo k = key.orElseThrow();
        return k.keyColumns().stream().map(n -> column(n).orElseThrow()).toList();
    }

    /** Foreign keys on other tables that point at this one (re-pointed in the swap). */
    public List<ForeignKey> incomingKeys() {
        return foreignKeys.stream().filter(k -> k.isIncoming(oid)).toList();
    }

    /** Foreign keys on this table, also self-referencing ones (re-added on the new table in the swap). */
    public List<ForeignKey> ownKeys() {
        return foreignKeys.stream().filter(k -> !k.isIncoming(oid)).toList();
    }

    /** The names of the triggers that an UPDATE of {@code column} fires (a batched backfill fires them per row). */
    public List<String> updateTriggers(String column) {
        return triggers.stream().filter(t -> t.firesOnUpdateOf(column)).map(TriggerInfo::name).toList();
    }

    /** The same facts with the views and rules read again (they may change while a migration runs). */
    public TableFacts withRewriteDependents(List<RewriteDependent> now) {
        return withDependents(now, routines);
    }

    /** The same facts with only these of its sequences (a revert leaves those of columns the old table lacks). */
    public TableFacts withSequences(List<SequenceLink> kept) {
        return new TableFacts(oid, schema, name, relkind, persistence, isPartition, owner, hasAcl, grants, reloptions,
                toastReloptions, tablespace, accessMethod, rowSecurity, forceRowSecurity, replicaIdentity, comment,
                columns, indexes, key, List.copyOf(kept), captureTriggers, triggers, policies, foreignKeys,
                rewriteDependents, routines, publications, statistics, dependents, problems, heapBytes, indexBytes,
                toastBytes, estimatedRows, pages, serverVersionNum, fingerprint, partition);
    }

    /** The same facts with the views, rules and routines read again. */
    public TableFacts withDependents(List<RewriteDependent> now, List<Routine> routinesNow) {
        return new TableFacts(oid, schema, name, relkind, persistence, isPartition, owner, hasAcl, grants, reloptions,
                toastReloptions, tablespace, accessMethod, rowSecurity, forceRowSecurity, replicaIdentity, comment,
                columns, indexes, key, sequences, captureTriggers, triggers, policies, foreignKeys, List.copyOf(now),
                List.copyOf(routinesNow), publications, statistics, dependents, problems, heapBytes, indexBytes, toastBytes, estimatedRows, pages,
                serverVersionNum, fingerprint, partition);
    }

    public List<RewriteDependent> views() {
        return rewriteDependents.stream().filter(RewriteDependent::isView).toList();
    }

    public List<RewriteDependent> materializedViews() {
        return rewriteDependents.stream().filter(RewriteDependent::isMaterializedView).toList();
    }

    /** Columns a copy writes: everything but generated columns (they are recomputed). */
    public List<Column> copiedColumns() {
        return columns.stream().filter(c -> !c.isGenerated()).toList();
    }
}
