package io.pgswap.shadow;

import io.pgswap.catalog.ForeignKey;
import io.pgswap.catalog.PartitionInfo;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.sql.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * What a leaf partition's shadow carries besides the partition's own definition, so that the swap's
 * ATTACH PARTITION neither scans it nor creates anything under the lock: a valid CHECK equal to the
 * partition constraint (ATTACH then proves the bound from it), and the foreign keys the partition
 * inherits from the parent, valid (ATTACH links a valid matching key to the parent's instead of
 * adding and validating a new one). Both are added while the shadow is empty, so they check nothing
 * yet; the key's triggers check every copied and replayed row, as the parent's key would.
 */
public final class PartitionDdl {
    private PartitionDdl() {
    }

    public static List<String> shadow(TableFacts f, Names n) {
        PartitionInfo p = f.partition();
        List<String> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        if (p.constraint() != null) {
            out.add("ALTER TABLE " + n.shadow() + " ADD CONSTRAINT " + Sql.ident(n.boundCheck()) + " CHECK ("
                    + p.constraint() + ")");
        }
        for (ForeignKey k : p.inheritedKeys()) {
            out.add("ALTER TABLE " + n.shadow() + " ADD CONSTRAINT " + Sql.ident(k.name()) + " " + k.definition());
        }
        return out;
    }
}
