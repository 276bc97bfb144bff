package io.pgswap.cli;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.engine.Preflight;
import java.sql.SQLException;

/** The one place where a failure becomes an exit status and a message. */
final class Errors {
    private Errors() {
    }

    static ExitCode exitCode(Throwable t) {
        if (t instanceof PgSwapException e) {
            return e.exitCode();
        }
        if (t instanceof Preflight.NothingToDo) {
            return ExitCode.OK;
        }
        if (t instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        return ExitCode.FAILED;
    }

    static String message(Throwable t) {
        if (t instanceof PgSwapException || t instanceof Preflight.NothingToDo || t instanceof IllegalArgumentException) {
            return t.getMessage();
        }
        if (t instanceof SQLException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
            return "server error " + e.getSQLState() + ": " + first
                    + "; the original table is intact. Rerun the same command to resume, or see 'pgswap status'";
        }
        if (t instanceof Error) {
            return "internal error: " + t + "; the original table is intact up to the swap. "
                    + "See 'pgswap status', then rerun the same command or 'pgswap abort'";
        }
        return t.toString();
    }
}
