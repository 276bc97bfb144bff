package io.pgswap.catalog;

import io.pgswap.sql.Sql;
import java.util.List;

/**
 * What a leaf partition's swap needs of its place in the partitioned table: the parent it is
 * attached to, its bound as ATTACH PARTITION spells it ({@code FOR VALUES ...} or {@code DEFAULT}),
 * its partition constraint (null when it has none: a default partition without siblings), the
 * indexes and foreign keys it inherits from the parent (ATTACH re-creates the link, so the shadow
 * must have them, valid, before the swap), and a sibling default partition, which ATTACH scans
 * under the lock (null when there is none or this is the default partition).
 */
public record PartitionInfo(long parentOid, String parentSchema, String parentName, String bound, String constraint,
                            List<InheritedIndex> indexes, List<ForeignKey> inheritedKeys, String defaultSchema,
                            String defaultName, long defaultBytes) {

    /** An index of the partition attached to an index of the parent. */
    public record InheritedIndex(String name, String parentSchema, String parentName) {
        public String qualifiedParent() {
            return Sql.qualified(parentSchema, parentName);
        }
    }

    public String qualifiedParent() {
        return Sql.qualified(parentSchema, parentName);
    }

    public String displayParent() {
        return io.pgswap.sql.QualifiedName.format(parentSchema, parentName);
    }

    public boolean isDefault() {
        return "DEFAULT".equals(bound);
    }

    /** The sibling default partition ATTACH scans, quoted and qualified, or null. */
    public String qualifiedDefault() {
        return defaultName == null ? null : Sql.qualified(defaultSchema, defaultName);
    }

    public boolean inherits(String indexName) {
        return indexes.stream().anyMatch(i -> i.name().equals(indexName));
    }
}
