package io.pgswap.catalog;

import java.util.List;

/**
 * The table's explicit membership in a publication ({@code FOR TABLE}); {@code columns} is the
 * column list (empty: all columns) and {@code rowFilter} the WHERE expression, both PostgreSQL 15+.
 */
public record PublicationMember(String publication, String owner, List<String> columns, String rowFilter) {
}
