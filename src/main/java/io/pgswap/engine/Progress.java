package io.pgswap.engine;

import io.pgswap.state.Phase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The one mutable, thread-safe view of a running migration, read by the progress reporter. */
public final class Progress {
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.CREATED);
    private final AtomicLong phaseStartNanos = new AtomicLong(System.nanoTime());
    final AtomicLong pagesDone = new AtomicLong();
    final AtomicLong pagesTotal = new AtomicLong();
    final AtomicLong rowsCopied = new AtomicLong();
    final AtomicLong rowsReplayed = new AtomicLong();
    final AtomicLong backlog = new AtomicLong(-1);
    final AtomicLong swapAttempts = new AtomicLong();
    final AtomicLong lockHeldNanos = new AtomicLong();
    final AtomicLong indexesDone = new AtomicLong();
    final AtomicLong indexesTotal = new AtomicLong();
    final AtomicLong backlogBytes = new AtomicLong(-1);
    final AtomicLong estimatedRows = new AtomicLong();
    final AtomicLong lockWaitNanos = new AtomicLong();
    private final Map<String, AtomicLong> swapOutcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> phaseNanos = new ConcurrentHashMap<>();

    public Phase phase() {
        return phase.get();
    }

    void enter(Phase p) {
        phase.set(p);
        phaseStartNanos.set(System.nanoTime());
    }

    void phaseTook(String name, long nanos) {
        phaseNanos.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(nanos);
    }

    /** Seconds spent per phase so far (finished stretches only). */
    public Map<String, AtomicLong> phaseNanos() {
        return phaseNanos;
    }

    public void swapOutcome(String outcome) {
        swapOutcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    public Map<String, AtomicLong> swapOutcomes() {
        return swapOutcomes;
    }

    public void lockWaited(long nanos) {
        lockWaitNanos.addAndGet(nanos);
    }

    public void backlog(long rows, long bytes) {
        backlog.set(rows);
        backlogBytes.set(bytes);
    }

    public long backlogRows() {
        return backlog.get();
    }

    public long backlogBytes() {
        return backlogBytes.get();
    }

    public long lockWaitNanos() {
        return lockWaitNanos.get();
    }

    public long pagesDone() {
        return pagesDone.get();
    }

    public long pagesTotal() {
        return pagesTotal.get();
    }

    long phaseStartNanos() {
        return phaseStartNanos.get();
    }

    public void copied(long pages, long rows) {
        pagesDone.addAndGet(pages);
        rowsCopied.addAndGet(rows);
    }

    public void replayed(long logRows) {
        rowsReplayed.addAndGet(logRows);
    }


    public void swapAttempted() {
        swapAttempts.incrementAndGet();
    }

    public void lockHeld(long nanos) {
        lockHeldNanos.set(nanos);
    }

    public void indexesTotal(long n) {
        indexesTotal.set(n);
    }

    public void indexBuilt() {
        indexesDone.incrementAndGet();
    }

    public long rowsCopied() {
        return rowsCopied.get();
    }

    public long rowsReplayed() {
        return rowsReplayed.get();
    }

    public long swapAttempts() {
        return swapAttempts.get();
    }

    public long lockHeldMillis() {
        return lockHeldNanos.get() / 1_000_000;
    }
}
