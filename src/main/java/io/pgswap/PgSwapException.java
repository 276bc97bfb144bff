package io.pgswap;

/**
 * Every failure pgswap reports to a user: a message that says what is wrong and what to do,
 * the exit status it maps to, and the SQLState when it came from the server. "Nothing to do"
 * travels the same way, with exit status 0.
 */
public class PgSwapException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;
    private final String sqlState;

    public PgSwapException(ExitCode exitCode, String message) {
        this(exitCode, message, null, null);
    }

    public PgSwapException(ExitCode exitCode, String message, Throwable cause, String sqlState) {
        super(message, cause);
        this.exitCode = exitCode;
        this.sqlState = sqlState;
    }

    public static PgSwapException refused(String message) {
        return new PgSwapException(ExitCode.REFUSED, message);
    }

    public static PgSwapException usage(String message) {
        return new PgSwapException(ExitCode.USAGE, message);
    }

    /** The request is already satisfied (exit 0): the column is already NOT NULL, the index exists. */
    public static PgSwapException nothingToDo(String message) {
        return new PgSwapException(ExitCode.OK, message);
    }

    public static PgSwapException failed(String message, Throwable cause) {
        return new PgSwapException(ExitCode.FAILED, message, cause, sqlStateOf(cause));
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** The SQLState of the server error behind this one, or null. */
    public String sqlState() {
        return sqlState;
    }

    private static String sqlStateOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
        }
        return null;
    }
}
