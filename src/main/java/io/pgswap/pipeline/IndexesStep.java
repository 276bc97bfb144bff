package io.pgswap.pipeline;

import io.pgswap.core.Pacing;
import io.pgswap.core.ServerLoad;
import io.pgswap.core.Tuning;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes every logged key from the shadow (the replay re-inserts their current rows; afterwards
 * the shadow holds rows that were all current at one moment), then builds its indexes.
 */
final class IndexesStep implements SwapStep {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

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
                + units.size() + " index(es) on it, at a time: " + jobs(ctx.tuning()), Statement.all(sql),
                List.of(), true, Estimates.of(ctx.facts().indexBytes(), Estimates.INDEX_BYTES_PER_SECOND),
                "locks only the shadow; the original is not touched");
    }

    private static String jobs(Tuning t) {
        String workers = t.pacing().dutyCycle() == Pacing.AUTO ? "; while other sessions are active, without the "
                + "server's parallel workers" : t.pacing().dutyCycle() < 100 ? ", without the server's parallel workers "
                + "(--duty-cycle below 100)" : "";
        return (t.indexJobs() == Pacing.AUTO ? "auto (twice the server's cores while it is idle, one while other "
                + "sessions are active)" : String.valueOf(t.indexJobs())) + workers;
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        String keyIndex = ShadowDdl.indexes(ctx.facts(), ctx.names()).get(0).name();
        if (!Rows.relationExists(conns.work(), Sql.qualified(ctx.facts().schema(), keyIndex))) {
            Tx.execute(conns.work(), List.of(ShadowDdl.removeLoggedKeys(ctx.facts(), ctx.names(), ctx.mapping())));
        }
        ServerLoad.Pace pace = ServerLoad.read(conns.work(), ctx.db().settings().host()).decide(ctx.tuning());
        int units = ShadowDdl.indexes(ctx.facts(), ctx.names()).size();
        int builds = Math.max(1, Math.min(pace.indexJobs(), units));
        int share = pace.buildWorkers(builds);
        int longest = pace.longestBuildWorkers(builds);
        LOG.info("indexes: {} at a time, {} parallel worker(s) each{} ({})", builds, share,
                longest > share ? ", " + longest + " for the longest" : "", pace.why());
        new IndexBuilder(ctx.db(), ctx.facts(), ctx.names(), ctx.progress(), ctx.stop(), ctx.clock(),
                pace, ctx.tuning().lockBudget()).build(conns.work());
        StateStore.setPhase(conns.work(), m.id(), next);
    }
}
