package io.pgswap.core;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Points where tests interleave concurrent work or inject faults. Production uses {@link #NONE};
 * every method is a no-op by default, so the engine never branches on "are hooks enabled".
 */
public interface Hooks {
    Hooks NONE = new Hooks() {
    };

    /** After a step (by its plan name: "capture", "copy", "swap", "validate", ...) has been committed. */
    default void afterStep(String step) throws SQLException {
    }

    /** Inside a copy or backfill batch's transaction, after its statement ran and before it commits. */
    default void inCopyBatch(Connection tx, long fromPage, long toPage) throws SQLException {
    }

    /** Inside a replay transaction, after its batch was applied and before it commits. */
    default void inReplayBatch(Connection tx, long consumed) throws SQLException {
    }

    /** Before each swap attempt asks for its locks. */
    default void beforeSwapAttempt(int attempt) throws SQLException {
    }

    /**
     * The checksum found these keys differing ("(id)=(42)") and the replay has caught up; they are
     * compared again next.
     */
    default void beforeChecksumRecheck(java.util.List<String> keys) throws SQLException {
    }
}
