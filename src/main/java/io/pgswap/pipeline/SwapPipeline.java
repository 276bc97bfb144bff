package io.pgswap.pipeline;

import io.pgswap.PgSwapException;
import io.pgswap.plan.PlanStep;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swap recipe's phases, top to bottom, as one list of steps: the dry run prints
 * {@link #plan}, the run executes {@link #run} from the step recorded in the state row. The step
 * names are the vocabulary of the state row, progress, metrics and JSON.
 */
public final class SwapPipeline {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    public static final String CAPTURE = "capture";
    public static final String SHADOW = "shadow";
    public static final String COPY = "copy";
    public static final String INDEXES = "indexes";
    public static final String REPLAY = "replay";
    public static final String CHECKSUM = "checksum";
    public static final String SWAP = "swap";
    public static final String FINISH = "finish";
    public static final String REVERT_WINDOW = "revert-window";
    /** The state a revert is at after it swapped back, until its own finish is done (see {@code Revert}). */
    public static final String REVERT_FINISH = "revert-finish";

    private static final List<SwapStep> STEPS = List.of(new CaptureStep(), new ShadowStep(), new CopyStep(),
            new IndexesStep(), new ReplayStep(), new ChecksumStep(), new SwapStepImpl(), new FinishStep(),
            new RevertWindowStep());

    /**
     * How a run ended: swapped and finished, in sync and stopped before the swap (--no-swap), or
     * swapped and waiting in its revert window.
     */
    public enum Outcome { SWAPPED, IN_SYNC, REVERT_WINDOW }

    private SwapPipeline() {
    }

    public static List<String> stepNames() {
        return STEPS.stream().map(SwapStep::name).toList();
    }

    /** Whether a migration at {@code phase} has swapped already (the original is no longer the live table). */
    public static boolean swapped(String phase) {
        return FINISH.equals(phase) || REVERT_WINDOW.equals(phase) || REVERT_FINISH.equals(phase)
                || MigrationRecord.DONE.equals(phase);
    }

    public static List<PlanStep> plan(SwapContext ctx) {
        return STEPS.stream().map(s -> s.plan(ctx)).toList();
    }

    public static Outcome run(SwapContext ctx, Connection work, Connection control, long id) throws SQLException {
        SwapStep.Connections conns = new SwapStep.Connections(work, control);
        MigrationRecord m = record(control, id);
        int from = index(m.phase());
        if (SWAP.equals(m.phase()) && Boolean.TRUE.equals(ctx.options().checksum())) {
            // an earlier run (--no-swap, a give-up) went past the checksum step; asked for now, it runs before this swap
            LOG.info("--checksum: comparing {} and its shadow before this swap", ctx.facts().displayName());
            from = index(CHECKSUM);
        }
        for (int i = from; i < STEPS.size(); i++) {
            SwapStep step = STEPS.get(i);
            if (step.name().equals(SWAP) && ctx.options().noSwap()) {
                ctx.progress().enter(REPLAY);
                ctx.replayer().catchUp(work, ctx.tuning().replayBatch(), ctx.stop());
                LOG.info("shadow of {} is complete and in sync; not swapping (--no-swap). The trigger keeps logging "
                        + "writes; run the same command without --no-swap (e.g. in a quiet window) to swap",
                        ctx.facts().displayName());
                StateStore.setWaiting(control, id, "in sync, not swapped (--no-swap): the capture trigger logs every "
                        + "write until the same command without --no-swap (or 'pgswap resume') swaps, or 'pgswap abort "
                        + ctx.facts().displayName() + "' removes it");
                return Outcome.IN_SYNC;
            }
            String next = i + 1 < STEPS.size() ? STEPS.get(i + 1).name() : MigrationRecord.DONE;
            ctx.progress().enter(step.name());
            long start = ctx.clock().nanoTime();
            try {
                step.run(ctx, conns, m, next);
            } finally {
                ctx.progress().stepTook(step.name(), ctx.clock().since(start).toNanos());
            }
            ctx.hooks().afterStep(step.name());
            m = record(control, id);
        }
        return REVERT_WINDOW.equals(m.phase()) ? Outcome.REVERT_WINDOW : Outcome.SWAPPED;
    }

    private static int index(String phase) {
        if (REVERT_FINISH.equals(phase)) {
            throw PgSwapException.refused("this migration swapped back by 'pgswap revert' and has not finished; "
                    + "run 'pgswap revert' on the table again to finish it");
        }
        for (int i = 0; i < STEPS.size(); i++) {
            if (STEPS.get(i).name().equals(phase)) {
                return i;
            }
        }
        throw new IllegalStateException("migration is at an unknown swap step '" + phase + "'");
    }

    private static MigrationRecord record(Connection c, long id) throws SQLException {
        return StateStore.find(c, id).orElseThrow(() -> new PgSwapException(io.pgswap.ExitCode.FAILED,
                "the state row of migration #" + id + " disappeared; see 'pgswap status' and 'pgswap cleanup'"));
    }
}
