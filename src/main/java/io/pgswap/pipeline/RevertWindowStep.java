package io.pgswap.pipeline;

import io.pgswap.catalog.LockLevel;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.PlanStep;
import io.pgswap.recipe.Reversal;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the finish, with a revert window: the migration waits at this step, the reverse capture
 * trigger logging every write to the new table, until the window ends; {@code pgswap revert}
 * swaps back meanwhile. A run that finds the window over ends it ({@link RevertWindow#close}); one
 * that finds it open says until when and leaves it (exit 0). Without a window the step only marks
 * the migration done. {@code --revert-window D} on a later run makes the window end D from now.
 */
final class RevertWindowStep implements SwapStep {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Override
    public String name() {
        return SwapPipeline.REVERT_WINDOW;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        Reversal r = ctx.reversal();
        String t = ctx.facts().displayName();
        if (!ctx.options().hasRevertWindow()) {
            return new PlanStep(name(), "skipped: no revert window (" + (r.possible()
                    ? "--revert-window D keeps one, so that 'pgswap revert " + t + "' can swap back within D"
                    : "this change cannot be reverted: " + r.impossible()) + ")", List.of(), List.of(), true,
                    Duration.ofMillis(1), r.possible() ? r.note() : null);
        }
        if (!r.possible()) {
            return new PlanStep(name(), "refused: --revert-window, because this change cannot be reverted: "
                    + r.impossible(), List.of(), List.of(), true, Duration.ofMillis(1), null);
        }
        String old = Sql.qualified(ctx.facts().schema(), ctx.names().oldName());
        List<String> sql = new ArrayList<>();
        sql.add("-- when the window ends:");
        sql.addAll(io.pgswap.swap.RevertSql.closeWindow(ctx.facts().qualifiedName(), ctx.names()));
        List<LockUse> locks = new ArrayList<>(List.of(new LockUse(ctx.facts().qualifiedName(),
                LockLevel.ACCESS_EXCLUSIVE)));
        if (ctx.options().dropOld()) {
            sql.add("DROP TABLE " + old);
            locks.add(new LockUse(old, LockLevel.ACCESS_EXCLUSIVE));
        }
        return new PlanStep(name(), "keep the reverse capture trigger on the new table for "
                + human(ctx.options().revertWindow()) + " after the swap: 'pgswap revert " + t + "' swaps back within "
                + "it, with every write made meanwhile; the old table " + old + " waits meanwhile. When the window "
                + "ends (noticed by a later run on the table, 'pgswap cleanup' or 'pgswap status'), the trigger and "
                + "its log are dropped" + (ctx.options().dropOld() ? ", then the old table" : " and the old table is "
                + "kept"), Statement.all(sql), locks, true, Duration.ofMillis(50),
                "every write to the table inserts one row into the reverse log during the window"
                        + (r.note() == null ? "" : "; " + r.note()));
    }

    /** 1d, 2h, 30m, 45s, 250ms: as --revert-window takes it. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return s % 86400 == 0 ? s / 86400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        Connection c = conns.control();
        StateStore.RevertState st = StateStore.revertState(c, m.id()).orElse(null);
        if (st == null || st.until() == null) {
            StateStore.setPhase(c, m.id(), next);
            return;
        }
        if (ctx.options().revertWindow() != null) {
            StateStore.setRevertUntil(c, m.id(), ctx.options().revertWindow());
            st = StateStore.revertState(c, m.id()).orElseThrow();
        }
        if (st.expired()) {
            RevertWindow.close(c, m, ctx.gate(), ctx.options().dropOld() || st.dropOld());
            return;
        }
        LOG.info("migration #{} keeps its revert window open until {}: 'pgswap revert {}' swaps back, with the writes "
                + "made since the swap", m.id(), st.until(), ctx.facts().displayName());
    }
}
