package io.pgswap.plan;

import io.pgswap.catalog.LockLevel;
import io.pgswap.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * One step of a plan, as the engine will run it: its name (the vocabulary shared by the state
 * row, progress, metrics and JSON), what it does, the statements it sends (as sent, with their
 * values), every lock it takes on every relation, whether it runs inside a transaction, and an
 * estimate of how long it runs.
 */
public record PlanStep(String name, String description, List<Statement> sql, List<LockUse> locks,
                       boolean transactional, Duration estimate, String note) {
    public PlanStep {
        sql = List.copyOf(sql);
        locks = List.copyOf(locks);
    }

    /** The strongest lock the step takes (NONE when it takes none). */
    public LockLevel strongest() {
        return locks.stream().map(LockUse::level).max(Comparator.naturalOrder()).orElse(LockLevel.NONE);
    }
}
