package io.pgswap.lint;

import java.util.List;

/**
 * One migration file's statements and the statements that did not parse; or, for a file that
 * could not be read (missing, a directory, not UTF-8), why not, and nothing else.
 */
public record FileResult(String file, List<StatementResult> statements, List<SyntaxError> syntaxErrors,
                         String unreadable) {
    public FileResult {
        statements = List.copyOf(statements);
        syntaxErrors = List.copyOf(syntaxErrors);
    }

    public FileResult(String file, List<StatementResult> statements, List<SyntaxError> syntaxErrors) {
        this(file, statements, syntaxErrors, null);
    }

    /** A file lint could not read: the run goes on with the others and exits 2. */
    public static FileResult unreadable(String file, String why) {
        return new FileResult(file, List.of(), List.of(), why);
    }

    /** A statement that could not be parsed, at its position in the file. */
    public record SyntaxError(int line, int column, String message) {
    }
}
