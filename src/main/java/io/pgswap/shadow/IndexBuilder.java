package io.pgswap.shadow;

import io.pgswap.PgSwapException;
import io.pgswap.catalog.TableFacts;
import io.pgswap.db.Db;
import io.pgswap.db.PgErrors;
import io.pgswap.db.Tx;
import io.pgswap.Threads;
import io.pgswap.core.Names;
import io.pgswap.core.Progress;
import io.pgswap.core.ServerLoad;
import io.pgswap.core.StopSignal;
import io.pgswap.db.Rows;
import io.pgswap.retry.Clock;
import io.pgswap.sql.Sql;
import io.pgswap.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the shadow's indexes after the copy: plain index builds {@code jobs} at a time on
 * separate connections (each takes a SHARE lock on the shadow, so they run side by side), then
 * exclusion constraints one by one, then the catalog-only finishing statements (constraints
 * attached to their indexes, comments) in one transaction. Work already done by an earlier,
 * interrupted run is skipped.
 */
public final class IndexBuilder {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");

    private final Db db;
    private final TableFacts facts;
    private final Names names;
    private final Progress progress;
    private final StopSignal stop;
    private final Clock clock;
    private final int jobs;
    private final ServerLoad.Pace pace;
    private final Duration lockBudget;

    /** {@code pace}: how many builds run at a time, and how many parallel workers each may use. */
    public IndexBuilder(Db db, TableFacts facts, Names names, Progress progress, StopSignal stop, Clock clock,
                        ServerLoad.Pace pace, Duration lockBudget) {
        this.pace = pace;
        this.db = db;
        this.facts = facts;
        this.names = names;
        this.progress = progress;
        this.stop = stop;
        this.clock = clock;
        this.jobs = pace.indexJobs();
        this.lockBudget = lockBudget;
    }

    public void build(Connection work) throws SQLException {
        List<ShadowDdl.IndexUnit> units = ShadowDdl.indexes(facts, names);
        progress.indexesTotal(units.size());
        List<ShadowDdl.IndexUnit> parallel = new ArrayList<>();
        List<ShadowDdl.IndexUnit> serial = new ArrayList<>();
        for (ShadowDdl.IndexUnit u : units) {
            if (Rows.relationExists(work, Sql.qualified(facts.schema(), u.name()))) {
                progress.indexBuilt();
            } else if (u.exclusive()) {
                serial.add(u);
            } else {
                parallel.add(u);
            }
        }
        runParallel(longestFirst(work, parallel));
        for (ShadowDdl.IndexUnit u : serial) {
            stop.check();
            buildOne(u, pace.buildWorkers(1));
        }
        List<String> finish = new ArrayList<>();
        for (ShadowDdl.IndexUnit u : units) {
            if (u.constraint() == null || !constraintExists(work, u.constraint())) {
                finish.addAll(u.finish());
            }
        }
        if (!finish.isEmpty()) {
            Tx.withLockRetry(work, clock, lockBudget, "attaching constraints to the shadow's indexes", tx -> {
                ShadowCheck.quietDdl(tx);
                Tx.execute(tx, finish);
                return null;
            });
        }
    }

    private void runParallel(List<ShadowDdl.IndexUnit> units) throws SQLException {
        if (units.isEmpty()) {
            return;
        }
        int builds = Math.min(jobs, units.size());
        int workers = pace.buildWorkers(builds);
        ExecutorService pool = Executors.newFixedThreadPool(builds, Threads.daemon("pgswap-index"));
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int k = 0; k < units.size(); k++) {
                ShadowDdl.IndexUnit u = units.get(k);
                int w = k == 0 ? pace.longestBuildWorkers(builds) : workers;
                futures.add(pool.submit(() -> {
                    stop.check();
                    buildOne(u, w);
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
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
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The units in the order to start them, the longest build first, so that a long build does not
     * start last and run alone (it also gets the spare worker). A build's cost is estimated from
     * the original's index: its size, times three unless it is a B-tree whose first column is a
     * plain column the statistics find in table order (|correlation| >= 0.9), since sorting
     * presorted input is cheap (measured on 2M rows: the 19 MB index of an unsorted column took
     * longer than the 45 MB ones of presorted columns).
     */
    List<ShadowDdl.IndexUnit> longestFirst(Connection c, List<ShadowDdl.IndexUnit> units) throws SQLException {
        if (units.size() < 2) {
            return units;
        }
        Map<Long, Double> cost = new HashMap<>();
        for (Map.Entry<Long, Double> r : Rows.list(c, Statement.of("""
                SELECT i.indexrelid::bigint,
                       pg_relation_size(i.indexrelid)::float8
                       * CASE WHEN am.amname = 'btree' AND i.indkey[0] <> 0 AND abs(s.correlation) >= 0.9
                              THEN 1 ELSE 3 END
                FROM pg_index i
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN pg_am am ON am.oid = ic.relam
                LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                LEFT JOIN pg_stats s ON s.schemaname = ? AND s.tablename = ? AND s.attname = a.attname
                                    AND NOT s.inherited
                WHERE i.indrelid = ?::oid""", facts.schema(), facts.name(), facts.oid()),
                rs -> Map.entry(rs.getLong(1), rs.getDouble(2)))) {
            cost.put(r.getKey(), r.getValue());
        }
        List<ShadowDdl.IndexUnit> out = new ArrayList<>(units);
        out.sort(Comparator.comparingDouble((ShadowDdl.IndexUnit u) -> cost.getOrDefault(u.sourceOid(), 0.0))
                .reversed());
        return out;
    }

    private void buildOne(ShadowDdl.IndexUnit u, int workers) throws SQLException {
        try (Connection c = db.connection()) {
            long start = clock.nanoTime();
            Tx.withLockRetry(c, clock, lockBudget, "building an index on the shadow", tx -> {
                ShadowCheck.quietDdl(tx);
                if (workers < pace.maintenanceWorkers()) {
                    // gentle on a busy server (one process per build, the other cores stay with the
                    // application); on an idle one, builds side by side share the cores out
                    Tx.execute(tx, List.of("SET LOCAL max_parallel_maintenance_workers = " + workers));
                }
                Tx.execute(tx, u.build());
                return null;
            });
            progress.indexBuilt();
            LOG.debug("built {} in {} ms", u.name(), clock.since(start).toMillis());
        } catch (SQLException e) {
            String s = e.getSQLState();
            if (PgErrors.UNIQUE_VIOLATION.equals(s) || PgErrors.EXCLUSION_VIOLATION.equals(s)) {
                // cannot happen when the shadow holds rows that were all current together; say so plainly
                throw PgSwapException.failed("building unique index " + u.name() + " on the shadow failed: "
                        + PgErrors.message(e) + ". Nothing was swapped and the helper objects were removed; "
                        + "please report this", e);
            }
            throw e;
        }
    }

    private boolean constraintExists(Connection c, String name) throws SQLException {
        return Rows.bool(c, Statement.of(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?)",
                names.shadow(), name));
    }
}
