package io.pgswap.copy;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Hooks;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Throttle;
import io.pgswap.core.Tuning;
import io.pgswap.db.Tx;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Statement;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The batched copy. Each batch copies the live rows of a range of heap pages (a TID range scan:
 * sequential reads, any key type) in its own short transaction, and moves the checkpoint in
 * that same transaction, so a killed run resumes exactly where it stopped and no snapshot is held
 * for longer than one batch.
 *
 * <p>The shadow has no index yet, so a batch is a plain INSERT ... SELECT. Rows written after
 * the capture started are in the log; a row a batch sees twice (moved by an UPDATE to a later
 * page) is in the log too, and is removed before the key index is built. The replay starts
 * only after the whole copy has committed (I4).
 */
public final class Copier {
    private final TableFacts facts;
    private final Names names;
    private final ColumnMapping mapping;
    private final SwapRecipe.Errors errors;
    private final Tuning tuning;
    private final Progress progress;
    private final StopSignal stop;
    private final Clock clock;
    private final Hooks hooks;
    private final Throttle throttle;

    public Copier(TableFacts facts, Names names, ColumnMapping mapping, SwapRecipe.Errors errors, Tuning tuning,
                  Progress progress, StopSignal stop, Clock clock, Hooks hooks, Throttle throttle) {
        this.throttle = throttle;
        this.facts = facts;
        this.names = names;
        this.mapping = mapping;
        this.errors = errors;
        this.tuning = tuning;
        this.progress = progress;
        this.stop = stop;
        this.clock = clock;
        this.hooks = hooks;
    }

    /** Copies pages [from, end); returns rows copied. */
    public long copy(Connection c, long from, long end) throws SQLException {
        Statement sql = CopySql.copyBatch(facts, names, mapping);
        PageBatches batches = new PageBatches(facts, tuning);
        long total = 0;
        long next = from;
        while (next < end) {
            throttle.await(c); // a safe point: stop or pause here, with no transaction open
            long to = Math.min(end, next + batches.pages());
            long started = clock.nanoTime();
            long rows = batch(c, sql.with(CopySql.pageRange(next, to)), next, to);
            batches.took(clock.since(started));
            total += rows;
            progress.copied(to - next, rows);
            next = to;
        }
        return total;
    }

    private long batch(Connection c, Statement sql, long from, long to) throws SQLException {
        try {
            return Tx.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, tx -> {
                long rows;
                try (PreparedStatement ps = sql.prepare(tx)) {
                    rows = ps.executeUpdate();
                }
                hooks.inCopyBatch(tx, from, to);
                StateStore.checkpoint(tx, names.migrationId(), to, rows);
                return rows;
            });
        } catch (SQLException e) {
            var explained = errors.explain(e, false);
            if (explained != null) {
                throw explained;
            }
            throw e;
        }
    }
}
