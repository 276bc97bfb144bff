package io.pgswap.lint;

import io.pgswap.lint.model.Statement;
import java.util.List;

/**
 * A statement with what it locks, what it does to the table's data, and what the rules found.
 *
 * @param noTransaction what the statement is when PostgreSQL refuses to run it inside a
 *                      transaction block ({@code CREATE INDEX CONCURRENTLY}), else null
 * @param recipe        for a CONCURRENTLY statement that is safe as written, the pgswap commands
 *                      that do the same and also handle what its failure leaves (an INVALID
 *                      index); else empty
 */
public record StatementResult(Statement statement, String kind, List<TableLock> locks, Work work,
                              List<Finding> findings, String noTransaction, List<List<String>> recipe) {
    public StatementResult {
        locks = List.copyOf(locks);
        findings = List.copyOf(findings);
        recipe = recipe.stream().map(List::copyOf).toList();
    }
}
