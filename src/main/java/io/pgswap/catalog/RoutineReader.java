package io.pgswap.catalog;

import io.pgswap.db.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the routines tied to a table's row type ({@link Routine}). */
final class RoutineReader {
    private final Connection conn;

    RoutineReader(Connection conn) {
        this.conn = conn;
    }

    /**
     * Functions and procedures tied to the table's row type (or its array type) or whose
     * SQL-standard body reads the table, with what it takes to create them again; see {@link Routine}.
     */
    List<Routine> read(long oid) throws SQLException {
        List<Routine> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                WITH row_types AS (
                    SELECT t.oid FROM pg_type t WHERE t.oid = (SELECT c.reltype FROM pg_class c WHERE c.oid = ?::oid)
                    UNION ALL
                    SELECT t.typarray FROM pg_type t
                    WHERE t.oid = (SELECT c.reltype FROM pg_class c WHERE c.oid = ?::oid)),
                tied AS (
                    SELECT DISTINCT d.objid FROM pg_depend d
                    WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'n'
                      AND ((d.refclassid = 'pg_type'::regclass AND d.refobjid IN (SELECT oid FROM row_types))
                        OR (d.refclassid = 'pg_class'::regclass AND d.refobjid = ?::oid)))
                SELECT p.oid::bigint, p.oid::regprocedure::text, pg_get_userbyid(p.proowner),
                       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,
                       obj_description(p.oid, 'pg_proc'),
                       CASE WHEN p.prokind = 'a' THEN 'it is an aggregate'
                            WHEN EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                           AND e.objid = p.oid AND e.deptype = 'e')
                            THEN 'it belongs to an extension'
                            WHEN EXISTS (SELECT 1 FROM pg_depend u WHERE u.refclassid = 'pg_proc'::regclass
                                           AND u.refobjid = p.oid AND u.deptype = 'n')
                            THEN 'the swap would drop and create it again, but '
                                 || (SELECT string_agg(DISTINCT pg_describe_object(u.classid, u.objid, u.objsubid), ', ')
                                     FROM pg_depend u WHERE u.refclassid = 'pg_proc'::regclass
                                       AND u.refobjid = p.oid AND u.deptype = 'n')
                                 || ' depend(s) on it'
                            WHEN NOT pg_has_role(p.proowner, 'MEMBER')
                            THEN 'the swap would create it again, but pgswap''s role is not a member of its owner '
                                 || pg_get_userbyid(p.proowner)
                            WHEN NOT has_schema_privilege(p.pronamespace, 'CREATE')
                            THEN 'the swap would create it again, but pgswap''s role may not create in schema '
                                 || p.pronamespace::regnamespace::text
                       END,
                       p.proacl IS NOT NULL,
                       EXISTS (SELECT 1 FROM pg_default_acl da
                               WHERE da.defaclrole = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
                                 AND da.defaclobjtype = 'f' AND da.defaclnamespace IN (0, p.pronamespace)),
                       ARRAY(SELECT DISTINCT pg_get_userbyid(g.grantee)
                             FROM pg_default_acl da, aclexplode(da.defaclacl) g
                             WHERE da.defaclrole = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
                               AND da.defaclobjtype = 'f' AND da.defaclnamespace IN (0, p.pronamespace)
                               AND g.grantee <> 0)
                FROM pg_proc p
                WHERE p.oid IN (SELECT objid FROM tied)
                ORDER BY 2""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            ps.setLong(3, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Routine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(7), List.of(), rs.getBoolean(8), Rows.strings(rs.getArray(9)),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        List<Routine> withGrants = new ArrayList<>();
        for (Routine r : out) {
            withGrants.add(r.withGrants(routineGrants(r.oid())));
        }
        return List.copyOf(withGrants);
    }

    /** A routine's privileges: its ACL, or the default one (EXECUTE for PUBLIC and the owner) when it has none. */
    private List<Grant> routineGrants(long oid) throws SQLException {
        List<Grant> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT CASE WHEN e.grantee = 0 THEN NULL ELSE pg_get_userbyid(e.grantee) END,
                       e.privilege_type, e.is_grantable, pg_get_userbyid(e.grantor)
                FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) e
                WHERE p.oid = ?::oid""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Grant(rs.getString(1), rs.getString(2), rs.getBoolean(3), null, rs.getString(4)));
                }
            }
        }
        return List.copyOf(out);
    }
}
