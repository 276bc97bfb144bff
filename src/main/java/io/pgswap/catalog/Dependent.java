package io.pgswap.catalog;

/** Something outside the table's own definition that points at it (a view, a foreign key, ...). */
public record Dependent(String kind, String name) {
    @Override
    public String toString() {
        return kind + " " + name;
    }
}
