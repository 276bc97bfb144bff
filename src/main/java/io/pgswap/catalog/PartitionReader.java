package io.pgswap.catalog;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads a leaf partition's {@link PartitionInfo}: its parent, bound, inherited indexes, default sibling. */
final class PartitionReader {
    private final Connection conn;

    PartitionReader(Connection conn) {
        this.conn = conn;
    }

    PartitionInfo read(long oid, List<ForeignKey> inheritedKeys) throws SQLException {
        List<PartitionInfo.InheritedIndex> indexes = Rows.list(conn, Statement.of("""
                SELECT ic.relname, pn.nspname, pc.relname
                FROM pg_index i
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_inherits h ON h.inhrelid = i.indexrelid
                JOIN pg_class pc ON pc.oid = h.inhparent
                JOIN pg_namespace pn ON pn.oid = pc.relnamespace
                WHERE i.indrelid = ?::oid
                ORDER BY ic.relname""", oid), rs -> new PartitionInfo.InheritedIndex(rs.getString(1), rs.getString(2),
                rs.getString(3)));
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT p.oid::bigint, pn.nspname, p.relname, pg_get_expr(c.relpartbound, c.oid),
                       pg_get_partition_constraintdef(c.oid), dn.nspname, d.relname,
                       coalesce(pg_relation_size(d.oid), 0)
                FROM pg_class c
                JOIN pg_inherits h ON h.inhrelid = c.oid
                JOIN pg_class p ON p.oid = h.inhparent
                JOIN pg_namespace pn ON pn.oid = p.relnamespace
                LEFT JOIN pg_partitioned_table pt ON pt.partrelid = p.oid AND pt.partdefid <> c.oid
                LEFT JOIN pg_class d ON d.oid = pt.partdefid
                LEFT JOIN pg_namespace dn ON dn.oid = d.relnamespace
                WHERE c.oid = ?::oid""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("partition with OID " + oid + " has no parent");
                }
                return new PartitionInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), indexes, inheritedKeys, rs.getString(6), rs.getString(7), rs.getLong(8));
            }
        }
    }
}
