package io.pgswap.apply;

import io.pgswap.db.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The session settings of a migration file's steps done earlier, set again when a run resumes. */
final class SessionSteps {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private SessionSteps() {
    }

    /**
     * Steps before {@code from} that set session state (SET, RESET, set_config(..., false)), on
     * their own or inside a block: run again on this session before continuing, so a resumed file's statements resolve names with
     * the search_path (and other settings) that its first run had at that point.
     */
    static void restore(Connection session, ApplyPlan plan, int from) throws SQLException {
        for (int i = 0; i < from; i++) {
            if (plan.steps().get(i) instanceof Step.Sql s && s.role() == Step.Role.SESSION_SETTING) {
                LOG.info("step {}/{} (line {}), applied earlier, set again for this session: {}", i + 1,
                        plan.steps().size(), s.line(), s.describe());
                Tx.execute(session, s.statements());
            } else if (plan.steps().get(i) instanceof Step.Sql s && !s.settings().isEmpty()) {
                // a SET without LOCAL in a committed block holds for the rest of the session, as psql runs it
                LOG.info("step {}/{} (line {}), applied earlier: its block's session settings set again: {}", i + 1,
                        plan.steps().size(), s.line(), String.join("; ", s.settings().stream().map(Step::oneLine)
                                .toList()));
                Tx.execute(session, s.settings());
            }
        }
    }
}
