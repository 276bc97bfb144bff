package io.pgswap.catalog;

import io.pgswap.PgSwapException;
import io.pgswap.db.Rows;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the table a user named, the way PostgreSQL resolves the name (search_path when it is
 * unqualified), and says clearly why when there is none: missing, only in another schema,
 * another session's temporary table, a system catalog.
 */
public final class TableResolver {
    private final Connection conn;

    public TableResolver(Connection conn) {
        this.conn = conn;
    }

    /** The table's OID for [schema.]table. */
    public long resolve(String schema, String table) throws SQLException {
        long oid = schema != null ? qualified(schema, table) : unqualified(table);
        refuseSystem(oid);
        return oid;
    }

    private long qualified(String schema, String table) throws SQLException {
        Long oid = Rows.longValue(conn, Statement.of("""
                SELECT c.oid::bigint
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?""", schema, table));
        if (oid != null) {
            return oid;
        }
        if (Rows.longValue(conn, Statement.of("SELECT oid::bigint FROM pg_namespace WHERE nspname = ?", schema)) == null) {
            throw PgSwapException.refused("schema \"" + schema + "\" does not exist");
        }
        throw PgSwapException.refused("table \"" + schema + "\".\"" + table + "\" does not exist");
    }

    private long unqualified(String table) throws SQLException {
        Long oid = Rows.longValue(conn, Statement.of("SELECT to_regclass(?)::oid::bigint", Sql.ident(table)));
        if (oid != null) {
            return oid;
        }
        List<String> elsewhere = new ArrayList<>(Rows.strings(conn, Statement.of("""
                SELECT n.nspname
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relname = ? AND c.relkind IN ('r', 'p')
                ORDER BY 1""", table)));
        boolean onlyTemp = !elsewhere.isEmpty() && elsewhere.stream().allMatch(s -> s.startsWith("pg_temp_"));
        elsewhere.removeIf(s -> s.startsWith("pg_temp_") || s.startsWith("pg_toast_temp_"));
        if (onlyTemp) {
            throw PgSwapException.refused("table \"" + table + "\" is only a temporary table of another session; "
                    + "pgswap cannot see or migrate temporary tables");
        }
        if (elsewhere.isEmpty()) {
            throw PgSwapException.refused("table \"" + table + "\" does not exist (search_path: "
                    + Rows.string(conn, Statement.of("SELECT current_setting('search_path')")) + ")");
        }
        throw PgSwapException.refused("table \"" + table + "\" is not on the search_path but exists in schema"
                + (elsewhere.size() > 1 ? "s " : " ") + String.join(", ", elsewhere)
                + "; name it as SCHEMA." + table + (elsewhere.size() > 1 ? " (the name is ambiguous)" : ""));
    }

    /** System catalogs, information_schema, TOAST tables and extension members are not pgswap's to change. */
    private void refuseSystem(long oid) throws SQLException {
        var row = Rows.first(conn, Statement.of("""
                SELECT n.nspname, c.relname,
                       n.nspname IN ('pg_catalog', 'information_schema') OR n.nspname LIKE 'pg\\_toast%'
                         OR c.relkind = 't',
                       (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e' LIMIT 1),
                       n.nspname = 'pgswap'
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = ?::oid""", oid), rs -> new String[] {rs.getString(1), rs.getString(2),
                String.valueOf(rs.getBoolean(3)), rs.getString(4), String.valueOf(rs.getBoolean(5))});
        if (row.isEmpty()) {
            return;
        }
        String[] r = row.get();
        String name = QualifiedName.format(r[0], r[1]);
        if (Boolean.parseBoolean(r[2])) {
            throw PgSwapException.refused(name + " is a system catalog or TOAST table; pgswap changes only user tables");
        }
        if (r[3] != null) {
            throw PgSwapException.refused(name + " belongs to extension " + r[3] + "; change it through the "
                    + "extension (ALTER EXTENSION ... UPDATE), not pgswap");
        }
        if (Boolean.parseBoolean(r[4])) {
            throw PgSwapException.refused(name + " is one of pgswap's own tables");
        }
    }
}
