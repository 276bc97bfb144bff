package io.pgswap.lint.model;

import java.util.List;
import java.util.Objects;

/**
 * An SQL expression: its verbatim text and the functions it calls, which is what decides
 * whether a default can be stored once in the catalog or must be computed for every row.
 *
 * @param text      verbatim source text
 * @param functions names of the functions called anywhere in it, lower case, schema-qualified
 *                  when written so ({@code pg_catalog.now}); SQL value keywords such as
 *                  {@code CURRENT_TIMESTAMP} count as functions of that name
 * @param columns   the column references in it, each once in order of first appearance, as their
 *                  folded dotted parts: {@code [amount]}, {@code [orders, amount]} for {@code orders.amount}
 *                  (a table-qualified column, or a field of a composite column: the reader decides)
 */
public record Expression(String text, List<String> functions, List<List<String>> columns) {
    public Expression {
        Objects.requireNonNull(text, "text");
        functions = List.copyOf(functions);
        columns = columns.stream().map(List::copyOf).distinct().toList();
    }

    public Expression(String text, List<String> functions) {
        this(text, functions, List.of());
    }

    /**
     * The columns of {@code table} the expression reads, each once: a reference {@code t.c} is the
     * column c when t is the table's name, else (a field of a composite column) the column t.
     */
    public List<String> columnsOf(String table) {
        return columns.stream().map(c -> c.size() > 1 && c.get(0).equals(table) ? c.get(1) : c.get(0))
                .distinct().toList();
    }
}
