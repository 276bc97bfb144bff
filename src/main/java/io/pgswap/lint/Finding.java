package io.pgswap.lint;

import io.pgswap.lint.model.LockMode;

/**
 * One finding of one rule at one place.
 *
 * @param line    1-based line in the file of the statement or subcommand it is about
 * @param column  1-based column there
 * @param table   the table it is about as displayed ({@code orders}), or null
 * @param lock    the lock that matters, or null
 * @param work    what the statement does to the table's data
 * @param reason  one line: why this is a problem
 * @param instead the pgswap command (or SQL) that does the same safely, or advice; may be null
 * @param offset  0-based character offset in the file of the statement or subcommand it is about
 * @param commands the pgswap commands (argument vectors) that do exactly what the statement or
 *                subcommand does, without its long lock; empty when {@code instead} is only advice
 */
public record Finding(Rule rule, Severity severity, int line, int column, String table, LockMode lock, Work work,
                      String reason, String instead, int offset, java.util.List<java.util.List<String>> commands) {
    public Finding {
        commands = commands.stream().map(java.util.List::copyOf).toList();
    }

    /** A finding that blocks the application for a time that grows with the table: what apply must not run as written. */
    public boolean blocking() {
        return rule.dependsOnTableSize() && severity != Severity.INFO;
    }
}
