package io.pgswap.pipeline;

import io.pgswap.catalog.LockLevel;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.PlanStep;
import io.pgswap.replay.ReplaySql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.SQLException;
import java.util.List;

/** Applies the change log until the backlog is small, then ANALYZEs the shadow. */
final class ReplayStep implements SwapStep {
    @Override
    public String name() {
        return SwapPipeline.REPLAY;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        return new PlanStep(name(), "apply the change log to the shadow (per batch: take the oldest log rows "
                + "by id, delete those keys from the shadow, re-insert their current rows), then ANALYZE it",
                List.of(Statement.of(ReplaySql.takeBatch(ctx.facts(), ctx.names()), ctx.tuning().replayBatch()),
                        Statement.of(ReplaySql.deleteFromShadow(ctx.facts(), ctx.names(), ctx.mapping())),
                        ReplaySql.insertIntoShadow(ctx.facts(), ctx.names(), ctx.mapping()),
                        Statement.of("ANALYZE " + ctx.names().shadow())),
                List.of(new LockUse(ctx.facts().qualifiedName(), LockLevel.ACCESS_SHARE)), true,
                Estimates.of(ctx.facts().heapBytes(), Estimates.SCAN_BYTES_PER_SECOND),
                "repeated until the backlog is small, then between swap attempts");
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        // I4: replay starts only after every copy batch has committed (the copy step is done)
        ctx.replayer().catchUp(conns.work(), ctx.tuning().replayBatch(), ctx.stop());
        Tx.execute(conns.work(), List.of("ANALYZE " + ctx.names().shadow()));
        StateStore.setPhase(conns.work(), m.id(), next);
    }
}
