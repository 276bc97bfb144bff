package io.pgswap.lint;

import io.pgswap.lint.model.Statement;
import java.util.List;

/** A statement with what it locks, what it does to the table's data, and what the rules found. */
public record StatementResult(Statement statement, String kind, List<TableLock> locks, Work work,
                              List<Finding> findings) {
    public StatementResult {
        locks = List.copyOf(locks);
        findings = List.copyOf(findings);
    }
}
