package io.pgswap.pipeline;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Names;
import io.pgswap.plan.PlanStep;
import io.pgswap.shadow.ShadowCheck;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import io.pgswap.state.MigrationRecord;
import io.pgswap.swap.SequenceTypes;
import io.pgswap.PgSwapException;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.recipe.Reversal;
import io.pgswap.state.StateStore;
import io.pgswap.swap.RevertSql;
import io.pgswap.swap.SwapLocks;
import io.pgswap.swap.SwapSql;
import io.pgswap.swap.Swapper;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The ACCESS EXCLUSIVE window: drain, rename, re-point, all in one short transaction, retried. */
final class SwapStepImpl implements SwapStep {
    @Override
    public String name() {
        return SwapPipeline.SWAP;
    }

    @Override
    public PlanStep plan(SwapContext ctx) {
        TableFacts f = ctx.facts();
        Names n = ctx.names();
        List<String> swap = new ArrayList<>();
        swap.add("SELECT set_config('lock_timeout', '" + ctx.tuning().lockTimeout().toMillis() + "ms', true)");
        swap.addAll(SwapLocks.lock(f, n, ctx.tuning().lockTimeout()));
        swap.add("-- drain the remaining log (statements of the replay step) and check it is empty");
        swap.add(SwapSql.assertLogEmpty(n));
        swap.addAll(SequenceTypes.sequenceOwnership(f, n));
        swap.addAll(SequenceTypes.serial(f, c -> columnType(ctx, c)));
        f.sequences().stream().filter(s -> s.identity()).forEach(s -> swap.addAll(SequenceTypes.identity(
                "<shadow identity sequence of " + Sql.ident(s.column()) + ">", s, columnType(ctx, s.column()))));
        f.sequences().stream().filter(s -> s.identity()).forEach(s -> swap.addAll(SequenceTypes.identityPrivileges(
                "<shadow identity sequence of " + Sql.ident(s.column()) + ">", s, f.owner(), List.of())));
        f.sequences().stream().filter(s -> s.identity()).forEach(s -> swap.add(SequenceTypes.continueIdentity(s)
                .replace("?", "'<shadow identity sequence of " + s.column() + ">'")));
        swap.addAll(SwapSql.renames(f, n, f.sequences().stream().filter(s -> s.identity())
                .map(s -> "<shadow identity sequence of " + Sql.ident(s.column()) + ">").toList(),
                f.rewriteDependents(), f.routines(), f.publications(), f.materializedViews().stream().map(r -> "-- rebuild " + r
                        + ": DROP MATERIALIZED VIEW, CREATE MATERIALIZED VIEW ... AS <its query> WITH DATA (the query "
                        + "runs under the lock), then its indexes, owner, privileges and comments").toList()));
        if (ctx.options().hasRevertWindow() && ctx.reversal().possible()) {
            swap.add("-- the revert window: the reverse capture on the new table, and the old table without what "
                    + "would act on rows a revert replays into it");
            swap.addAll(RevertSql.openWindow(f, n, f.rewriteDependents()));
        }
        swap.add("COMMIT");
        if (ctx.options().hasRevertWindow() && ctx.reversal().possible()) {
            List<String> log = new ArrayList<>();
            log.add("-- before the first attempt (no lock on the table): the reverse change log and its function");
            log.addAll(RevertSql.createReverseLog(f, n, reverseKey(ctx)));
            swap.addAll(0, log);
        }
        int others = SwapLocks.locks(f, n).size() - 2;
        return new PlanStep(name(), "swap the tables by renaming, inside one short transaction, and re-point what "
                + "depended on the original; retried up to " + ctx.tuning().maxAttempts() + " times within "
                + ctx.tuning().swapBudget().toMinutes() + " min, waiting while another session holds a relation it "
                + "locks in a long transaction", Statement.all(swap), SwapLocks.locks(f, n), true,
                Duration.ofMillis(50), "each attempt waits at most " + ctx.tuning().lockTimeout().toMillis()
                + " ms per lock; held for the drain and the renames (tens of ms)"
                + (others > 0 ? "; also locks " + others + " related relation(s), listed in the SQL, in a fixed order"
                : "")
                + (f.materializedViews().isEmpty() ? "" : "; PLUS the time to rebuild "
                + f.materializedViews().size() + " materialized view(s) (--rebuild-matviews)"));
    }

    /** The new table's type of one of the original's columns. */
    private static String columnType(SwapContext ctx, String column) {
        var c = ctx.facts().column(column).orElseThrow();
        String changed = ctx.mapping().changedType(c);
        return changed == null ? c.type() : changed;
    }

    /** The new table's key columns, with its types: what the reverse log records. */
    static List<io.pgswap.catalog.Column> reverseKey(SwapContext ctx) {
        return ctx.facts().keyColumns().stream().map(k -> ctx.shadowColumn(k.name())).toList();
    }

    @Override
    public void run(SwapContext ctx, Connections conns, MigrationRecord m, String next) throws SQLException {
        ShadowCheck.shadow(conns.work(), ctx.facts(), ctx.names());
        Swapper.AfterSwap after = Swapper.AfterSwap.NONE;
        if (ctx.options().hasRevertWindow()) {
            after = openWindow(ctx, conns, m);
        }
        new Swapper(ctx.facts(), ctx.names(), ctx.tuning(), ctx.options(), ctx.gate(), ctx.replayer(), ctx.progress(),
                ctx.stop(), ctx.clock(), new SecureRandom(), m.fingerprint(), m.copyFilenode(), ctx.hooks(), next, after)
                .swap(conns.work(), conns.control());
    }

    /** Creates the reverse log (once) and returns what the swap transaction adds for the revert window. */
    private static Swapper.AfterSwap openWindow(SwapContext ctx, Connections conns, MigrationRecord m)
            throws SQLException {
        Reversal r = ctx.reversal();
        if (!r.possible()) {
            throw PgSwapException.refused("--revert-window: this change cannot be reverted: " + r.impossible());
        }
        Names rev = ctx.names().reversed();
        if (!Rows.relationExists(conns.work(), rev.logTable())) {
            Tx.withLockRetry(conns.work(), ctx.clock(), ctx.tuning().lockBudget(), "creating the reverse change log",
                    tx -> {
                        ShadowCheck.quietDdl(tx);
                        Tx.execute(tx, RevertSql.createReverseLog(ctx.facts(), ctx.names(), reverseKey(ctx)));
                        ShadowCheck.log(tx, rev);
                        return null;
                    });
        }
        return (tx, rewrites) -> {
            Tx.executeInOneTrip(tx, RevertSql.openWindow(ctx.facts(), ctx.names(), rewrites));
            StateStore.openRevertWindow(tx, m.id(), ctx.options().revertWindow(), ctx.options().dropOld());
        };
    }
}
