package io.pgswap.recipe;

import io.pgswap.PgSwapException;
import io.pgswap.plan.LockUse;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * One step of an in-place recipe, with everything the runner needs to run it carefully and the
 * plan needs to show it:
 *
 * @param name        the step's name in the plan, the state row and progress ("add", "validate")
 * @param description what it does, for people
 * @param kind        how the runner executes {@code sql} (see {@link Kind})
 * @param sql         the statements, with their values
 * @param locks       every lock it takes, on every relation; each request is bounded and retried
 * @param done        a query returning one boolean: is this step's effect already there? A re-run
 *                    skips a step that is done (null: never done before it runs)
 * @param undo        what {@code pgswap abort} runs to remove what this step added (only if pgswap
 *                    ran it); {@link Undo#NONE} when there is nothing to undo
 * @param leaves      what the table carries once this step is done and until the recipe finishes
 *                    ("NOT VALID constraint x"), recorded in the state row (I10); null for nothing
 * @param estimate    how long it is expected to run
 * @param note        for the plan: what the lock means for the application, or null
 * @param diagnosis   turns a failure of this step into a message (violating rows and samples), or null
 */
public record InPlaceStep(String name, String description, Kind kind, List<Statement> sql, List<LockUse> locks,
                          Statement done, Undo undo, String leaves, Duration estimate, String note,
                          Diagnosis diagnosis) {
    /** How a step is run. */
    public enum Kind {
        /** In one transaction, with lock_timeout, retried; never requested while a long transaction holds a conflicting lock. */
        DDL,
        /** Outside a transaction ({@code ... CONCURRENTLY}): waits for older transactions without blocking anyone. */
        CONCURRENT,
        /**
         * A batched UPDATE over heap page ranges, each batch its own transaction, checkpointed:
         * {@code sql} holds one statement whose last two placeholders are the batch's first and
         * end tid.
         */
        BACKFILL
    }

    /** What removes a step's effect: statements, their locks, and whether they may run in a transaction. */
    public record Undo(List<Statement> sql, List<LockUse> locks, boolean transactional) {
        public static final Undo NONE = new Undo(List.of(), List.of(), true);

        public Undo {
            sql = List.copyOf(sql);
            locks = List.copyOf(locks);
        }

        public boolean isEmpty() {
            return sql.isEmpty();
        }
    }

    /** Explains a failed step: returns the message to report, or null to report the error as it is. */
    @FunctionalInterface
    public interface Diagnosis {
        PgSwapException explain(Connection c, SQLException e) throws SQLException;
    }

    public InPlaceStep {
        sql = List.copyOf(sql);
        locks = List.copyOf(locks);
        if (sql.isEmpty()) {
            throw new IllegalArgumentException("step " + name + " has no statement");
        }
        if (kind == Kind.BACKFILL && sql.size() != 1) {
            throw new IllegalArgumentException("a backfill step runs exactly one statement per batch");
        }
    }

    public boolean transactional() {
        return kind != Kind.CONCURRENT;
    }
}
