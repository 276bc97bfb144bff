package io.pgswap.plan;

import java.util.List;

/**
 * The promise a dry run prints: the target's facts, the request (as text and as the operation's
 * arguments), the recipe chosen and why, the ordered steps the engine will run (built by the same
 * code that runs them), preflight findings, alternatives.
 */
public record Plan(String table, String operation, String request, Record args, String recipe, String why, String key,
                   int serverVersionNum, long heapBytes, long indexBytes, long toastBytes, long estimatedRows,
                   List<PlanStep> steps, List<Finding> findings, List<Alternative> alternatives) {

    /** Something the preflight noticed; {@code severity} is info, warning or error. */
    public record Finding(String severity, String message) {
        public static Finding info(String message) {
            return new Finding("info", message);
        }

        public static Finding warning(String message) {
            return new Finding("warning", message);
        }

        public static Finding error(String message) {
            return new Finding("error", message);
        }
    }

    /** Whether a finding says the run would not go through (it would refuse or fail). */
    public boolean runWouldNotGoThrough() {
        return findings.stream().anyMatch(f -> "error".equals(f.severity()));
    }

    /** Another way to make the same change, with what it would cost the application. */
    public record Alternative(String name, List<String> sql, String cost) {
    }
}
