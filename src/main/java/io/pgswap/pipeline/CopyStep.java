package io.pgswap.pipeline;

import io.pgswap.catalog.LockLevel;
import io.pgswap.copy.Copier;
import io.pgswap.copy.CopySql;
import io.pgswap.core.Pacer;
import io.pgswap.core.ServerLoad;
import io.pgswap.core.Tuning;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.PlanStep;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.SQLException;
import java.util.List;

/** The batched copy from the checkpoint to the end page recorded with the shadow. */
final class CopyStep implements SwapStep {
    @Override
    public String name() {
        return SwapPipeline.COPY;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        return new PlanStep(name(), "copy the rows in batches of heap pages, each batch its own transaction "
                + "(about " + ctx.tuning().batchTime().toMillis() + " ms per batch, committed in page order); progress "
                + "is checkpointed; pace: " + pace(ctx.tuning()),
                List.of(CopySql.copyBatch(ctx.facts(), ctx.names(), ctx.mapping())),
                List.of(new LockUse(ctx.facts().qualifiedName(), LockLevel.ACCESS_SHARE)), true,
                Estimates.of(ctx.facts().heapBytes() + ctx.facts().toastBytes(), Estimates.COPY_BYTES_PER_SECOND),
                "the last two values of each batch are its first and end heap page");
    }

    /** The pace as the plan states it: the settings, and what auto does. */
    static String pace(Tuning t) {
        String auto = t.pacing().adaptive() ? " (auto: full speed with up to the server's cores as jobs while fewer "
                + "than " + ServerLoad.BUSY_SESSIONS + " other sessions are active, read again every second; "
                + "otherwise one job working " + ServerLoad.BUSY_DUTY_CYCLE + "% of the time in batches of at most "
                + ServerLoad.BUSY_BATCH_TIME.toMillis() + " ms)" : "";
        return t.pacing().describe() + auto;
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        ctx.progress().pages(m.copyNextPage(), m.copyEndPage());
        Pacer pacer = Pacer.start(ctx.tuning(), ctx.clock(), c -> ServerLoad.read(c, ctx.db().settings().host()),
                conns.work());
        new Copier(ctx.facts(), ctx.names(), ctx.mapping(), ctx.recipe().errors(), ctx.tuning(), ctx.progress(),
                ctx.stop(), ctx.clock(), ctx.hooks(), ctx.throttle(), ctx.db(), pacer)
                .copy(conns.work(), m.copyNextPage(), m.copyEndPage(), pacer.mostCopyJobs());
        // I4: the replay starts only now that every copy batch has committed
        StateStore.setPhase(conns.work(), m.id(), next);
    }
}
