package io.pgswap.lint.model;

/** The kinds of table constraint ALTER TABLE ... ADD can create. */
public enum ConstraintKind {
    CHECK("CHECK"),
    FOREIGN_KEY("FOREIGN KEY"),
    UNIQUE("UNIQUE"),
    PRIMARY_KEY("PRIMARY KEY"),
    EXCLUDE("EXCLUDE"),
    NOT_NULL("NOT NULL");

    private final String sql;

    ConstraintKind(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }
}
