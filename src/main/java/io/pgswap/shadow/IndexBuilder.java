package io.pgswap.shadow;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.Db;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Tx;
import io.pgswap.engine.Progress;
import io.pgswap.engine.StopSignal;
import io.pgswap.plan.Names;
import io.pgswap.replay.Replayer;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the shadow's secondary indexes after the copy, {@code jobs} at a time on separate
 * connections (CREATE INDEX takes a SHARE lock, so builds on one table run side by side).
 * Indexes that already exist (a resumed run) are skipped. A unique index that fails because a
 * copied row is stale is retried after the replay has brought that row up to date.
 */
public final class IndexBuilder {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    private static final int UNIQUE_RETRIES = 5;

    private final Db db;
    private final TableFacts facts;
    private final Names names;
    private final Replayer replayer;
    private final Progress progress;
    private final StopSignal stop;
    private final Clock clock;
    private final int jobs;

    public IndexBuilder(Db db, TableFacts facts, Names names, Replayer replayer, Progress progress, StopSignal stop,
                        Clock clock, int jobs) {
        this.db = db;
        this.facts = facts;
        this.names = names;
        this.replayer = replayer;
        this.progress = progress;
        this.stop = stop;
        this.clock = clock;
        this.jobs = jobs;
    }

    public void build(Connection work) throws SQLException {
        List<List<String>> pending = new ArrayList<>();
        List<List<String>> all = ShadowDdl.secondaryIndexes(facts, names);
        int k = 0;
        for (int i = 0; i < facts.indexes().size(); i++) {
            if (facts.indexes().get(i).oid() == facts.key().orElseThrow().oid()) {
                continue;
            }
            if (!exists(work, names.shadowIndex(i))) {
                pending.add(all.get(k));
            }
            k++;
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            stop.check();
            List<List<String>> failed = runAll(pending);
            if (failed.isEmpty()) {
                return;
            }
            if (attempt >= UNIQUE_RETRIES) {
                throw PgSwapException.failed("a unique index could not be built on the shadow after "
                        + UNIQUE_RETRIES + " rounds of replay; the table's data keeps conflicting", null);
            }
            LOG.info("{} unique index(es) met a stale row; replaying and retrying", failed.size());
            replayer.catchUp(work, 1, stop);
            pending = failed;
        }
    }

    /** Runs the units; returns those that failed with a unique/exclusion violation. */
    private List<List<String>> runAll(List<List<String>> units) throws SQLException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, units.size()), r -> {
            Thread t = new Thread(r, "pgswap-index");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (List<String> unit : units) {
                futures.add(pool.submit(() -> buildOne(unit)));
            }
            List<List<String>> failed = new ArrayList<>();
            for (int i = 0; i < units.size(); i++) {
                try {
                    if (!futures.get(i).get()) {
                        failed.add(units.get(i));
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException s) {
                        throw s;
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new SQLException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted", e);
                }
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean buildOne(List<String> unit) throws SQLException {
        try (Connection c = db.connection()) {
            long start = clock.nanoTime();
            Tx.withLockRetry(c, clock, java.time.Duration.ofMinutes(5), "building an index on the shadow", tx -> {
                Tx.execute(tx, unit);
                return null;
            });
            progress.indexBuilt();
            LOG.debug("built in {} ms: {}", clock.since(start).toMillis(), unit.get(0));
            return true;
        } catch (SQLException e) {
            String s = e.getSQLState();
            if (PgErrors.UNIQUE_VIOLATION.equals(s) || PgErrors.EXCLUSION_VIOLATION.equals(s)) {
                return false;
            }
            throw e;
        }
    }

    private boolean exists(Connection c, String indexName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, Sql.qualified(facts.schema(), indexName));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
