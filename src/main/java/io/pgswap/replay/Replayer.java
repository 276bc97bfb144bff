package io.pgswap.replay;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Tx;
import io.pgswap.core.Hooks;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.recipe.ColumnMapping;
import io.pgswap.recipe.SwapRecipe;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Statement;
import io.pgswap.retry.Clock;
import io.pgswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Applies the log to the shadow, batch by batch (see {@link ReplaySql} for why it is correct). */
public final class Replayer {
    private final TableFacts facts;
    private final Names names;
    private final int batchRows;
    private final SwapRecipe.Errors errors;
    private final Progress progress;
    private final Clock clock;
    private final Hooks hooks;
    private final String take;
    private final String delete;
    private final Statement insert;
    private final ColumnMapping mapping;

    private final io.pgswap.core.Throttle throttle;
    /** How long a batch that cannot get its locks is retried before the run gives up (resumably). */
    private final Duration lockBudget;

    public Replayer(TableFacts facts, Names names, ColumnMapping mapping, SwapRecipe.Errors errors, int batchRows,
                    Progress progress, Clock clock, Hooks hooks, io.pgswap.core.Throttle throttle, Duration lockBudget) {
        this.throttle = throttle;
        this.lockBudget = lockBudget;
        this.facts = facts;
        this.names = names;
        this.batchRows = batchRows;
        this.errors = errors;
        this.progress = progress;
        this.clock = clock;
        this.hooks = hooks;
        this.take = ReplaySql.takeBatch(facts, names);
        this.delete = ReplaySql.deleteFromShadow(facts, names, mapping);
        this.insert = ReplaySql.insertIntoShadow(facts, names, mapping);
        this.mapping = mapping;
    }

    /** How the shadow's columns are filled (and which of the original's the change retypes). */
    public ColumnMapping mapping() {
        return mapping;
    }

    public int batchRows() {
        return batchRows;
    }

    /**
     * Replays until a batch finds fewer than {@code threshold} log rows. A conflict on a secondary
     * unique index means a row whose own change is further down the log: a batch that ends inside a
     * transaction that moved a unique value between rows re-inserts one row's current image while
     * the shadow still holds the other's old one, and the same batch would meet it again. So the
     * retry takes four times as many log rows, until the rest of that transaction is in the batch
     * (the whole log, at worst: every changed key then gets its current row from one snapshot of
     * the original, which has no duplicates).
     */
    public long catchUp(Connection c, long threshold, StopSignal stop) throws SQLException {
        long total = 0;
        int conflicts = 0;
        int retries = 0;
        long waitingSince = 0;
        int rows = batchRows;
        while (true) {
            stop.check();
            throttle.await(c);
            long n;
            int limit = rows;
            try {
                n = Tx.inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, tx -> {
                    prepareTransaction(tx);
                    long consumed = applyPreparedBatch(tx, limit);
                    hooks.inReplayBatch(tx, consumed);
                    return consumed;
                });
            } catch (SQLException e) {
                String s = e.getSQLState();
                boolean unique = PgErrors.UNIQUE_VIOLATION.equals(s) || PgErrors.EXCLUSION_VIOLATION.equals(s);
                if (unique && ++conflicts <= 20) {
                    // waiting would change nothing; past the whole log, the batch is all of it
                    rows = 4L * rows >= backlogBound(c) ? Integer.MAX_VALUE
                            : (int) Math.min(Integer.MAX_VALUE - 1, 4L * rows);
                    continue;
                }
                if (PgErrors.isRetryable(e)) {
                    // a lock another session holds for a moment, a deadlock, a cancel: the batch rolled back whole
                    if (waitingSince == 0) {
                        waitingSince = clock.nanoTime();
                    }
                    Duration wait = io.pgswap.retry.Backoff.LOCK.delay(++retries,
                            java.util.concurrent.ThreadLocalRandom.current());
                    if (clock.since(waitingSince).plus(wait).compareTo(lockBudget) > 0) {
                        throw new io.pgswap.PgSwapException(io.pgswap.ExitCode.GAVE_UP, "replay: a batch did not get "
                                + "its locks within " + lockBudget.toSeconds() + " s of retries (" + PgErrors.message(e)
                                + "); the shadow keeps what was replayed and the log the rest. Rerun the same command "
                                + "to go on", e, e.getSQLState());
                    }
                    Tx.sleep(clock, wait);
                    continue;
                }
                throw e;
            }
            conflicts = 0;
            retries = 0;
            waitingSince = 0;
            rows = batchRows;
            total += n;
            if (n > 0) {
                StateStore.addReplayed(c, names.migrationId(), n);
            }
            if (n < threshold) {
                return total;
            }
        }
    }

    /** More rows than the log holds now (its id range), so a batch of that size takes all of it. */
    private long backlogBound(Connection c) throws SQLException {
        return Math.max(1, backlog(c, names)[0]);
    }

    /**
     * Inside the swap transaction, with writers locked out: applies everything; returns log rows
     * applied. No row can be added meanwhile, so a batch smaller than the limit was the last one.
     */
    public long drainInCurrentTransaction(Connection c) throws SQLException {
        prepareTransaction(c);
        // one batch for the whole log: every key gets its current row from the same snapshot, so a
        // batch boundary cannot fall inside a transaction that moved a unique value between rows
        // (see catchUp); with writers locked out the log cannot grow meanwhile
        return applyPreparedBatch(c, Integer.MAX_VALUE);
    }

    /**
     * Cheap estimate of the log backlog (rows between the oldest and newest id, and the log's
     * size), for progress and metrics; two index lookups, whatever the log's size.
     */
    public static long[] backlog(Connection c, Names names) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ReplaySql.backlog(names))) {
            ps.setString(1, names.logTable());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** The key table and the join settings, once per transaction, in one round trip. */
    /** A revert's replay (the new table is {@code facts}) found a TRUNCATE in the reverse log. */
    private String truncatedInTheWindow() {
        String t = QualifiedName.format(names.schema(), names.table());
        return t + " was truncated during the revert window, which the reverse log cannot carry back to the old "
                + "table: a revert is not possible, and nothing was reverted (" + t + " is as it was). End the window "
                + "with 'pgswap resume " + t + " --revert-window 0'";
    }

    private void prepareTransaction(Connection c) throws SQLException {
        List<String> setup = new ArrayList<>();
        setup.add(ReplaySql.createKeysTable(facts, names));
        setup.addAll(ReplaySql.sessionSettings());
        Tx.executeInOneTrip(c, setup);
    }

    private long applyPreparedBatch(Connection c, int limit) throws SQLException {
        long consumed;
        long keys;
        try (PreparedStatement ps = c.prepareStatement(take)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                consumed = rs.getLong(1);
                keys = rs.getLong(2);
                if (rs.getLong(3) > 0) {
                    throw new PgSwapException(ExitCode.FAILED, names.reverse() ? truncatedInTheWindow()
                            : facts.displayName() + " was truncated while the migration ran; the copy no longer "
                            + "matches it, so nothing was swapped and the helper objects were removed. Run the command "
                            + "again to start over");
                }
            }
        }
        if (keys > 0) {
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate(delete);
            }
            try (PreparedStatement ps = insert.prepare(c)) {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (limit != Integer.MAX_VALUE && (PgErrors.UNIQUE_VIOLATION.equals(e.getSQLState())
                        || PgErrors.EXCLUSION_VIOLATION.equals(e.getSQLState()))) {
                    // a unique value moved between rows across the batch's end: catchUp retries with more
                    // rows first, and only a batch of the whole log explains a conflict as the data's own
                    throw e;
                }
                PgSwapException explained = errors.explain(e, true);
                if (explained != null) {
                    throw explained;
                }
                throw e;
            }
        }
        progress.replayed(consumed);
        return consumed;
    }
}
