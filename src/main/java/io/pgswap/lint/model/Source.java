package io.pgswap.lint.model;

import java.util.Objects;

/**
 * Where a statement or a subcommand stands in its file, with its exact text: {@code text} is a
 * verbatim slice of the file (comments and spacing inside it kept), so it can be handed on
 * unchanged, for instance an ALTER TABLE subcommand to {@code pgswap alter}.
 *
 * @param text   the verbatim source text, without the terminating semicolon
 * @param line   1-based line of its first character
 * @param column 1-based column of its first character (in UTF-16 code units)
 * @param offset 0-based character offset of its first character in the file
 */
public record Source(String text, int line, int column, int offset) {
    public Source {
        Objects.requireNonNull(text, "text");
        if (line < 1 || column < 1 || offset < 0) {
            throw new IllegalArgumentException("bad position " + line + ":" + column + " @" + offset);
        }
    }

    /** The part {@code [from, to)} of this text (0-based offsets within {@link #text}), placed in the file. */
    public Source slice(int from, int to) {
        int line = this.line;
        int column = this.column;
        for (int i = 0; i < from; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Source(text.substring(from, to), line, column, offset + from);
    }
}
