package io.pgswap.catalog;

import io.pgswap.db.Rows;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The current role's default privileges ({@code ALTER DEFAULT PRIVILEGES}) for tables, which
 * PostgreSQL applies to every table, view and materialized view the role creates: what a
 * relation pgswap creates in place of another one gets beyond a new relation's privileges.
 */
public final class DefaultPrivileges {
    private DefaultPrivileges() {
    }

    /**
     * The roles (null for PUBLIC, the role itself included) that the current role's default
     * privileges for tables in {@code schema}, or in every schema, name; empty when it has none.
     */
    public static List<String> tableGrantees(Connection c, String schema) throws SQLException {
        return grantees(c, schema, "r");
    }

    /** {@link #tableGrantees} for sequences (an identity column's new sequence gets them). */
    public static List<String> sequenceGrantees(Connection c, String schema) throws SQLException {
        return grantees(c, schema, "S");
    }

    private static List<String> grantees(Connection c, String schema, String kind) throws SQLException {
        return Rows.list(c, Statement.of("""
                SELECT DISTINCT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END
                FROM pg_default_acl d CROSS JOIN LATERAL aclexplode(d.defaclacl) a
                WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                  AND d.defaclobjtype = ?::"char"
                  AND d.defaclnamespace IN (0, (SELECT oid FROM pg_namespace WHERE nspname = ?))
                ORDER BY 1""", kind, schema), rs -> rs.getString(1));
    }
}
