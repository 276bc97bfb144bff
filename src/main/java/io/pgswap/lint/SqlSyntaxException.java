package io.pgswap.lint;

/** A statement the grammar does not accept; line and column are positions in its file (1-based). */
public final class SqlSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public SqlSyntaxException(int line, int column, String message) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
