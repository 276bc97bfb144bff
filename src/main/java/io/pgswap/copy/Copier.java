package io.pgswap.copy;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Tx;
import io.pgswap.engine.Hooks;
import io.pgswap.engine.MigrationSpec;
import io.pgswap.engine.Progress;
import io.pgswap.engine.StopSignal;
import io.pgswap.plan.Names;
import io.pgswap.retry.Clock;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The batched backfill. Each batch copies the live rows of a range of heap pages (a TID range
 * scan: sequential reads, any key type) in its own short transaction, and moves the checkpoint
 * in that same transaction, so a killed run resumes exactly where it stopped and no snapshot
 * is held for longer than one batch.
 *
 * <p>The shadow has no index yet, so a batch is a plain INSERT ... SELECT. Rows written after
 * the capture started are in the log; a row a batch sees twice (moved by an UPDATE to a later
 * page) is in the log too, and is removed before the key index is built. The replay starts
 * only after the whole copy has committed (I4).
 */
public final class Copier {
    static final long MAX_PAGES = 1 << 20;

    private final TableFacts facts;
    private final Names names;
    private final MigrationSpec spec;
    private final Progress progress;
    private final StopSignal stop;
    private final Clock clock;
    private final Hooks hooks;

    public Copier(TableFacts facts, Names names, MigrationSpec spec, Progress progress, StopSignal stop, Clock clock,
                  Hooks hooks) {
        this.facts = facts;
        this.names = names;
        this.spec = spec;
        this.progress = progress;
        this.stop = stop;
        this.clock = clock;
        this.hooks = hooks;
    }

    /** Copies pages [from, end); returns rows copied. */
    public long copy(Connection c, long from, long end) throws SQLException {
        String sql = CopySql.copyBatch(facts, names, spec);
        long rowsPerPage = Math.max(1, facts.pages() > 0 ? facts.estimatedRows() / facts.pages() : 50);
        // first guess: about 40 MB/s of heap, i.e. 5 pages per ms of the target batch time
        long pages = spec.batchRows() > 0 ? Math.max(1, spec.batchRows() / rowsPerPage)
                : Math.max(8, Math.min(MAX_PAGES, spec.batchTime().toMillis() * 5));
        boolean adaptive = spec.batchRows() == 0;
        long total = 0;
        long next = from;
        while (next < end) {
            stop.check();
            long to = Math.min(end, next + pages);
            long started = clock.nanoTime();
            long rows = batch(c, sql, next, to);
            Duration took = clock.since(started);
            total += rows;
            progress.copied(to - next, rows);
            next = to;
            if (adaptive) {
                pages = BatchSizer.next(pages, took, spec.batchTime(), MAX_PAGES);
            }
        }
        return total;
    }

    private long batch(Connection c, String sql, long from, long to) throws SQLException {
        try {
            return Tx.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, tx -> {
                long rows;
                try (PreparedStatement ps = tx.prepareStatement(sql)) {
                    int i = 1;
                    if (spec.fill() != null) {
                        ps.setString(i++, spec.fill());
                    }
                    ps.setString(i++, "(" + from + ",0)");
                    ps.setString(i, "(" + to + ",0)");
                    rows = ps.executeUpdate();
                }
                hooks.inCopyBatch(tx, from, to);
                StateStore.checkpoint(tx, names.migrationId(), to, rows);
                return rows;
            });
        } catch (SQLException e) {
            if (PgErrors.NOT_NULL_VIOLATION.equals(e.getSQLState()) && spec.column() != null) {
                throw new PgSwapException(ExitCode.REFUSED, "column " + spec.column() + " of " + facts.displayName()
                        + " contains NULLs; rerun with --fill VALUE to replace them, or update them first",
                        e, e.getSQLState());
            }
            throw e;
        }
    }
}
