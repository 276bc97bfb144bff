package io.pgswap.catalog;

import io.pgswap.db.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what points at the table from elsewhere: foreign keys in and out, views and rules,
 * publications, materialized views, and everything else the catalog records as depending on it.
 */
final class DependencyReader {
    private final Connection conn;

    DependencyReader(Connection conn) {
        this.conn = conn;
    }

    private static char charOf(String s) {
        return s == null || s.isEmpty() ? ' ' : s.charAt(0);
    }


    /**
     * Foreign keys out of the table, into it from other tables, and self-referencing ones. A
     * partition's keys cloned from its parent's are in {@link #inheritedKeys}; keys of other
     * partitions or partitioned tables into the table are not listed here, {@link #dependents}
     * refuses them.
     */
    List<ForeignKey> foreignKeys(long oid, int version) throws SQLException {
        return foreignKeys(oid, version, false);
    }

    /** Foreign keys a partition inherits from its parent's (ATTACH PARTITION links them again). */
    List<ForeignKey> inheritedKeys(long oid, int version) throws SQLException {
        return foreignKeys(oid, version, true);
    }

    private List<ForeignKey> foreignKeys(long oid, int version, boolean inherited) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT k.conname, k.conrelid::bigint, tn.nspname, t.relname, k.confrelid::bigint, rn.nspname, r.relname,
                       regexp_replace(pg_get_constraintdef(k.oid), ' NOT VALID$', ''), k.convalidated, ENFORCED,
                       obj_description(k.oid, 'pg_constraint'), t.relkind = 'p'
                FROM pg_constraint k
                JOIN pg_class t ON t.oid = k.conrelid
                JOIN pg_namespace tn ON tn.oid = t.relnamespace
                JOIN pg_class r ON r.oid = k.confrelid
                JOIN pg_namespace rn ON rn.oid = r.relnamespace
                WHERE k.contype = 'f' AND (k.conrelid = ?::oid OR k.confrelid = ?::oid)
                  AND WHICH
                ORDER BY tn.nspname, t.relname, k.conname""".replace("ENFORCED",
                version >= 180000 ? "k.conenforced" : "true").replace("WHICH", inherited
                // a partition's keys cloned from its parent's
                ? "k.conrelid = ?::oid AND k.conparentid <> 0"
                // its own keys, and keys into it of plain tables and partitions of their own (and on 18
                // of partitioned tables)
                : "((k.conrelid = ?::oid AND k.conparentid = 0)\n"
                + "       OR (t.relkind " + (version >= 180000 ? "IN ('r', 'p')" : "= 'r'")
                + " AND k.conparentid = 0))"))) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            ps.setLong(3, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForeignKey(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9),
                            rs.getBoolean(10), rs.getString(11), rs.getBoolean(12)));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Views and materialized views that read the table, rules elsewhere that read or write it, and
     * rules on it, with their definitions as deparsed now. Read at inspection for the plan and
     * again under the swap's lock, right before the rename, for the statements that re-point them.
     */
    List<RewriteDependent> rewriteDependents(long oid) throws SQLException {
        List<RewriteDependent> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT v.oid::bigint, n.nspname, v.relname, v.relkind, pg_get_userbyid(v.relowner), r.rulename,
                       r.ev_enabled,
                       CASE WHEN r.rulename = '_RETURN' THEN pg_get_viewdef(v.oid) ELSE pg_get_ruledef(r.oid) END,
                       coalesce(v.reloptions, '{}'), obj_description(r.oid, 'pg_rewrite')
                FROM pg_rewrite r
                JOIN pg_class v ON v.oid = r.ev_class
                JOIN pg_namespace n ON n.oid = v.relnamespace
                WHERE r.ev_class = ?::oid
                   OR r.oid IN (SELECT d.objid FROM pg_depend d
                                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                                  AND d.refobjid = ?::oid)
                ORDER BY n.nspname, v.relname, r.rulename""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RewriteDependent(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4).charAt(0), rs.getString(5), rs.getString(6), charOf(rs.getString(7)),
                            rs.getString(8), Rows.strings(rs.getArray(9)), rs.getString(10)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Publications that name the table explicitly (FOR TABLE), with column list and row filter. */
    List<PublicationMember> publications(long oid, int version) throws SQLException {
        List<PublicationMember> out = new ArrayList<>();
        String extras = version >= 150000
                ? "coalesce(ARRAY(SELECT a.attname FROM unnest(pr.prattrs) WITH ORDINALITY u(k, o)"
                + " JOIN pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = u.k ORDER BY u.o), '{}'),"
                + " pg_get_expr(pr.prqual, pr.prrelid)"
                : "'{}'::name[], NULL::text";
        try (PreparedStatement ps = conn.prepareStatement("SELECT p.pubname, pg_get_userbyid(p.pubowner), " + extras
                + " FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
                + " WHERE pr.prrelid = ?::oid ORDER BY p.pubname")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PublicationMember(rs.getString(1), rs.getString(2), Rows.strings(rs.getArray(3)),
                            rs.getString(4)));
                }
            }
        }
        return List.copyOf(out);
    }

    private Map<String, Integer> statisticsTargets(long oid) throws SQLException {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Integer> r : Rows.list(conn, io.pgswap.sql.Statement.of("""
                SELECT attname, attstattarget::int FROM pg_attribute
                WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped AND attstattarget >= 0
                ORDER BY attnum""", oid), rs -> Map.entry(rs.getString(1), rs.getInt(2)))) {
            out.put(r.getKey(), r.getValue());
        }
        return out;
    }

    /** What a rebuild of this materialized view must restore (read under the swap's lock). */
    MaterializedView materializedView(long oid) throws SQLException {
        java.util.Map<String, String> columnComments = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT a.attname, col_description(a.attrelid, a.attnum) FROM pg_attribute a
                WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped
                  AND col_description(a.attrelid, a.attnum) IS NOT NULL ORDER BY a.attnum""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columnComments.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<String> indexes = new ArrayList<>();
        java.util.Map<String, String> indexComments = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT ic.relname, pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class')
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                WHERE i.indrelid = ?::oid ORDER BY ic.relname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                    if (rs.getString(3) != null) {
                        indexComments.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT ts.spcname, c.relispopulated, obj_description(c.oid, 'pg_class'), c.relacl IS NOT NULL,
                       n.nspname
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
                WHERE c.oid = ?::oid""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("materialized view with OID " + oid + " no longer exists");
                }
                return new MaterializedView(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4),
                        new TableReader(conn).grants(oid), columnComments, List.copyOf(indexes), indexComments,
                        statisticsTargets(oid), Rows.first(conn, io.pgswap.sql.Statement.of("""
                                SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                                WHERE i.indrelid = ?::oid AND i.indisclustered""", oid), r -> r.getString(1))
                                .orElse(null), DefaultPrivileges.tableGrantees(conn, rs.getString(5)));
            }
        }
    }

    /**
     * Objects that point at the table and that a rename swap cannot carry over (materialized views
     * are in {@link #rewriteDependents}: they are carried over only when asked to). The last branch is
     * a safety net: anything else recorded as depending on the table is refused by name.
     */
    List<Dependent> dependents(long oid, int version) throws SQLException {
        String publicationsInSchema = version >= 150000 ? """
                UNION ALL
                SELECT 'publication FOR TABLES IN SCHEMA (it would publish pgswap''s shadow table too)', p.pubname
                FROM pg_publication_namespace pn
                JOIN pg_publication p ON p.oid = pn.pnpubid
                WHERE pn.pnnspid = (SELECT relnamespace FROM pg_class WHERE oid = $1)""" : "";
        String sql = """
                SELECT DISTINCT 'object that depends on a materialized view reading it',
                       pg_describe_object(d2.classid, d2.objid, d2.objsubid)
                FROM pg_depend d
                JOIN pg_rewrite r ON r.oid = d.objid
                JOIN pg_class v ON v.oid = r.ev_class AND v.relkind = 'm'
                JOIN pg_depend d2 ON d2.refclassid = 'pg_class'::regclass AND d2.refobjid = v.oid AND d2.deptype = 'n'
                WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = $1
                  -- before PostgreSQL 16 a view's own rule depends on the view
                  AND NOT (d2.classid = 'pg_rewrite'::regclass
                           AND EXISTS (SELECT 1 FROM pg_rewrite r2 WHERE r2.oid = d2.objid AND r2.ev_class = v.oid))
                UNION ALL
                SELECT CASE WHEN c.conparentid <> 0
                            THEN 'foreign key into its partitioned parent (detaching the partition would check every '
                                 || 'referencing row under the lock)'
                            WHEN t.relkind = 'p'
                            THEN 'foreign key from a partitioned table (before PostgreSQL 18 a partitioned table''s key '
                                 || 'cannot be re-added NOT VALID, so re-pointing it would check every referencing row '
                                 || 'while both tables are locked; PostgreSQL 18 re-adds it NOT VALID and validates it '
                                 || 'afterwards. Before 18: drop the key, run pgswap, then add it to each partition NOT '
                                 || 'VALID and VALIDATE it there, and finally add it to the partitioned table, which '
                                 || 'then only attaches the partitions'' keys, without a scan)'
                            ELSE 'foreign key from a partitioned table or partition' END,
                       format('%s on %s', c.conname, c.conrelid::regclass)
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE c.contype = 'f' AND c.confrelid = $1 AND c.conrelid <> $1
                  AND (
                        -- a key into a partitioned table, seen from the partition: its clone for the partition
                        ((SELECT r.relispartition FROM pg_class r WHERE r.oid = $1) AND c.conparentid <> 0)
                        -- a partitioned table's own key: re-added NOT VALID on 18 only (its partitions' clones
                        -- go with it); a key of a plain table or of a leaf partition of its own is carried over
                     OR (c.conparentid = 0 AND t.relkind <> 'r' AND NOT (PG18 AND t.relkind = 'p')))
                UNION ALL
                SELECT 'publication FOR ALL TABLES (it would publish pgswap''s shadow and log tables too)', p.pubname
                FROM pg_publication p WHERE p.puballtables
                UNION ALL
                SELECT 'logical replication subscription (the table is its target)', s.subname
                FROM pg_subscription_rel sr JOIN pg_subscription s ON s.oid = sr.srsubid
                WHERE sr.srrelid = $1
                UNION ALL
                SELECT 'inheritance child', i.inhrelid::regclass::text FROM pg_inherits i WHERE i.inhparent = $1
                UNION ALL
                SELECT 'inheritance parent', i.inhparent::regclass::text FROM pg_inherits i
                WHERE i.inhrelid = $1 AND NOT (SELECT c.relispartition FROM pg_class c WHERE c.oid = $1)
                UNION ALL
                SELECT 'use of its row type', pg_describe_object(d.classid, d.objid, d.objsubid)
                FROM pg_depend d
                WHERE d.refclassid = 'pg_type'::regclass AND d.deptype = 'n'
                  AND d.classid <> 'pg_proc'::regclass -- routines: see routines(), re-created in the swap
                  AND d.refobjid IN (SELECT t.oid FROM pg_type t WHERE t.typrelid = $1
                                     UNION ALL
                                     SELECT t.typarray FROM pg_type t WHERE t.typrelid = $1)
                UNION ALL
                SELECT 'extension', e.extname
                FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = $1 AND d.deptype = 'e'

                UNION ALL
                SELECT DISTINCT 'object that depends on it', pg_describe_object(d.classid, d.objid, d.objsubid)
                FROM pg_depend d
                WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = $1 AND d.deptype = 'n'
                  AND d.classid NOT IN ('pg_rewrite'::regclass, 'pg_constraint'::regclass,
                                        'pg_statistic_ext'::regclass, 'pg_publication_rel'::regclass,
                                        'pg_proc'::regclass)
                  AND NOT (d.classid = 'pg_policy'::regclass
                           AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.oid = d.objid AND p.polrelid = $1))
                  AND NOT (d.classid = 'pg_trigger'::regclass
                           AND EXISTS (SELECT 1 FROM pg_trigger t WHERE t.oid = d.objid AND t.tgrelid = $1))
                  AND NOT (d.classid = 'pg_attrdef'::regclass
                           AND EXISTS (SELECT 1 FROM pg_attrdef a WHERE a.oid = d.objid AND a.adrelid = $1))
                  AND NOT (d.classid = 'pg_class'::regclass AND d.objid = $1)
                """.replace("PG18", version >= 180000 ? "true" : "false") + publicationsInSchema + "\nORDER BY 1, 2";
        List<Dependent> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql.replace("$1", "?::oid"))) {
            int n = (sql.length() - sql.replace("$1", "").length()) / 2;
            for (int i = 1; i <= n; i++) {
                ps.setLong(i, oid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Dependent(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return List.copyOf(out);
    }
}
