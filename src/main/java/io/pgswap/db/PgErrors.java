package io.pgswap.db;

import java.sql.SQLException;
import java.util.Set;

/** Decides what a server error means by its SQLState, never by its message text. */
public final class PgErrors {
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String DEADLOCK = "40P01";
    public static final String SERIALIZATION = "40001";
    public static final String QUERY_CANCELED = "57014";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String EXCLUSION_VIOLATION = "23P01";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String INVALID_TEXT = "22P02";

    private static final Set<String> RETRYABLE = Set.of(LOCK_NOT_AVAILABLE, DEADLOCK, SERIALIZATION, QUERY_CANCELED);

    private PgErrors() {
    }

    public static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
        }
        return null;
    }

    /** Lock timeouts, deadlocks, serialization failures, cancels: try again later. */
    public static boolean isRetryable(Throwable t) {
        String s = sqlState(t);
        return s != null && RETRYABLE.contains(s);
    }

    /** Connection-level failures (class 08) and server shutdown (57P01..57P03). */
    public static boolean isConnectionLost(Throwable t) {
        String s = sqlState(t);
        return s != null && (s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03"));
    }
}
