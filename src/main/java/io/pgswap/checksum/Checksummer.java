package io.pgswap.checksum;

import io.pgswap.KeptFailure;
import io.pgswap.catalog.Column;
import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Hooks;
import io.pgswap.core.Jobs;
import io.pgswap.core.Names;
import io.pgswap.core.Pacer;
import io.pgswap.core.Progress;
import io.pgswap.core.StopSignal;
import io.pgswap.core.Tuning;
import io.pgswap.db.Db;
import io.pgswap.db.Rows;
import io.pgswap.db.Tx;
import io.pgswap.replay.Replayer;
import io.pgswap.retry.Clock;
import io.pgswap.sql.QualifiedName;
import io.pgswap.sql.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checksum before the swap (see {@link ChecksumSql} for what a chunk compares). One pass over
 * the original's key, chunk by chunk, each chunk in its own REPEATABLE READ transaction (short: no
 * snapshot is held for long), the chunk size adapted to the batch time, the replay caught up about
 * once a second meanwhile so the log stays small. Keys that differ are collected; after the pass
 * the replay catches up once more and those keys are compared again, leaving out the ones the log
 * names by then. A key that still differs stops the run before the swap: exit 1, the original
 * untouched, the helper objects kept for inspection ({@link KeptFailure}).
 */
public final class Checksummer {
    private static final Logger LOG = LoggerFactory.getLogger("pgswap");
    /** Differing keys collected at most (and re-checked 10,000 at a time); beyond that the run stops anyway. */
    static final int MAX_KEYS = 100_000;
    private static final int RECHECK_BATCH = 10_000;
    private static final int NAMED_KEYS = 20;
    /**
     * Chunks of 10,000 to 20,000 rows compare fastest per row (measured: a 50,000-row chunk cost
     * about 1.5 times as much per row, its two key-ordered scans no longer fitting the CPU caches);
     * a chunk slower than the batch time shrinks, down to 1,000 rows.
     */
    private static final long FIRST_CHUNK = 10_000;
    private static final long MIN_CHUNK = 1_000;
    private static final long MAX_CHUNK = 20_000;
    private static final Duration CATCH_UP_EVERY = Duration.ofSeconds(1);
    /** Below this many rows one job compares the whole table: splitting would cost more than it saves. */
    static final long PARALLEL_FROM_ROWS = 2 * MAX_CHUNK;
    /** Segments per job: jobs that finish early take another, so an uneven split costs little. */
    private static final int SEGMENTS_PER_JOB = 4;
    private static final int SAMPLE_ROWS = 5_000;
    private static final Duration RESTING_JOB_RECHECK = Duration.ofMillis(200);

    private final TableFacts facts;
    private final Names names;
    private final ChecksumSql sql;
    private final Replayer replayer;
    private final Tuning tuning;
    private final Progress progress;
    private final StopSignal stop;
    private final Clock clock;
    private final Hooks hooks;

    public Checksummer(TableFacts facts, Names names, ChecksumSql sql, Replayer replayer, Tuning tuning,
                       Progress progress, StopSignal stop, Clock clock, Hooks hooks) {
        this.facts = facts;
        this.names = names;
        this.sql = sql;
        this.replayer = replayer;
        this.tuning = tuning;
        this.progress = progress;
        this.stop = stop;
        this.clock = clock;
        this.hooks = hooks;
    }

    private record Chunk(String[] upper, long rows, List<List<String>> differing, boolean last) {
    }

    /** A range of the key, (lower, upper], either end null for unbounded: one job's share at a time. */
    private record Segment(String[] lower, String[] upper) {
    }

    /** What the jobs of one pass found, shared between them. */
    private static final class Pass {
        final ConcurrentLinkedQueue<Segment> segments;
        final Set<List<String>> differing = Collections.synchronizedSet(new LinkedHashSet<>());
        final AtomicLong differingTotal = new AtomicLong();
        final AtomicLong rows = new AtomicLong();

        Pass(List<Segment> segments) {
            this.segments = new ConcurrentLinkedQueue<>(segments);
        }
    }

    /** Compares the whole table on {@code c} alone; returns the rows compared. */
    public long run(Connection c) throws SQLException {
        return run(c, null, Pacer.fixed(tuning, clock));
    }

    /**
     * Compares the whole table; returns the rows compared. Throws {@link KeptFailure} on a lasting
     * difference. With more than one of the pace's copy jobs (an idle server, or --copy-jobs) and a
     * table large enough, the key range is split at sampled keys into segments that the jobs take
     * in turn, each on its own connection from {@code db}; the replay catches up on {@code c}.
     */
    public long run(Connection c, Db db, Pacer pacer) throws SQLException {
        int jobs = db == null ? 1 : pacer.mostCopyJobs();
        List<Segment> segments = jobs > 1 && facts.estimatedRows() >= PARALLEL_FROM_ROWS
                ? segments(c, jobs * SEGMENTS_PER_JOB) : List.of(new Segment(null, null));
        Pass pass = new Pass(segments);
        jobs = Math.min(jobs, segments.size());
        if (jobs > 1) {
            LOG.info("checksum: {} jobs over {} key ranges", jobs, segments.size());
        }
        Jobs.run(jobs, "checksum", db, c, (index, conn) -> work(index, conn, pass, pacer, index == 0),
                () -> catchUpIfDue(c));
        long rows = pass.rows.get();
        long differingTotal = pass.differingTotal.get();
        if (differingTotal == 0) {
            LOG.info("checksum: {} rows of {} and its shadow agree", rows, facts.displayName());
            return rows;
        }
        List<List<String>> keys = new ArrayList<>(pass.differing);
        LOG.info("checksum: {} key(s) differ; catching the replay up and comparing them again", differingTotal);
        replayer.catchUp(c, tuning.replayBatch(), stop);
        hooks.beforeChecksumRecheck(keys.stream().map(this::describe).toList());
        List<List<String>> still = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += RECHECK_BATCH) {
            List<List<String>> part = keys.subList(i, Math.min(keys.size(), i + RECHECK_BATCH));
            still.addAll(Tx.withLockRetry(c, Connection.TRANSACTION_REPEATABLE_READ, clock, tuning.lockBudget(),
                    "checksum: comparing the differing keys again", tx -> recheck(tx, part)));
        }
        if (still.isEmpty() && differingTotal <= MAX_KEYS) {
            LOG.info("checksum: the {} differing key(s) agree after the replay; {} rows compared", differingTotal, rows);
            progress.checksumDiffering(0);
            return rows;
        }
        progress.checksumDiffering(still.size());
        throw mismatch(still, differingTotal);
    }

    /** The key range cut at keys sampled from about 5,000 rows, into at most {@code n} segments. */
    private List<Segment> segments(Connection c, int n) throws SQLException {
        double percent = Math.min(100.0, Math.max(0.01, 100.0 * SAMPLE_ROWS / Math.max(1, facts.estimatedRows())));
        List<String[]> sample = Rows.list(c, sql.sample(percent), this::key);
        List<String[]> cuts = new ArrayList<>();
        for (int k = 1; k < n && !sample.isEmpty(); k++) {
            String[] cut = sample.get((int) ((long) k * sample.size() / n));
            if (cuts.isEmpty() || !Arrays.equals(cuts.get(cuts.size() - 1), cut)) {
                cuts.add(cut);
            }
        }
        List<Segment> out = new ArrayList<>();
        String[] lower = null;
        for (String[] cut : cuts) {
            out.add(new Segment(lower, cut));
            lower = cut;
        }
        out.add(new Segment(lower, null));
        return out;
    }

    /** One job: takes segments until none is left, walking each chunk by chunk; job 0 also keeps the replay caught up. */
    private void work(int index, Connection c, Pass pass, Pacer pacer, boolean replays) throws SQLException {
        try {
            walk(index, c, pass, pacer, replays);
        } catch (SQLException | RuntimeException e) {
            pass.segments.clear(); // the others stop after their chunk: the run fails anyway
            throw e;
        }
    }

    private void walk(int index, Connection c, Pass pass, Pacer pacer, boolean replays) throws SQLException {
        long chunk = FIRST_CHUNK;
        while (true) {
            pacer.refresh(c);
            if (index > 0 && index >= pacer.pace().copyJobs()) {
                if (pass.segments.isEmpty()) {
                    return;
                }
                Tx.sleep(clock, RESTING_JOB_RECHECK); // the pace wants fewer jobs now (a busy server)
                continue;
            }
            Segment seg = pass.segments.poll();
            if (seg == null) {
                return;
            }
            String[] lower = seg.lower();
            while (true) {
                stop.check();
                String[] from = lower;
                long size = chunk;
                long started = clock.nanoTime();
                Chunk r = Tx.withLockRetry(c, Connection.TRANSACTION_REPEATABLE_READ, clock, tuning.lockBudget(),
                        "checksum: comparing a chunk", tx -> chunk(tx, from, seg.upper(), size));
                Duration took = clock.since(started);
                pass.rows.addAndGet(r.rows());
                progress.checksummed(r.rows());
                for (List<String> k : r.differing()) {
                    if (pass.differingTotal.incrementAndGet() <= MAX_KEYS) {
                        pass.differing.add(k);
                    }
                }
                progress.checksumDiffering(pass.differingTotal.get());
                double ratio = (double) tuning.batchTime().toNanos() / Math.max(1, took.toNanos());
                chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK,
                        Math.round(chunk * Math.max(0.5, Math.min(2.0, ratio)))));
                if (replays) {
                    catchUpIfDue(c);
                }
                if (r.last()) {
                    break;
                }
                lower = r.upper();
            }
        }
    }

    private long lastCatchUp = Long.MIN_VALUE;

    /** The replay catches up about once a second while the checksum runs, so the log stays small (one thread). */
    private void catchUpIfDue(Connection c) throws SQLException {
        long now = clock.nanoTime();
        if (lastCatchUp == Long.MIN_VALUE) {
            lastCatchUp = now;
        } else if (now - lastCatchUp >= CATCH_UP_EVERY.toNanos()) {
            replayer.catchUp(c, tuning.replayBatch(), stop);
            lastCatchUp = clock.nanoTime();
        }
    }

    /** The chunk of {@code size} keys after {@code lower}, or what is left of the segment up to {@code end}. */
    private Chunk chunk(Connection tx, String[] lower, String[] end, long size) throws SQLException {
        Tx.executeInOneTrip(tx, ChecksumSql.sessionSettings());
        String[] upper = Rows.first(tx, sql.boundary(lower, end, size - 1, false), this::key).orElse(null);
        boolean last = upper == null;
        long rows = last ? Rows.longValue(tx, sql.remaining(lower, end)) : size;
        String[] to = last ? end : upper;
        List<List<String>> diff = new ArrayList<>(Rows.list(tx, sql.compare(lower, to, false),
                rs -> Arrays.asList(key(rs))));
        if (!diff.isEmpty()) {
            // taken once per chunk, and only for a chunk that has differences: the log has no index on the keys
            Set<List<String>> logged = new HashSet<>(Rows.list(tx, sql.loggedKeys(lower, to, false),
                    rs -> Arrays.asList(key(rs))));
            diff.removeIf(logged::contains);
        }
        return new Chunk(upper, rows, diff, last);
    }

    private List<List<String>> recheck(Connection tx, List<List<String>> keys) throws SQLException {
        Tx.executeInOneTrip(tx, ChecksumSql.sessionSettings());
        Object[] arrays = new Object[sql.keySize()];
        for (int i = 0; i < arrays.length; i++) {
            int col = i;
            Array a = tx.createArrayOf("text", keys.stream().map(k -> k.get(col)).toArray());
            arrays[i] = a;
        }
        List<List<String>> diff = new ArrayList<>(Rows.list(tx, sql.compareKeys(arrays), rs -> Arrays.asList(key(rs))));
        if (!diff.isEmpty()) {
            Set<List<String>> logged = new HashSet<>(Rows.list(tx, sql.loggedAmong(arrays),
                    rs -> Arrays.asList(key(rs))));
            diff.removeIf(logged::contains);
        }
        return diff;
    }

    private String[] key(ResultSet rs) throws SQLException {
        String[] out = new String[sql.keySize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rs.getString(i + 1);
        }
        return out;
    }

    /** "(id)=(42)", as PostgreSQL writes a key in its messages. */
    String describe(List<String> key) {
        return "(" + facts.keyColumns().stream().map(Column::name).collect(Collectors.joining(", ")) + ")=("
                + String.join(", ", key) + ")";
    }

    private KeptFailure mismatch(List<List<String>> still, long differingTotal) {
        String t = facts.displayName();
        String shadow = QualifiedName.format(facts.schema(), names.shadowName());
        List<String> named = still.stream().limit(NAMED_KEYS).map(this::describe).toList();
        String count = still.isEmpty()
                ? "more than " + MAX_KEYS + " keys differed between the original and the shadow (the first "
                + MAX_KEYS + " agreed after the replay, the others were not compared again)"
                : still.size() + " key(s) still differ between the original and the shadow after the replay caught up"
                + (differingTotal > MAX_KEYS ? " (of more than " + MAX_KEYS + " that differed)" : "") + ": "
                + String.join(", ", named) + (still.size() > named.size() ? ", ..." : "");
        String where = still.isEmpty() ? "" : " (compare SELECT * FROM ONLY " + facts.qualifiedName() + " WHERE "
                + keyMatch(still.get(0)) + " with the same query on " + Sql.qualified(facts.schema(), names.shadowName())
                + ")";
        return new KeptFailure("checksum before the swap of " + t + ": " + count + ". Nothing was swapped and " + t
                + " is intact. The shadow " + shadow + ", the change log " + names.logTable() + " and the capture "
                + "trigger are kept for inspection" + where + "; the trigger keeps logging writes until 'pgswap abort "
                + t + "' removes them all");
    }

    private String keyMatch(List<String> key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            parts.add(Sql.ident(facts.keyColumns().get(i).name()) + " = " + Sql.literal(key.get(i)));
        }
        return String.join(" AND ", parts);
    }
}
