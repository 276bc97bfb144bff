package io.pgswap.apply;

import io.pgswap.lint.FileResult;
import java.util.List;

/**
 * What apply will do with a file: its steps in order, and the reasons it refuses to start
 * (a statement with no safe recipe, a block that locks several tables, a statement PostgreSQL
 * would refuse where it stands). {@code skipped} are statements apply handles itself (BEGIN,
 * COMMIT, SET lock_timeout), for the plan.
 */
public record ApplyPlan(MigrationFile file, List<Step> steps, List<Refusal> refusals, List<Skipped> skipped,
                        FileResult lint) {
    public ApplyPlan {
        steps = List.copyOf(steps);
        refusals = List.copyOf(refusals);
        skipped = List.copyOf(skipped);
    }

    /** Why a statement keeps the file from running, and what the user could do. */
    public record Refusal(int line, String rule, String message, String advice) {
    }

    public record Skipped(int line, String statement, String why) {
    }

    public List<String> stepHashes() {
        return steps.stream().map(Step::hash).toList();
    }
}
