package io.pgswap.lint;

import io.pgswap.lint.model.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a migration file into statements at the semicolons that end them, the way psql does:
 * a semicolon inside a string ({@code '...'}, {@code E'...'} with backslash escapes), a quoted
 * identifier, a dollar-quoted string ({@code $$...$$}, {@code $tag$...$tag$}), a line comment, a
 * (nested) block comment, parentheses (a rule's {@code DO (a; b)}) or the {@code BEGIN ATOMIC ... END}
 * body of a SQL function does not end a statement. A psql meta-command ({@code \set}, {@code \gexec})
 * ends the statement before it and is a piece of its own, to its line's end. A scanner, not a
 * parser: the grammar checks each piece afterwards.
 *
 * <p>Like psql, it reads the lines after a {@code COPY ... FROM STDIN} statement (pg_dump writes
 * its rows that way) as data, up to a line that is exactly {@code \.} or the end of the file, and
 * skips them: rows are not SQL, and a row holding {@code CREATE INDEX x ON y(z);} would otherwise
 * be judged as one. Only the up sections of a file with dbmate, goose or sql-migrate markers are
 * read ({@link MigrationSections}), so the down migration is neither judged nor run.
 *
 * <p>Each statement's text starts at its first token (leading spaces and comments are left out)
 * and ends before its semicolon; pieces holding only comments are dropped.
 */
public final class StatementSplitter {
    private final String text;
    private int pos;
    /** End (exclusive) of the section being read; the end of the text outside migration sections. */
    private int limit;
    /** Line counting moves forward only: statements come in order. */
    private int countedTo;
    private int line = 1;
    private int lineStart;

    private final List<Source> out = new ArrayList<>();
    /** The statement being read: its start (-1 between statements) and what its tokens said so far. */
    private int start = -1;
    private final List<String> words = new ArrayList<>(4);
    private int blockDepth;
    private int parens;
    private String previousWord;
    private boolean fromStdin;
    /** Where the rows of the COPY ... FROM STDIN statement just read begin (its next line), -1 if none. */
    private int copyData = -1;

    private StatementSplitter(String text) {
        this.text = text;
        this.limit = text.length();
    }

    public static List<Source> split(String text) {
        return new StatementSplitter(text).run();
    }

    /**
     * The same statement with every backslash-escaped quote ({@code \'}) inside an
     * {@code E'...'} string written as a doubled quote ({@code ''}): same length, same offsets,
     * same meaning, readable by lexers that do not know escape strings.
     */
    public static String withDoubledQuotes(String statement) {
        char[] out = statement.toCharArray();
        StatementSplitter s = new StatementSplitter(statement);
        while (s.pos < statement.length()) {
            int start = s.pos;
            if (s.isEscapeStringStart()) {
                s.pos += 2;
                s.skipQuoted('\'', true);
                for (int i = start + 2; i < s.pos - 1; i++) {
                    if (statement.charAt(i) == '\\') {
                        if (statement.charAt(i + 1) == '\'') {
                            out[i] = '\'';
                        }
                        i++;
                    }
                }
            } else {
                s.skipToken();
            }
        }
        return new String(out);
    }

    private List<Source> run() {
        for (MigrationSections.Section section : MigrationSections.up(text)) {
            pos = section.from();
            limit = section.to();
            copyData = -1;
            read();
            end(limit); // a section's end ends its last statement, as StatementEnd does
        }
        return out;
    }

    private void read() {
        while (pos < limit) {
            if (copyData >= 0 && pos >= copyData) {
                end(pos);
                pos = Math.max(pos, afterCopyData(copyData));
                copyData = -1;
                continue;
            }
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || isCommentStart()) {
                skipToken();
                continue;
            }
            if (c == ';' && blockDepth == 0 && parens == 0) {
                boolean copyIn = fromStdin;
                end(pos);
                pos++;
                if (copyIn) {
                    int nl = text.indexOf('\n', pos);
                    copyData = nl < 0 || nl >= limit ? limit : nl + 1; // psql reads the rows from the next line on
                }
                continue;
            }
            if (c == '\\') {
                // a psql meta-command (\set, \gexec, pg_dump's \restrict) runs to the end of its line; like psql,
                // it ends the statement before it, and it becomes a piece of its own, which the grammar refuses
                end(pos);
                int lineEnd = lineEnd(pos);
                out.add(source(pos, lineEnd));
                pos = lineEnd;
                continue;
            }
            if (start < 0) {
                start = pos;
            }
            if (c == '(') {
                parens++; // psql's rule: a semicolon inside parentheses (CREATE RULE ... DO (a; b)) ends nothing
            } else if (c == ')' && parens > 0) {
                parens--;
            }
            int tokenStart = pos;
            skipToken();
            String word = null;
            if (isIdentStart(c) && !isEscapeStringStartAt(tokenStart)) {
                word = text.substring(tokenStart, pos).toLowerCase(Locale.ROOT);
                blockDepth = trackBlocks(words, word, blockDepth);
            }
            if (parens == 0) {
                // COPY's query form (COPY (SELECT ... FROM stdin) TO ...) names a table stdin inside parentheses
                fromStdin |= "stdin".equals(word) && "from".equals(previousWord) && words.get(0).equals("copy");
                previousWord = word;
            }
        }
    }

    /** Ends the statement being read at {@code at} (keeping it unless it is empty) and starts afresh. */
    private void end(int at) {
        if (start >= 0) {
            out.add(source(start, at));
        }
        start = -1;
        words.clear();
        blockDepth = 0;
        parens = 0;
        previousWord = null;
        fromStdin = false;
    }

    /**
     * Where the text after COPY FROM STDIN rows starting at {@code from} resumes: after the line that is
     * exactly {@code \.} (psql's end-of-data line, also with a CRLF ending), else the section's end.
     */
    private int afterCopyData(int from) {
        for (int at = from; at < limit; ) {
            int lineEnd = lineEnd(at);
            int e = lineEnd > at && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            if (e - at == 2 && text.startsWith("\\.", at)) {
                return Math.min(lineEnd + 1, limit);
            }
            at = lineEnd + 1;
        }
        return limit;
    }

    /** The end of the line at {@code at} (its newline), or of the section. */
    private int lineEnd(int at) {
        int nl = text.indexOf('\n', at);
        return nl < 0 || nl >= limit ? limit : nl;
    }

    /**
     * psql's rule for SQL-standard function bodies: inside CREATE [OR REPLACE] FUNCTION/PROCEDURE,
     * BEGIN and CASE open a block that END closes, and semicolons inside do not end the statement.
     */
    private static int trackBlocks(List<String> words, String word, int depth) {
        if (words.size() < 4) {
            words.add(word);
        }
        boolean routine = words.size() >= 2 && words.get(0).equals("create")
                && (isRoutine(words.get(1)) || (words.size() >= 4 && words.get(1).equals("or")
                        && words.get(2).equals("replace") && isRoutine(words.get(3))));
        if (!routine) {
            return depth;
        }
        if (word.equals("begin") || word.equals("case")) {
            return depth + 1;
        }
        if (word.equals("end") && depth > 0) {
            return depth - 1;
        }
        return depth;
    }

    private static boolean isRoutine(String w) {
        return w.equals("function") || w.equals("procedure");
    }

    private Source source(int start, int end) {
        int e = end;
        while (e > start && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        for (; countedTo < start; countedTo++) {
            if (text.charAt(countedTo) == '\n') {
                line++;
                lineStart = countedTo + 1;
            }
        }
        return new Source(text.substring(start, e), line, start - lineStart + 1, start);
    }

    private boolean isCommentStart() {
        return text.startsWith("--", pos) || text.startsWith("/*", pos);
    }

    /** Moves past one lexical element starting at pos: a comment, a string, an identifier, a dollar quote, one char. */
    private void skipToken() {
        char c = text.charAt(pos);
        if (text.startsWith("--", pos)) {
            int nl = text.indexOf('\n', pos);
            pos = nl < 0 || nl >= limit ? limit : nl + 1;
        } else if (text.startsWith("/*", pos)) {
            skipBlockComment();
        } else if (c == '\'') {
            pos++;
            skipQuoted('\'', false);
        } else if (c == '"') {
            pos++;
            skipQuoted('"', false);
        } else if (isEscapeStringStart()) {
            pos += 2;
            skipQuoted('\'', true);
        } else if (c == '$' && !precededByIdentChar(pos)) {
            skipDollar();
        } else if (isIdentStart(c)) {
            pos++;
            while (pos < limit && isIdentPart(text.charAt(pos))) {
                pos++;
            }
        } else {
            pos++;
        }
    }

    private boolean isEscapeStringStart() {
        return isEscapeStringStartAt(pos);
    }

    /** {@code E'} or {@code e'} not glued to a preceding identifier. */
    private boolean isEscapeStringStartAt(int at) {
        return at + 1 < limit && (text.charAt(at) == 'E' || text.charAt(at) == 'e')
                && text.charAt(at + 1) == '\'' && !precededByIdentChar(at);
    }

    /** After the opening quote: moves past the closing one (doubled quotes stay inside). */
    private void skipQuoted(char quote, boolean backslashEscapes) {
        while (pos < limit) {
            char c = text.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < limit && text.charAt(pos + 1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return;
                }
            } else {
                pos++;
            }
        }
        pos = Math.min(pos, limit);
    }

    private void skipBlockComment() {
        int depth = 0;
        while (pos < limit) {
            if (text.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (text.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    /** At a '$': a dollar quote {@code $tag$...$tag$} if a valid tag follows, else a lone char ($1 parameters). */
    private void skipDollar() {
        int end = pos + 1;
        if (end < limit && Character.isDigit(text.charAt(end))) {
            pos++;
            return;
        }
        while (end < limit && text.charAt(end) != '$') {
            if (!isIdentPart(text.charAt(end))) {
                pos++;
                return;
            }
            end++;
        }
        if (end >= limit) {
            pos++;
            return;
        }
        String tag = text.substring(pos, end + 1);
        int close = text.indexOf(tag, end + 1);
        pos = close < 0 || close + tag.length() > limit ? limit : close + tag.length();
    }

    private boolean precededByIdentChar(int at) {
        return at > 0 && isIdentPart(text.charAt(at - 1));
    }

    private static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isIdentPart(char c) {
        return c == '_' || c == '$' || Character.isLetterOrDigit(c);
    }
}
