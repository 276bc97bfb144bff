package io.pgswap.db;

import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps event triggers off pgswap's own DDL: a platform's hook that enables row-level security on
 * every new table, or adds an audit trigger to it, must not change the shadow, the log or the
 * state table. In a transaction that creates such objects, {@code SET LOCAL
 * session_replication_role = replica} when the role may set it (a superuser; on PostgreSQL 15 and
 * later a role granted SET on the parameter): event triggers in their default (ORIGIN) mode do not
 * fire then. Event triggers set to ENABLE ALWAYS still do; what they change is found by the checks
 * of the objects (see ShadowCheck).
 */
public final class QuietDdl {
    private QuietDdl() {
    }

    /** Returns whether event triggers in ORIGIN mode are off for the rest of the transaction. */
    public static boolean begin(Connection tx) throws SQLException {
        boolean may = Rows.bool(tx, Statement.of("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        if (!may && tx.getMetaData().getDatabaseMajorVersion() >= 15) {
            // GRANT SET ON PARAMETER exists from PostgreSQL 15 on
            may = Rows.bool(tx, Statement.of("SELECT has_parameter_privilege('session_replication_role', 'SET')"));
        }
        if (may) {
            Rows.first(tx, Statement.of("SELECT set_config('session_replication_role', 'replica', true)"),
                    rs -> rs.getString(1));
        }
        return may;
    }
}
