package io.pgswap.pipeline;

import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.PlanStep;
import io.pgswap.shadow.IndexBuilder;
import io.pgswap.shadow.ShadowDdl;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes every logged key from the shadow (the replay re-inserts their current rows; afterwards
 * the shadow holds rows that were all current at one moment), then builds its indexes.
 */
final class IndexesStep implements SwapStep {
    @Override
    public String name() {
        return SwapPipeline.INDEXES;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        List<String> sql = new ArrayList<>();
        sql.add(ShadowDdl.removeLoggedKeys(ctx.facts(), ctx.names(), ctx.mapping()));
        List<ShadowDdl.IndexUnit> units = ShadowDdl.indexes(ctx.facts(), ctx.names());
        units.forEach(u -> sql.addAll(u.build()));
        units.forEach(u -> sql.addAll(u.finish()));
        return new PlanStep(name(), "remove logged keys from the shadow (the replay re-inserts them), then build "
                + units.size() + " index(es) on it, " + ctx.tuning().indexJobs() + " at a time", Statement.all(sql),
                List.of(), true, Estimates.of(ctx.facts().indexBytes(), Estimates.INDEX_BYTES_PER_SECOND),
                "locks only the shadow; the original is not touched");
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        String keyIndex = ShadowDdl.indexes(ctx.facts(), ctx.names()).get(0).name();
        if (!Rows.relationExists(conns.work(), Sql.qualified(ctx.facts().schema(), keyIndex))) {
            Tx.execute(conns.work(), List.of(ShadowDdl.removeLoggedKeys(ctx.facts(), ctx.names(), ctx.mapping())));
        }
        new IndexBuilder(ctx.db(), ctx.facts(), ctx.names(), ctx.progress(), ctx.stop(), ctx.clock(),
                ctx.tuning().indexJobs(), ctx.tuning().lockBudget()).build(conns.work());
        StateStore.setPhase(conns.work(), m.id(), next);
    }
}
