package io.pgswap.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SQL text and its bind values, as one value: whoever builds a statement also supplies what its
 * placeholders stand for, so no executor binds parameters by position behind the builder's back.
 * A statement may end in placeholders for values that are only known when it runs (a batch's
 * bounds); the runner appends those with {@link #with}, after the builder's own, and only a
 * complete statement can be prepared.
 */
public record Statement(String text, List<Object> params) {
    public Statement {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty statement");
        }
        params = Collections.unmodifiableList(new ArrayList<>(params));
        long placeholders = placeholders(text);
        if (params.size() > placeholders) {
            throw new IllegalArgumentException("statement has " + placeholders + " placeholder(s) but "
                    + params.size() + " value(s): " + text);
        }
    }

    public static Statement of(String text, Object... params) {
        return new Statement(text, java.util.Arrays.asList(params));
    }

    /** Plain statements without parameters (DDL). */
    public static List<Statement> all(List<String> texts) {
        return texts.stream().map(Statement::of).toList();
    }

    /** This statement with its text changed by the caller (a wrapper, a suffix) and its values kept. */
    public Statement withText(String newText) {
        return new Statement(newText, params);
    }

    /** The same text with more values for placeholders that come after the builder's own. */
    public Statement with(Object... more) {
        List<Object> all = new ArrayList<>(params);
        Collections.addAll(all, more);
        return new Statement(text, all);
    }

    /** Placeholders still waiting for a value. */
    public long open() {
        return placeholders(text) - params.size();
    }

    public PreparedStatement prepare(Connection c) throws SQLException {
        if (open() != 0) {
            throw new IllegalStateException(open() + " placeholder(s) of this statement have no value: " + text);
        }
        PreparedStatement ps = c.prepareStatement(text);
        try {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /**
     * Question marks that are placeholders: outside string literals, quoted identifiers, dollar
     * quotes and comments (as the JDBC driver counts them).
     */
    static long placeholders(String sql) {
        long n = 0;
        int i = 0;
        int len = sql.length();
        while (i < len) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < len && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                i = end < 0 ? len : end + 1;
            } else if (c == '-' && i + 1 < len && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? len : end + 1;
            } else if (c == '/' && i + 1 < len && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? len : end + 2;
            } else if (c == '$') {
                int close = sql.indexOf('$', i + 1);
                String tag = close < 0 ? null : sql.substring(i, close + 1);
                if (tag != null && tag.matches("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$")) {
                    int end = sql.indexOf(tag, close + 1);
                    i = end < 0 ? len : end + tag.length();
                } else {
                    i++;
                }
            } else if (c == '?') {
                if (i + 1 < len && sql.charAt(i + 1) == '?') {
                    i += 2; // escaped ?? (the jsonb operator ?)
                } else {
                    n++;
                    i++;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return params.isEmpty() ? text : text + "  -- values: " + params;
    }
}
