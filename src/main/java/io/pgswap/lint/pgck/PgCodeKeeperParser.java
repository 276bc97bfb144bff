package io.pgswap.lint.pgck;

import io.pgswap.lint.SqlParser;
import io.pgswap.lint.SqlSyntaxException;
import io.pgswap.lint.StatementSplitter;
import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLLexer;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLParser;
import org.pgcodekeeper.core.parsers.antlr.pg.generated.SQLParser.*;

/**
 * The one place that knows pgCodeKeeper's ANTLR grammar of PostgreSQL (Apache-2.0): it parses a
 * statement and turns the parse tree into pgswap's own {@link Statement} model. Parsing runs in
 * ANTLR's fast SLL mode first and falls back to full LL only when SLL gives up, so a statement is
 * accepted exactly when the grammar accepts it.
 */
public final class PgCodeKeeperParser implements SqlParser {

    @Override
    public Statement parse(Source source) {
        try {
            return parseText(source);
        } catch (SqlSyntaxException e) {
            Statement routines = droppedRoutines(source);
            if (routines != null) {
                return routines;
            }
            Statement unaliased = unaliasedSubqueries(source, e);
            if (unaliased != null) {
                return unaliased;
            }
            // SET SCHEMA 'app': PostgreSQL's other spelling of SET search_path = 'app', which the grammar lacks
            var schema = SET_SCHEMA.matcher(source.text().strip());
            if (schema.matches()) {
                Statement read = parseText(new Source("SET " + (schema.group(1) == null ? "" : schema.group(1))
                        + "search_path = " + schema.group(2), source.line(), source.column(), source.offset()));
                if (read instanceof Statement.SetParameter p) {
                    return new Statement.SetParameter(source, p.name(), p.value(), p.local());
                }
            }
            // LANGUAGE 'plpgsql': the quoted language name older dumps and Flyway files write, which
            // PostgreSQL still takes and the grammar does not. Read with the name unquoted; the
            // statement keeps its own text (what apply sends), and one that is not a CREATE
            // FUNCTION or PROCEDURE keeps its error
            String unquoted = QUOTED_LANGUAGE.matcher(source.text()).replaceAll("LANGUAGE $1");
            if (unquoted.equals(source.text())) {
                throw e;
            }
            Statement read;
            try {
                read = parseText(new Source(unquoted, source.line(), source.column(), source.offset()));
            } catch (SqlSyntaxException again) {
                throw e;
            }
            if (read instanceof Statement.Other o && o.kind().matches("CREATE (OR REPLACE )?(FUNCTION|PROCEDURE)")) {
                return new Statement.Other(source, o.kind());
            }
            throw e;
        }
    }

    private static final java.util.regex.Pattern SET_SCHEMA = java.util.regex.Pattern.compile(
            "(?is)SET\\s+((?:SESSION|LOCAL)\\s+)?SCHEMA\\s+('(?:[^']|'')*')");

    private static final java.util.regex.Pattern DROP_ROUTINES = java.util.regex.Pattern.compile(
            "(?is)DROP\\s+(FUNCTION|PROCEDURE|ROUTINE|AGGREGATE)\\s+(IF\\s+EXISTS\\s+)?(.*?)(\\s+(?:CASCADE|RESTRICT))?");

    /**
     * {@code DROP FUNCTION a(int), b(text)} (a list, as PostgreSQL takes it) and {@code DROP ROUTINE},
     * which the grammar does not know: each routine is read on its own as a {@code DROP FUNCTION}
     * (or PROCEDURE, AGGREGATE) of one, and the statement is accepted only when every one of them
     * is, and is what the grammar makes of a drop of one; null otherwise (the first error stands).
     */
    private Statement droppedRoutines(Source source) {
        var m = DROP_ROUTINES.matcher(source.text().strip());
        if (!m.matches()) {
            return null;
        }
        String kind = m.group(1).toUpperCase(java.util.Locale.ROOT);
        String readAs = kind.equals("ROUTINE") ? "FUNCTION" : kind;
        java.util.List<String> routines = topLevelItems(m.group(3));
        if (routines.size() < 2 && !kind.equals("ROUTINE")) {
            return null; // one routine: the grammar's own error is the answer
        }
        Statement.Other first = null;
        for (String routine : routines) {
            Statement one;
            try {
                one = parseText(new Source("DROP " + readAs + " " + (m.group(2) == null ? "" : "IF EXISTS ") + routine
                        + (m.group(4) == null ? "" : m.group(4)), source.line(), source.column(), source.offset()));
            } catch (SqlSyntaxException e) {
                return null;
            }
            if (!(one instanceof Statement.Other o) || first != null && !o.kind().equals(first.kind())) {
                return null;
            }
            first = first == null ? o : first;
        }
        return first == null ? null : new Statement.Other(source, first.kind().replace(readAs, kind));
    }

    /**
     * A subquery in FROM without an alias ({@code SELECT count(*) FROM (SELECT ...)}), which
     * PostgreSQL 16 and later take and the grammar does not: where the error comes right after the
     * closing parenthesis of a parenthesized SELECT, VALUES or WITH, the statement is read again with
     * an alias there (a few times at most). Accepted only when it then reads as a statement whose
     * model holds no piece of its text (a query, a view, a DML statement's table locks), which keeps
     * its own text; null otherwise.
     */
    private Statement unaliasedSubqueries(Source source, SqlSyntaxException first) {
        String text = source.text();
        SqlSyntaxException e = first;
        for (int n = 1; n <= 8; n++) {
            int at = offset(source.line(), source.column(), text, e.line(), e.column());
            int close = at - 1;
            while (close >= 0 && Character.isWhitespace(text.charAt(close))) {
                close--;
            }
            if (close < 0 || text.charAt(close) != ')' || !opensQuery(text, close)) {
                return null;
            }
            text = text.substring(0, close + 1) + " AS pgswap_subquery_" + n + text.substring(close + 1);
            try {
                Statement read = parseText(new Source(text, source.line(), source.column(), source.offset()));
                if (read instanceof Statement.Other o) {
                    return new Statement.Other(source, o.kind());
                }
                if (read instanceof Statement.CreateRelation r) {
                    return new Statement.CreateRelation(source, r.kind(), r.relation(), r.replaces());
                }
                if (read instanceof Statement.TableLocks t) {
                    return new Statement.TableLocks(source, t.kind(), t.tables(), t.mode());
                }
                return null;
            } catch (SqlSyntaxException again) {
                e = again;
            }
        }
        return null;
    }

    /** Whether the parenthesis that {@code close} closes opens a query: SELECT, VALUES, WITH or TABLE. */
    private static boolean opensQuery(String text, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                String inner = text.substring(i + 1).replaceFirst("^[\\s(]+", "");
                return inner.matches("(?is)(SELECT|VALUES|WITH|TABLE)\\b.*");
            }
        }
        return false;
    }

    /** The offset in {@code text} (placed at line:column of the file) of the file position line:column. */
    private static int offset(int textLine, int textColumn, String text, int line, int column) {
        int l = textLine;
        int i = 0;
        while (l < line && i < text.length()) {
            if (text.charAt(i++) == '\n') {
                l++;
            }
        }
        int inLine = l == textLine ? column - textColumn : column - 1;
        return Math.max(0, Math.min(text.length(), i + inLine));
    }

    /** The comma-separated items of {@code list}, at the top level (outside parentheses and quotes). */
    static java.util.List<String> topLevelItems(String list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(list.substring(start).strip());
        return out.stream().filter(x -> !x.isEmpty()).toList();
    }

    private static final java.util.regex.Pattern QUOTED_LANGUAGE =
            java.util.regex.Pattern.compile("(?i)\\bLANGUAGE\\s+'([a-z_][a-z0-9_]*)'");

    private Statement parseText(Source source) {
        if (source.text().startsWith("\\")) {
            String command = source.text().split("\\s", 2)[0];
            throw new SqlSyntaxException(source.line(), source.column(), "psql meta-command " + command
                    + " is not SQL: pgswap reads SQL statements only; remove it from the file (or run the file with psql)");
        }
        String lexable = StatementSplitter.withDoubledQuotes(source.text());
        SQLLexer lexer = new SQLLexer(CharStreams.fromString(lexable));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        SQLParser parser = new SQLParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        SqlContext tree;
        try {
            tree = parser.sql();
        } catch (ParseCancellationException sllGaveUp) {
            tokens.seek(0);
            parser.reset();
            FirstError errors = new FirstError(source.text());
            lexer.addErrorListener(errors);
            parser.addErrorListener(errors);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.sql();
            if (errors.message != null) {
                throw syntaxError(source, errors.line, errors.column, errors.message);
            }
        }
        if (tree.statement().size() != 1) {
            throw syntaxError(source, 1, 0, "expected one statement, found " + tree.statement().size());
        }
        return new StatementBuilder(source, tokens).statement(tree.statement(0));
    }

    private static SqlSyntaxException syntaxError(Source s, int line, int charInLine, String message) {
        int fileLine = s.line() + line - 1;
        int fileColumn = line == 1 ? s.column() + charInLine : charInLine + 1;
        return new SqlSyntaxException(fileLine, fileColumn, message);
    }

    /** Keeps the first syntax error, worded like PostgreSQL's ("syntax error at or near ..."). */
    private static final class FirstError extends BaseErrorListener {
        private final String text;
        String message;
        int line;
        int column;

        FirstError(String text) {
            this.text = text;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int charPositionInLine,
                                String msg, RecognitionException e) {
            if (message != null) {
                return;
            }
            this.line = line;
            this.column = charPositionInLine;
            if (offending instanceof Token t && t.getType() == Token.EOF) {
                message = "syntax error at end of statement";
            } else if (offending instanceof Token t) {
                int from = text.offsetByCodePoints(0, Math.min(t.getStartIndex(), text.codePointCount(0, text.length())));
                int to = text.offsetByCodePoints(0, Math.min(t.getStopIndex() + 1, text.codePointCount(0, text.length())));
                message = "syntax error at or near \"" + text.substring(from, Math.max(from, to)) + "\"";
            } else {
                message = "syntax error: " + msg;
            }
        }
    }
}
