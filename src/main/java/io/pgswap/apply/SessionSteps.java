package io.pgswap.apply;

import io.pgswap.db.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Steps of a migration file that apply treats by what their SQL is: session settings, CALL. */
final class SessionSteps {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final Pattern CALL = Pattern.compile("(?is)CALL\\s.*");

    private SessionSteps() {
    }

    /**
     * Steps before {@code from} that set session state (SET, RESET, set_config(..., false)): run
     * again on this session before continuing, so a resumed file's statements resolve names with
     * the search_path (and other settings) that its first run had at that point.
     */
    static void restore(Connection session, ApplyPlan plan, int from) throws SQLException {
        for (int i = 0; i < from; i++) {
            if (plan.steps().get(i) instanceof Step.Sql s && !s.block() && s.noTransaction() == null
                    && s.statements().stream().allMatch(SessionSteps::setsSessionState)) {
                LOG.info("step {}/{} (line {}), applied earlier, set again for this session: {}", i + 1,
                        plan.steps().size(), s.line(), s.describe());
                Tx.execute(session, s.statements());
            }
        }
    }

    private static final Pattern SESSION_SETTING = Pattern.compile(
            "(?is)\\s*(?:(?:SET|RESET)\\s+(?!LOCAL\\b|TRANSACTION\\b)|SELECT\\s+(?:pg_catalog\\s*\\.\\s*)?set_config\\s*\\("
                    + "[^;]*,\\s*false\\s*\\)\\s*;?\\s*$).*");

    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*(?s:.*?)\\*/)+");

    static boolean setsSessionState(String sql) {
        return SESSION_SETTING.matcher(LEADING_COMMENTS.matcher(sql).replaceFirst("")).matches();
    }

    /** A CALL on its own (not in a BEGIN ... COMMIT block): the procedure may commit, so it runs in autocommit. */
    static boolean isCall(Step.Sql s) {
        return !s.block() && s.statements().size() == 1
                && CALL.matcher(LEADING_COMMENTS.matcher(s.statements().get(0)).replaceFirst("")).matches();
    }
}
