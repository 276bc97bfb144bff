package io.pgswap.pipeline;

import io.pgswap.capture.Capture;
import io.pgswap.catalog.LockLevel;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.Tx;
import io.pgswap.plan.LockUse;
import io.pgswap.plan.PlanStep;
import io.pgswap.shadow.ShadowCheck;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The change log and the trigger that fills it; after this commits, every write is logged. */
final class CaptureStep implements SwapStep {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    @Override
    public String name() {
        return SwapPipeline.CAPTURE;
    }

    private static List<String> statements(SwapContext ctx) {
        List<String> out = new ArrayList<>(Capture.createLog(ctx.facts(), ctx.names()));
        out.addAll(Capture.createTriggers(ctx.facts(), ctx.names()));
        return out;
    }

    private static List<LockUse> locks(TableFacts f) {
        return List.of(new LockUse(f.qualifiedName(), LockLevel.SHARE_ROW_EXCLUSIVE));
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        return new PlanStep(name(), "create the change log and attach the capture trigger "
                + "(every INSERT/UPDATE/DELETE on the table logs its key from now on)",
                Statement.all(statements(ctx)), locks(ctx.facts()), true, Duration.ofMillis(50),
                "lock held for milliseconds; waits at most " + ctx.tuning().lockTimeout().toMillis()
                        + " ms per try, retried with backoff, not asked for while a long transaction holds the table");
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        ctx.gate().run(conns.work(), locks(ctx.facts()), "creating the capture trigger on " + ctx.facts().displayName(),
                tx -> {
                    ShadowCheck.quietDdl(tx);
                    Tx.execute(tx, Capture.createLog(ctx.facts(), ctx.names()));
                    ShadowCheck.log(tx, ctx.names());
                    StateStore.setPhase(tx, m.id(), next);
                    // the triggers last, in one round trip: writers wait from the first CREATE TRIGGER's lock
                    // to the commit, so nothing else runs in between (it was 8 ms with the check and the
                    // state update after them, 1-2 ms now)
                    Tx.executeInOneTrip(tx, Capture.createTriggers(ctx.facts(), ctx.names()));
                    return null;
                });
        LOG.info("capturing writes to {} into {}", ctx.facts().displayName(), ctx.names().logTable());
    }
}
