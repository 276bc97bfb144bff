package io.pgswap.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one mutable, thread-safe view of a running migration, read by the progress reporter and
 * the metrics. {@code step} is the name of the plan step running now, from the same vocabulary
 * as the plan, the state row and the JSON summary.
 */
public final class Progress {
    private final AtomicReference<String> step = new AtomicReference<>("inspect");
    private final AtomicLong stepStartNanos = new AtomicLong(System.nanoTime());
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final AtomicLong pagesDone = new AtomicLong();
    private final AtomicLong pagesTotal = new AtomicLong();
    private final AtomicLong rowsCopied = new AtomicLong();
    private final AtomicLong rowsReplayed = new AtomicLong();
    private final AtomicLong rowsChecksummed = new AtomicLong();
    private final AtomicLong checksumDiffering = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong(-1);
    private final AtomicLong backlogBytes = new AtomicLong(-1);
    private final AtomicLong swapAttempts = new AtomicLong();
    private final AtomicLong lockHeldNanos = new AtomicLong();
    private final AtomicLong indexesDone = new AtomicLong();
    private final AtomicLong indexesTotal = new AtomicLong();
    private final AtomicLong estimatedRows = new AtomicLong();
    private final AtomicLong lockWaitNanos = new AtomicLong();
    private final AtomicLong throttledNanos = new AtomicLong();
    private final AtomicReference<String> waitingFor = new AtomicReference<>();
    private final AtomicReference<String> detail = new AtomicReference<>();
    private final Map<String, AtomicLong> swapOutcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stepNanos = new ConcurrentHashMap<>();

    /** The names of the run's steps, in order (for metrics that list every step). */
    public void steps(List<String> names) {
        steps.clear();
        steps.addAll(names);
    }

    public List<String> steps() {
        return List.copyOf(steps);
    }

    public String step() {
        return step.get();
    }

    public void enter(String name) {
        step.set(name);
        stepStartNanos.set(System.nanoTime());
        waitingFor.set(null);
        detail.set(null);
    }

    public long stepStartNanos() {
        return stepStartNanos.get();
    }

    public void stepTook(String name, long nanos) {
        stepNanos.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(nanos);
    }

    /** Nanoseconds spent per step so far (finished stretches only). */
    public Map<String, AtomicLong> stepNanos() {
        return stepNanos;
    }

    /** What the current step waits for (a session, a throttle), or null. */
    public void waitingFor(String what) {
        waitingFor.set(what);
    }

    public String waitingFor() {
        return waitingFor.get();
    }

    /** What the current step is doing now, in the server's words ("building index: scanning table, 40%"), or null. */
    public void detail(String what) {
        detail.set(what);
    }

    public String detail() {
        return detail.get();
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

    public long lockWaitNanos() {
        return lockWaitNanos.get();
    }

    public void throttled(long nanos) {
        throttledNanos.addAndGet(nanos);
    }

    public long throttledNanos() {
        return throttledNanos.get();
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

    public void pages(long done, long total) {
        pagesDone.set(done);
        pagesTotal.set(total);
    }

    public long pagesDone() {
        return pagesDone.get();
    }

    public long pagesTotal() {
        return pagesTotal.get();
    }

    public void estimatedRows(long rows) {
        estimatedRows.set(rows);
    }

    public long estimatedRows() {
        return estimatedRows.get();
    }

    public void copied(long pages, long rows) {
        pagesDone.addAndGet(pages);
        rowsCopied.addAndGet(rows);
    }

    public void replayed(long logRows) {
        rowsReplayed.addAndGet(logRows);
    }

    /** Rows of the original the checksum has compared with the shadow. */
    public void checksummed(long rows) {
        rowsChecksummed.addAndGet(rows);
    }

    public long rowsChecksummed() {
        return rowsChecksummed.get();
    }

    /** Keys the checksum found differing so far (before they are compared again). */
    public void checksumDiffering(long keys) {
        checksumDiffering.set(keys);
    }

    public long checksumDiffering() {
        return checksumDiffering.get();
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

    public long indexesDone() {
        return indexesDone.get();
    }

    public long indexesTotal() {
        return indexesTotal.get();
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
