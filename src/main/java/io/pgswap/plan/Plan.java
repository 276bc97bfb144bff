package io.pgswap.plan;

import java.util.List;

/** The promise a dry run prints: target facts, ordered steps, preflight findings, alternatives. */
public record Plan(String table, String operation, String column, String key, int serverVersionNum,
                   long heapBytes, long indexBytes, long toastBytes, long estimatedRows, List<Step> steps,
                   List<Finding> findings, List<Alternative> alternatives) {

    public record Finding(String severity, String message) {
    }

    public record Alternative(String name, List<String> sql, String cost) {
    }
}
