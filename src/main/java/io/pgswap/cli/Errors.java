package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.db.PgErrors;
import java.sql.SQLException;

/** The one place where a failure becomes an exit status and a message. */
final class Errors {
    private Errors() {
    }

    static ExitCode exitCode(Throwable t) {
        if (t instanceof PgSwapException e) {
            return e.exitCode();
        }
        if (t instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILED;
    }

    static String message(Throwable t) {
        if (t instanceof PgSwapException || t instanceof IllegalArgumentException) {
            return t.getMessage();
        }
        if (t instanceof SQLException e) {
            return "server error " + e.getSQLState() + ": " + PgErrors.message(e);
        }
        if (t instanceof Error) {
            return "internal error: " + t + "; see 'pgswap status' for the state of the migration";
        }
        return t.toString();
    }
}
