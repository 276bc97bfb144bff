package io.pgswap.db;

import java.sql.SQLException;
import java.util.Set;

/** The one place that decides what a server error means: by its SQLState, never by its message text. */
public final class PgErrors {
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String DEADLOCK = "40P01";
    public static final String SERIALIZATION = "40001";
    public static final String QUERY_CANCELED = "57014";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String EXCLUSION_VIOLATION = "23P01";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String CHECK_VIOLATION = "23514";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String INVALID_TEXT = "22P02";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String READ_ONLY_TRANSACTION = "25006";
    public static final String UNDEFINED_OBJECT = "42704";
    public static final String DUPLICATE_OBJECT = "42710";
    public static final String RAISE_EXCEPTION = "P0001";

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

    public static boolean is(Throwable t, String sqlState) {
        return sqlState.equals(sqlState(t));
    }

    /** The constraint a server error names (a violation's), or null. */
    public static String constraint(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                    && p.getServerErrorMessage().getConstraint() != null) {
                return p.getServerErrorMessage().getConstraint();
            }
        }
        return null;
    }

    /** Lock timeouts, deadlocks, serialization failures, cancels: try again later. */
    public static boolean isRetryable(Throwable t) {
        String s = sqlState(t);
        return s != null && RETRYABLE.contains(s);
    }

    /** Integrity violations (class 23): the data does not satisfy a constraint. */
    public static boolean isIntegrityViolation(Throwable t) {
        String s = sqlState(t);
        return s != null && s.startsWith("23");
    }

    /** Errors in the text the user gave (class 42 syntax and names, class 22 data, class 0A unsupported). */
    public static boolean isUserSqlError(Throwable t) {
        String s = sqlState(t);
        return s != null && (s.startsWith("42") || s.startsWith("22") || s.startsWith("0A") || s.startsWith("2B"));
    }

    /** Connection-level failures (class 08) and server shutdown (57P01..57P03). */
    public static boolean isConnectionLost(Throwable t) {
        String s = sqlState(t);
        return s != null && (s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03"));
    }

    /** The server's message, first line only, without the "ERROR: " prefix. */
    public static String message(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        m = (nl < 0 ? m : m.substring(0, nl)).strip();
        return m.startsWith("ERROR: ") ? m.substring(7) : m.startsWith("FATAL: ") ? m.substring(7) : m;
    }

    /** The DETAIL line of the server's message, or null. */
    public static String detail(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
                return p.getServerErrorMessage().getDetail();
            }
        }
        return null;
    }
}
