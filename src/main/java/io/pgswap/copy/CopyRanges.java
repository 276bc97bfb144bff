package io.pgswap.copy;

import java.time.Duration;

/**
 * The ranges of heap pages the copy's jobs take, in order, and the order their transactions
 * commit in. Each batch's transaction moves the checkpoint to its end page; a batch may run its
 * INSERT beside the others but commits only after every earlier batch has committed, so the
 * committed batches are always a prefix of the table and the checkpoint says exactly where it
 * ends (a resumed copy neither skips nor repeats a page). A batch that fails makes every later
 * batch roll back, and no range is handed out after a failure.
 */
final class CopyRanges {
    /** A range of pages [from, to) and its place in the commit order. */
    record Range(long seq, long from, long to) {
    }

    /** A later batch rolled back because an earlier one failed; the earlier failure is the one to report. */
    static final class EarlierFailed extends RuntimeException implements io.pgswap.core.Jobs.KnockOn {
        EarlierFailed() {
            super("an earlier copy batch failed", null, false, false);
        }
    }

    private final long end;
    private final PageBatches batches;
    private long next;
    private long seq;
    private long committed = -1;
    private long committedTo;
    private long failedSeq = Long.MAX_VALUE;
    private boolean stopped;

    CopyRanges(long from, long end, PageBatches batches) {
        this.next = from;
        this.committedTo = from;
        this.end = end;
        this.batches = batches;
    }

    /** The next range, or null when the table is done or a job failed. */
    synchronized Range take() {
        if (stopped || next >= end) {
            return null;
        }
        long to = Math.min(end, next + batches.pages());
        Range r = new Range(seq++, next, to);
        next = to;
        return r;
    }

    synchronized boolean exhausted() {
        return stopped || next >= end;
    }

    /** Adapts the size of the ranges still to come to a batch that took {@code took} (target {@code target}). */
    synchronized void took(Duration took, Duration target) {
        batches.took(took, target);
    }

    /** Waits until every batch before {@code r} has committed; throws {@link EarlierFailed} if one of them failed. */
    synchronized void awaitTurn(Range r) throws InterruptedException {
        while (committed != r.seq() - 1) {
            if (failedSeq < r.seq()) {
                throw new EarlierFailed();
            }
            wait();
        }
    }

    synchronized void committed(Range r) {
        committed = r.seq();
        committedTo = r.to();
        notifyAll();
    }

    /** The end page of the last committed batch: every page before it is copied (the checkpoint). */
    synchronized long committedTo() {
        return committedTo;
    }

    /** A batch failed ({@code r}), or a job stopped outside a batch ({@code r} null): no more ranges. */
    synchronized void failed(Range r) {
        stopped = true;
        if (r != null) {
            failedSeq = Math.min(failedSeq, r.seq());
        }
        notifyAll();
    }
}
