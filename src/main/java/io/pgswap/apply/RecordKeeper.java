package io.pgswap.apply;

import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes apply's record ({@code pgswap.applied_files}) as the role apply began as. A migration
 * file may change the session's role (SET ROLE, SET SESSION AUTHORIZATION) so that its objects
 * get the right owner; the record still needs pgswap's privileges, so it is written under
 * {@code SET LOCAL} roles, and the file's role comes back when the transaction ends.
 */
final class RecordKeeper {
    /** An action on the record. */
    @FunctionalInterface
    interface Action {
        void run() throws SQLException;
    }

    private final Connection session;
    private final String sessionUser;
    private final String currentUser;

    RecordKeeper(Connection session) throws SQLException {
        this.session = session;
        String[] roles = roles(session);
        this.sessionUser = roles[0];
        this.currentUser = roles[1];
    }

    private static String[] roles(Connection c) throws SQLException {
        return Rows.first(c, Statement.of("SELECT session_user, current_user"),
                rs -> new String[] {rs.getString(1), rs.getString(2)}).orElseThrow();
    }

    /** Runs {@code action} in the open transaction {@code tx}, last in it, as the role apply began as. */
    void inTransaction(Connection tx, Action action) throws SQLException {
        String[] now = roles(tx);
        try (java.sql.Statement st = tx.createStatement()) {
            if (!now[0].equals(sessionUser)) {
                st.execute("SET LOCAL SESSION AUTHORIZATION DEFAULT");
            }
            if (!now[1].equals(currentUser) || !now[0].equals(sessionUser)) {
                st.execute("SET LOCAL ROLE " + Sql.ident(currentUser));
            }
        }
        action.run();
    }

    /** A record written outside a step's transaction: in a transaction of its own when the role changed. */
    void write(Action action) throws SQLException {
        if (!session.getAutoCommit()) {
            action.run();
            return;
        }
        String[] now = roles(session);
        if (now[0].equals(sessionUser) && now[1].equals(currentUser)) {
            action.run();
            return;
        }
        Tx.inTransaction(session, Connection.TRANSACTION_READ_COMMITTED, tx -> {
            inTransaction(tx, action);
            return null;
        });
    }
}
