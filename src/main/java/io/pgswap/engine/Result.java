package io.pgswap.engine;

import io.pgswap.ExitCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, for the final summary and the JSON document. {@code stepMillis} is keyed by
 * the plan's step names; {@code outcome} is swapped, synced (--no-swap), revert_window (in its
 * revert window, nothing else to do yet), reverted, done or nothing_to_do. {@code revertUntil}:
 * when the revert window ends, or null.
 */
public record Result(ExitCode exitCode, String outcome, String message, long migrationId, String table,
                     String operation, String recipe, Map<String, Long> stepMillis, long rowsCopied,
                     long rowsReplayed, long swapAttempts, long lockHeldMillis, String oldTable, List<String> warnings,
                     String revertUntil) {

    public Result(ExitCode exitCode, String outcome, String message, long migrationId, String table, String operation,
                  String recipe, Map<String, Long> stepMillis, long rowsCopied, long rowsReplayed, long swapAttempts,
                  long lockHeldMillis, String oldTable, List<String> warnings) {
        this(exitCode, outcome, message, migrationId, table, operation, recipe, stepMillis, rowsCopied, rowsReplayed,
                swapAttempts, lockHeldMillis, oldTable, warnings, null);
    }

    public static Result simple(ExitCode code, String outcome, String message, String table, String operation) {
        return new Result(code, outcome, message, 0, table, operation, null, new LinkedHashMap<>(), 0, 0, 0, 0, null,
                List.of());
    }
}
