package io.pgswap.recipe;

import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the shadow's columns are filled from the original's: for each shadow column, an
 * expression over the original's row (alias {@code o}) with its own bind values. The copy and
 * the replay use the same mapping, so a row copied and a row replayed get the same change.
 * {@code shadowTypes} are the shadow's columns and their types (generated ones included), in its
 * order; empty when they are the original's (the change adds, drops or retypes no column).
 */
public record ColumnMapping(List<Entry> entries, boolean overridingSystemValue, Map<String, String> shadowTypes) {
    /** One shadow column and what fills it; {@code expression} refers to the original as {@code o}. */
    public record Entry(String column, Statement expression) {
    }

    /** A mapping into a shadow with the original's columns. */
    public ColumnMapping(List<Entry> entries, boolean overridingSystemValue) {
        this(entries, overridingSystemValue, Map.of());
    }

    public ColumnMapping {
        entries = List.copyOf(entries);
        shadowTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shadowTypes));
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

    /**
     * The shadow's type of the original's column {@code c} when the change gives it another one
     * (the key's values read from the change log are cast to it), else null.
     */
    public String changedType(io.pgswap.catalog.Column c) {
        String t = shadowTypes.get(c.name());
        return t == null || t.equals(c.type()) ? null : t;
    }

    /** Whether the shadow has no column of this name (the change drops it). */
    public boolean drops(String column) {
        return !shadowTypes.isEmpty() && !shadowTypes.containsKey(column);
    }

    /** "OVERRIDING SYSTEM VALUE\n" when an identity column is written, else "". */
    public String overriding() {
        return overridingSystemValue ? "OVERRIDING SYSTEM VALUE\n" : "";
    }
}
