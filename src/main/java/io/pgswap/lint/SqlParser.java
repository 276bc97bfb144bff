package io.pgswap.lint;

import io.pgswap.lint.model.Source;
import io.pgswap.lint.model.Statement;

/** A PostgreSQL grammar behind one method: text of one statement in, classified statement out. */
public interface SqlParser {
    /**
     * Parses one statement as cut by {@link StatementSplitter}.
     *
     * @throws SqlSyntaxException if the text is not one valid PostgreSQL statement
     */
    Statement parse(Source statement);
}
