package io.pgswap.swap;

import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.PartitionInfo;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * The swap of a leaf partition: the original is detached from its parent before the renames, and
 * the shadow attached with the same bound after them. ATTACH finds the shadow's indexes, foreign
 * keys and constraints matching the parent's and links them (nothing is built or validated: the
 * shadow's bound CHECK proves the partition constraint, its keys are valid); ALTER INDEX ... ATTACH
 * PARTITION for every index the original inherited then fails the swap if ATTACH linked any other
 * one. The helper CHECK is dropped afterwards: the partition constraint says the same, and a CHECK
 * left on a default partition would be wrong as soon as a sibling is added. The old table keeps the
 * keys it inherited as its own after DETACH; they are dropped, so it no longer checks (or cascades
 * from) the referenced tables.
 */
public final class PartitionSwapSql {
    private PartitionSwapSql() {
    }

    public static List<String> detach(TableFacts f) {
        PartitionInfo p = f.partition();
        return p == null ? List.of() : List.of("ALTER TABLE " + p.qualifiedParent() + " DETACH PARTITION "
                + f.qualifiedName());
    }

    /** After the renames: {@code f.qualifiedName()} is the shadow, {@code old} the detached original. */
    public static List<String> attach(TableFacts f, Names n, String old) {
        PartitionInfo p = f.partition();
        List<String> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        out.add("ALTER TABLE " + p.qualifiedParent() + " ATTACH PARTITION " + f.qualifiedName() + " " + p.bound());
        for (PartitionInfo.InheritedIndex i : p.indexes()) {
            out.add("ALTER INDEX " + i.qualifiedParent() + " ATTACH PARTITION " + Sql.qualified(f.schema(), i.name()));
        }
        if (p.constraint() != null) {
            out.add("ALTER TABLE " + f.qualifiedName() + " DROP CONSTRAINT " + Sql.ident(n.boundCheck()));
        }
        for (ForeignKey k : p.inheritedKeys()) {
            out.add("ALTER TABLE " + old + " DROP CONSTRAINT " + Sql.ident(k.name()));
        }
        return out;
    }

    /** Relations besides the shadow and the original that the swap locks: the tables the inherited keys reference. */
    static List<String> others(TableFacts f) {
        PartitionInfo p = f.partition();
        if (p == null) {
            return List.of();
        }
        return p.inheritedKeys().stream().filter(k -> k.referencedOid() != f.oid()).map(ForeignKey::qualifiedReferenced)
                .toList();
    }
}
