package io.pgswap.recipe;

import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * How the shadow's columns are filled from the original's: for each shadow column, an
 * expression over the original's row (alias {@code o}) with its own bind values. The copy and
 * the replay use the same mapping, so a row copied and a row replayed get the same change.
 */
public record ColumnMapping(List<Entry> entries, boolean overridingSystemValue) {
    /** One shadow column and what fills it; {@code expression} refers to the original as {@code o}. */
    public record Entry(String column, Statement expression) {
    }

    public ColumnMapping {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a column mapping needs at least one column");
        }
    }

    /** {@code "a", "b", ...}: the INSERT's target list. */
    public String insertColumns() {
        return Sql.identList(entries.stream().map(Entry::column).toList());
    }

    /** The SELECT list, with the values of every expression in order. */
    public Statement selectList() {
        StringBuilder sb = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Entry e : entries) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.expression().text());
            params.addAll(e.expression().params());
        }
        return new Statement(sb.toString(), params);
    }

    /** "OVERRIDING SYSTEM VALUE\n" when an identity column is written, else "". */
    public String overriding() {
        return overridingSystemValue ? "OVERRIDING SYSTEM VALUE\n" : "";
    }
}
