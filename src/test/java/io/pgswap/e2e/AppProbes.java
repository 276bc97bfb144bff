package io.pgswap.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The application's view of the world: the blocks of a case's {@code app.sql}, separated by lines
 * {@code ---}, each run in its own transaction that is rolled back, optionally as another role
 * (first line {@code -- as ROLE}). A block's outcome is the text of its last result (rows, or an
 * update count), or {@code ERROR <sqlstate>} (with the constraint the server names, if any) when
 * a statement fails.
 */
final class AppProbes {
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
    private static final Pattern AS_ROLE = Pattern.compile("\\A\\s*--\\s*as\\s+(\\w+)[ \\t]*$", Pattern.MULTILINE);

    private AppProbes() {
    }

    /** One line per block: its number, its first SQL line, and its outcome. */
    static List<String> run(Connection c, String script) throws SQLException {
        List<String> out = new ArrayList<>();
        String[] blocks = SEPARATOR.split(script);
        c.setAutoCommit(false);
        try {
            for (int i = 0; i < blocks.length; i++) {
                if (!blocks[i].isBlank()) {
                    out.add("probe " + (i + 1) + " [" + label(blocks[i]) + "]: " + outcome(c, blocks[i]));
                    c.rollback();
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return out;
    }

    private static String outcome(Connection c, String block) {
        try (Statement st = c.createStatement()) {
            Matcher role = AS_ROLE.matcher(block);
            if (role.find()) {
                st.execute("SET LOCAL ROLE " + role.group(1));
            }
            String last = "no result";
            boolean isResult = st.execute(block);
            while (isResult || st.getUpdateCount() != -1) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        last = CaseSql.rows(rs).stream().map(r -> String.join("|", r))
                                .collect(Collectors.joining("; ", "rows: ", ""));
                    }
                } else {
                    last = "count " + st.getUpdateCount();
                }
                isResult = st.getMoreResults();
            }
            return last;
        } catch (SQLException e) {
            ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            return "ERROR " + e.getSQLState() + (m != null && m.getConstraint() != null ? " " + m.getConstraint() : "");
        }
    }

    /** The first line that is not a comment, to tell the blocks apart in a failure message. */
    private static String label(String block) {
        return block.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst()
                .map(l -> l.length() > 70 ? l.substring(0, 70) + "..." : l).orElse("");
    }
}
