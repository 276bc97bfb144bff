package io.pgswap.lint;

import java.util.List;

/** One migration file's statements and the statements that did not parse. */
public record FileResult(String file, List<StatementResult> statements, List<SyntaxError> syntaxErrors) {
    public FileResult {
        statements = List.copyOf(statements);
        syntaxErrors = List.copyOf(syntaxErrors);
    }

    /** A statement that could not be parsed, at its position in the file. */
    public record SyntaxError(int line, int column, String message) {
    }
}
