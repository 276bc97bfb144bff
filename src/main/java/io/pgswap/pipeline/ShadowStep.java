package io.pgswap.pipeline;

import io.pgswap.catalog.LockLevel;
import io.pgswap.copy.CopySql;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.PlanStep;
import io.pgswap.shadow.ShadowCheck;
import io.pgswap.catalog.DefaultPrivileges;
import io.pgswap.shadow.ShadowDdl;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import io.pgswap.swap.SwapSql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The shadow table: the original's definition with the recipe's change, no indexes yet. The
 * copy's end page and the original's filenode are recorded with it (a rewrite of the original
 * later means the copy no longer matches).
 */
final class ShadowStep implements SwapStep {
    @Override
    public String name() {
        return SwapPipeline.SHADOW;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        return new PlanStep(name(), "create the shadow table with the new definition (no indexes yet)",
                ShadowDdl.createTable(ctx.facts(), ctx.names(), ctx.recipe().change(), ctx.mapping()),
                List.of(new LockUse(ctx.facts().qualifiedName(), LockLevel.ACCESS_SHARE)), true,
                Duration.ofMillis(100), null);
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        String table = ctx.facts().qualifiedName();
        Tx.withLockRetry(conns.work(), ctx.clock(), ctx.tuning().lockBudget(), "creating the shadow table", tx -> {
            ShadowCheck.quietDdl(tx);
            Tx.run(tx, ShadowDdl.createTable(ctx.facts(), ctx.names(), ctx.recipe().change(), ctx.mapping(),
                    DefaultPrivileges.tableGrantees(tx, ctx.facts().schema())));
            ShadowCheck.shadow(tx, ctx.facts(), ctx.names());
            long end = Rows.longValue(tx, CopySql.tablePages(table));
            long filenode = Rows.longValue(tx, Statement.of(SwapSql.filenode(), table));
            StateStore.startCopy(tx, m.id(), next, end, filenode);
            return null;
        });
    }
}
