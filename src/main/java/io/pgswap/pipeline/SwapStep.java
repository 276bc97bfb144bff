package io.pgswap.pipeline;

import io.pgswap.plan.PlanStep;
import io.pgswap.state.MigrationRecord;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One step of the swap pipeline: it describes itself for the plan and runs, from the same code.
 * A step that finishes moves the state row to {@code next} in the same transaction as its last
 * piece of work, so a run that dies in between resumes at the right step.
 */
interface SwapStep {
    String name();

    PlanStep plan(SwapContext ctx);

    void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException;

    /** The run's two sessions: {@code work} for the steps, {@code control} for the state row and locks. */
    record Connections(Connection work, Connection control) {
    }
}
