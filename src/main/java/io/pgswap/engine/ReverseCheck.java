package io.pgswap.engine;

import io.pgswap.catalog.Column;
import io.pgswap.core.Probe;
import io.pgswap.db.PgErrors;
import io.pgswap.recipe.Reversal;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Before a run with a revert window starts, the server checks the reverse mapping: its
 * expressions read a row with the new table's column types (a SELECT over NULLs that returns no
 * row, in a transaction that is rolled back). A retyped column with no cast back to its old type
 * makes the change irreversible, said before anything is created.
 */
final class ReverseCheck {
    private ReverseCheck() {
    }

    /**
     * Why a run with a revert window is refused: the change cannot be reverted (null: it can). A
     * run ({@code dryRun} false) is refused at once; a dry run shows its plan and says so.
     */
    static String refusal(io.pgswap.catalog.TableFacts f, io.pgswap.recipe.SwapRecipe s, Probe probe, boolean dryRun)
            throws SQLException {
        List<Column> shadowColumns = ShadowColumns.of(f, s, probe);
        Reversal back = onServer(probe, s.reverse().derive(f, shadowColumns), shadowColumns);
        String why = back.possible() ? null : "--revert-window: this change cannot be reverted (" + back.impossible()
                + "); run it without --revert-window";
        if (why != null && !dryRun) {
            throw io.pgswap.PgSwapException.refused(why);
        }
        return why;
    }

    static Reversal onServer(Probe probe, Reversal back, List<Column> newColumns) throws SQLException {
        if (!back.possible()) {
            return back;
        }
        String row = newColumns.stream().map(c -> "CAST(NULL AS " + c.type() + ") AS " + Sql.ident(c.name()))
                .collect(Collectors.joining(", "));
        Statement select = back.mapping().selectList();
        Statement check = select.withText("SELECT " + select.text() + " FROM (SELECT " + row + ") o WHERE false");
        try {
            probe.scratch(tx -> {
                try (PreparedStatement ps = check.prepare(tx)) {
                    ps.executeQuery().close();
                }
                return null;
            });
            return back;
        } catch (SQLException e) {
            if (PgErrors.isRetryable(e) || e.getSQLState() == null || e.getSQLState().startsWith("08")) {
                throw e;
            }
            return Reversal.impossible("the old table's columns cannot be filled from the new table's: "
                    + PgErrors.message(e));
        }
    }
}
