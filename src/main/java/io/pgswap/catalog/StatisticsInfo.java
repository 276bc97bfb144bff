package io.pgswap.catalog;

import io.pgswap.sql.Sql;
import java.util.List;

/**
 * An extended statistics object on the table (CREATE STATISTICS). {@code columns} is the deparsed
 * column and expression list; {@code kinds} the kinds asked for (ndistinct, dependencies, mcv;
 * expression statistics are implied by expressions); {@code target} -1 when not set.
 */
public record StatisticsInfo(String schema, String name, String columns, List<String> kinds, int target,
                             String owner, String comment) {
    public String qualifiedName() {
        return Sql.qualified(schema, name);
    }
}
