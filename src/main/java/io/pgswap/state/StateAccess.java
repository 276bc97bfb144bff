package io.pgswap.state;

import io.pgswap.PgSwapException;
import io.pgswap.db.Rows;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether the role may use pgswap's state schema, asked before the state is first read or
 * written, so that a schema made by another role refuses the command with the GRANT that fixes
 * it (exit 3) instead of failing on a read with the server's "permission denied".
 */
public final class StateAccess {
    private StateAccess() {
    }

    /** What the command does with the state. */
    public enum Need {
        /** status: reads the state tables. */
        READ,
        /** runs, resume, abort, revert, cleanup: create helpers in the schema and write its tables. */
        WRITE
    }

    public static void check(Connection c, Need need) throws SQLException {
        String schema = StateSchema.SCHEMA;
        // has_*_privilege with a list answers whether ANY of them is held: each is asked on its own
        var s = Rows.first(c, Statement.of("""
                WITH need AS (SELECT CAST(? AS text[]) AS schema_privs, CAST(? AS text[]) AS table_privs)
                SELECT n.oid IS NOT NULL,
                       CASE WHEN n.oid IS NULL THEN has_database_privilege(current_database(), 'CREATE')
                            ELSE (SELECT bool_and(has_schema_privilege(n.oid, p)) FROM unnest(need.schema_privs) p) END,
                       pg_get_userbyid(n.nspowner),
                       (SELECT string_agg(DISTINCT pg_get_userbyid(k.relowner), ', ') FROM pg_class k
                        WHERE k.relnamespace = n.oid AND k.relkind = 'r'
                          AND k.relname IN ('migrations', 'schema_version', 'applied_files')
                          AND NOT (SELECT bool_and(has_table_privilege(k.oid, p)) FROM unnest(need.table_privs) p)),
                       current_database(), current_user
                FROM need LEFT JOIN pg_namespace n ON n.nspname = ?""",
                need == Need.READ ? "{USAGE}" : "{USAGE,CREATE}",
                need == Need.READ ? "{SELECT}" : "{SELECT,INSERT,UPDATE,DELETE}", schema),
                rs -> new Object[] {rs.getBoolean(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)}).orElseThrow();
        boolean exists = (Boolean) s[0];
        boolean allowed = (Boolean) s[1];
        String me = (String) s[5];
        String q = Sql.ident(schema);
        if (!exists) {
            if (need == Need.WRITE && !allowed) {
                throw PgSwapException.refused("role " + me + " cannot create pgswap's state schema " + schema
                        + ": GRANT CREATE ON DATABASE " + Sql.ident((String) s[4]) + " TO " + Sql.ident(me)
                        + ", or have a superuser run CREATE SCHEMA " + q + " AUTHORIZATION " + Sql.ident(me));
            }
            return; // READ: no schema, no migrations
        }
        if (!allowed) {
            throw PgSwapException.refused(need == Need.READ
                    ? "role " + me + " may not read pgswap's state schema " + schema + " (owner: " + s[2] + "): GRANT "
                            + "USAGE ON SCHEMA " + q + " TO " + Sql.ident(me) + " and GRANT SELECT ON ALL TABLES IN "
                            + "SCHEMA " + q + " TO " + Sql.ident(me) + ", or run pgswap as " + s[2]
                    : "role " + me + " may not create objects in pgswap's state schema " + schema + " (owner: " + s[2]
                            + "): GRANT USAGE, CREATE ON SCHEMA " + q + " TO " + Sql.ident(me) + ", or run pgswap as "
                            + s[2]);
        }
        if (s[3] != null) {
            throw PgSwapException.refused("role " + me + " may not " + (need == Need.READ ? "read" : "write")
                    + " pgswap's state tables in schema " + schema + " (owner: " + s[3] + "): GRANT "
                    + (need == Need.READ ? "SELECT" : "SELECT, INSERT, UPDATE, DELETE") + " ON ALL TABLES IN SCHEMA "
                    + q + " TO " + Sql.ident(me) + ", or run pgswap as " + s[3]);
        }
    }
}
