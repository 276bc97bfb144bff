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
 */
public record Expression(String text, List<String> functions) {
    public Expression {
        Objects.requireNonNull(text, "text");
        functions = List.copyOf(functions);
    }
}
