package io.pgswap.pipeline;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.Threads;
import io.pgswap.catalog.LockLevel;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.Estimates;
import io.pgswap.plan.PlanStep;
import io.pgswap.replay.ReplaySql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Applies the change log until the backlog is small, and ANALYZEs the shadow meanwhile. */
final class ReplayStep implements SwapStep {
    @Override
    public String name() {
        return SwapPipeline.REPLAY;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        return new PlanStep(name(), "apply the change log to the shadow (per batch: take the oldest log rows "
                + "by id, delete those keys from the shadow, re-insert their current rows); meanwhile, on another "
                + "connection, ANALYZE it",
                List.of(Statement.of(ReplaySql.takeBatch(ctx.facts(), ctx.names()), ctx.tuning().replayBatch()),
                        Statement.of(ReplaySql.deleteFromShadow(ctx.facts(), ctx.names(), ctx.mapping())),
                        ReplaySql.insertIntoShadow(ctx.facts(), ctx.names(), ctx.mapping()),
                        Statement.of("ANALYZE " + ctx.names().shadow())),
                List.of(new LockUse(ctx.facts().qualifiedName(), LockLevel.ACCESS_SHARE)), true,
                Estimates.of(ctx.facts().heapBytes(), Estimates.SCAN_BYTES_PER_SECOND),
                "repeated until the backlog is small, then between swap attempts");
    }

    /**
     * The ANALYZE runs on its own connection while the replay catches up: it takes SHARE UPDATE
     * EXCLUSIVE on the shadow, which the replay's ROW EXCLUSIVE does not conflict with (the index
     * builds' SHARE does, so it cannot start earlier), and it samples the shadow as it is then.
     */
    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        ExecutorService one = Executors.newSingleThreadExecutor(Threads.daemon("pgswap-analyze"));
        try {
            Future<Void> analyze = one.submit(() -> {
                try (Connection c = ctx.db().connection()) {
                    Tx.execute(c, List.of("ANALYZE " + ctx.names().shadow()));
                }
                return null;
            });
            // I4: replay starts only after every copy batch has committed (the copy step is done)
            try {
                ctx.replayer().catchUp(conns.work(), ctx.tuning().replayBatch(), ctx.stop());
            } catch (SQLException | RuntimeException e) {
                try {
                    await(analyze); // an abort after this failure must not queue behind it for the shadow
                } catch (SQLException | RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            await(analyze);
        } finally {
            one.shutdownNow();
        }
        StateStore.setPhase(conns.work(), m.id(), next);
    }

    private static void await(Future<Void> f) throws SQLException {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new SQLException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgSwapException(ExitCode.STOPPED, "interrupted");
        }
    }
}
