package io.pgswap.inplace;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.db.Rows;
import io.pgswap.plan.PlanStep;
import io.pgswap.recipe.InPlaceStep;
import io.pgswap.state.MigrationRecord;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an in-place recipe step by step from the step recorded in the state row. A step whose
 * effect is already there (its {@code done} probe says so) is skipped and recorded as found, so
 * a re-run continues and {@code abort} never undoes what pgswap did not add (I11). Every step
 * leaves a valid table; what it leaves until the recipe finishes is recorded (I10).
 */
public final class InPlaceRunner {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private InPlaceRunner() {
    }

    /** The steps as a run would take them: one whose effect is there already (its done query, read only) is skipped. */
    public static List<PlanStep> plan(InPlaceContext ctx, Connection readOnly) throws SQLException {
        List<PlanStep> out = new java.util.ArrayList<>();
        for (InPlaceStep s : ctx.recipe().steps()) {
            boolean done = s.done() != null && Rows.bool(readOnly, s.done());
            out.add(new PlanStep(s.name(), s.description() + (done ? " (already done: a run skips this step)" : ""),
                    s.sql(), s.locks(), s.transactional(), s.estimate(), s.note()));
        }
        return out;
    }

    public static void run(InPlaceContext ctx, Connection work, Connection control, long id) throws SQLException {
        List<InPlaceStep> steps = ctx.recipe().steps();
        MigrationRecord m = record(control, id);
        for (int i = index(steps, m.phase()); i < steps.size(); i++) {
            ctx.stop().check(); // between steps is a safe point (--max-runtime, --window, SIGTERM)
            InPlaceStep step = steps.get(i);
            String next = i + 1 < steps.size() ? steps.get(i + 1).name() : MigrationRecord.DONE;
            List<String> pending = step.leaves() == null || next.equals(MigrationRecord.DONE) ? List.of()
                    : List.of(step.leaves());
            ctx.progress().enter(step.name());
            long start = ctx.clock().nanoTime();
            try {
                boolean startedByUs = m.stepsDone().contains(step.name() + ":started");
                if (step.done() != null && Rows.bool(work, step.done())) {
                    LOG.info("{}: already done{}", step.name(), startedByUs ? " (by the interrupted run)" : "");
                    StateStore.stepDone(control, id, step.name(), !startedByUs, next, pending);
                } else {
                    new StepExecutor(ctx, work, control, m).execute(step, next, pending);
                }
            } catch (SQLException e) {
                if (step.diagnosis() != null) {
                    PgSwapException explained = step.diagnosis().explain(control, e);
                    if (explained != null) {
                        throw explained;
                    }
                }
                throw e;
            } finally {
                ctx.progress().stepTook(step.name(), ctx.clock().since(start).toNanos());
            }
            ctx.hooks().afterStep(step.name());
            m = record(control, id);
        }
    }

    private static int index(List<InPlaceStep> steps, String phase) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(phase)) {
                return i;
            }
        }
        throw new PgSwapException(ExitCode.FAILED, "the migration is at step '" + phase
                + "', which this operation does not have; run 'pgswap abort' on the table and start again");
    }

    private static MigrationRecord record(Connection c, long id) throws SQLException {
        return StateStore.find(c, id).orElseThrow(() -> new PgSwapException(ExitCode.FAILED,
                "the state row of migration #" + id + " disappeared; see 'pgswap status' and 'pgswap cleanup'"));
    }
}
