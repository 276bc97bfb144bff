package io.pgswap.lint;

import io.pgswap.lint.model.Statement;

/**
 * The file's search_path as the server keeps it: a {@code SET} (or {@code set_config(..., false)})
 * holds for the session, but one made inside a transaction block that rolls back is undone with it;
 * a {@code SET LOCAL} (or {@code set_config(..., true)}) holds only until its block ends, and outside
 * a block it does nothing. {@code null} is the session's default (RESET).
 */
final class SearchPaths {
    private boolean inBlock;
    /** The session's value: what holds after the current block ends (COMMIT). */
    private String session;
    /** The session's value when the block began: what holds after a ROLLBACK. */
    private String atBegin;
    /** What holds now. */
    private String now;

    /** Follows {@code statement}; whether it is one that sets the path or ends a block (see {@link #now()}). */
    boolean follow(Statement statement) {
        if (statement instanceof Statement.Begin) {
            inBlock = true;
            atBegin = session;
        } else if (statement instanceof Statement.Commit c) {
            now = session;
            inBlock = c.chain();
            atBegin = session;
        } else if (statement instanceof Statement.Rollback r) {
            session = atBegin;
            now = session;
            inBlock = r.chain();
        } else if (statement instanceof Statement.SetParameter p && p.name().equals("search_path")) {
            if (!p.local()) {
                session = p.value();
                now = p.value();
            } else if (inBlock) {
                now = p.value();
            }
        } else if (statement instanceof Statement.ResetParameter r
                && (r.name() == null || r.name().equals("search_path"))) {
            session = null;
            now = null;
        } else {
            return false;
        }
        return true;
    }

    /** The path that holds now (null: the session's default). */
    String now() {
        return now;
    }
}
