package io.pgswap.lint;

/** What a statement does to a table's data, worst last: how long it holds its lock depends on this. */
public enum Work {
    NONE("touches no table data"),
    CATALOG("changes the catalog only"),
    SCAN("scans the whole table"),
    INDEX_BUILD("builds an index (reads the whole table)"),
    MAY_REWRITE("may rewrite the whole table"),
    REWRITE("rewrites the whole table and its indexes");

    private final String description;

    Work(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** {@code index_build}: for JSON. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Work max(Work other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
