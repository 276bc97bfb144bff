package io.pgswap.pipeline;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.PartitionInfo;
import io.pgswap.catalog.TableFacts;
import java.util.stream.Collectors;

/**
 * What the swap of a leaf partition needs beyond a plain table's: the shadow is attached in its
 * place with ATTACH PARTITION under the lock, so nothing may make that statement scan or create
 * something there.
 */
final class PartitionPreflight {
    /** A default partition larger than this would be scanned under the lock on the parent for too long. */
    static final long MAX_DEFAULT_BYTES = 8L * 1024 * 1024;

    private PartitionPreflight() {
    }

    static void check(TableFacts f) {
        PartitionInfo p = f.partition();
        String t = f.displayName();
        String identity = f.columns().stream().filter(Column::isIdentity).map(Column::name)
                .collect(Collectors.joining(", "));
        if (!identity.isEmpty()) {
            throw PgSwapException.refused(t + " is a partition with identity column(s) " + identity + " (inherited "
                    + "from " + p.displayParent() + "); pgswap cannot yet give a partition's shadow the parent's "
                    + "identity. Nothing was changed");
        }
        if (p.qualifiedDefault() != null && p.defaultBytes() > MAX_DEFAULT_BYTES) {
            throw PgSwapException.refused("attaching the new " + t + " to " + p.displayParent() + " makes "
                    + "PostgreSQL scan the default partition " + io.pgswap.sql.QualifiedName.format(p.defaultSchema(),
                    p.defaultName()) + " (" + p.defaultBytes() / (1024 * 1024) + " MB) to prove it holds no row of "
                    + "this bound, while the swap holds ACCESS EXCLUSIVE on the parent; pgswap refuses default "
                    + "partitions over " + MAX_DEFAULT_BYTES / (1024 * 1024) + " MB. Move its rows into proper "
                    + "partitions first. Nothing was changed");
        }
    }
}
