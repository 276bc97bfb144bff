package io.pgswap.copy;

import io.pgswap.catalog.TableFacts;
import io.pgswap.core.Tuning;
import java.time.Duration;

/**
 * The size of the next batch of heap pages, for the copy and for in-place backfills: fixed when
 * a row count was given, otherwise adapted so that batches take about the target time (at most
 * x2 up or /2 down per batch).
 */
public final class PageBatches {
    static final long MAX_PAGES = 1 << 20;
    /**
     * How far past the first guess (pages per ms of the target time) a batch may grow: a run of
     * nearly empty pages (the front of a table after a big DELETE or UPDATE) makes batches fast, and
     * without a bound they grew until the first dense pages went into one batch of most of the table.
     */
    static final long MOST_OVER_FIRST_GUESS = 16;
    /** The smallest first guess. */
    public static final long MIN_FIRST_PAGES = 8;

    private final Tuning tuning;
    private final long maxPages;
    private long pages;

    public PageBatches(TableFacts facts, Tuning tuning) {
        this(facts, tuning, tuning.batchTime());
    }

    /**
     * Adaptive to {@code target}, the batch time the pace chose (shorter than --batch-time on a busy
     * server), from the first batch on: a first batch sized for the longer time is the one burst the
     * application would feel.
     */
    public PageBatches(TableFacts facts, Tuning tuning, Duration target) {
        this.tuning = tuning;
        long rowsPerPage = Math.max(1, facts.pages() > 0 ? facts.estimatedRows() / facts.pages() : 50);
        // with --max-rate, no batch moves more rows than the rate allows in one batch time: the rows go
        // out evenly instead of in a few big batches, each followed by a long rest
        long rate = tuning.pacing().maxRate();
        long sparseBound = Math.max(MIN_FIRST_PAGES, target.toMillis() * 5) * MOST_OVER_FIRST_GUESS;
        this.maxPages = rate <= 0 ? Math.min(MAX_PAGES, sparseBound)
                : Math.max(1, Math.min(sparseBound, Math.round(rate * (target.toMillis() / 1000.0) / rowsPerPage)));
        // first guess: about 40 MB/s of heap, i.e. 5 pages per ms of the target batch time
        this.pages = tuning.batchRows() > 0 ? Math.max(1, tuning.batchRows() / rowsPerPage)
                : Math.min(maxPages, Math.max(8, target.toMillis() * 5));
    }

    /** Adaptive from {@code firstPages} (unless a row count was given): for work much slower per page than the copy. */
    public PageBatches(TableFacts facts, Tuning tuning, long firstPages) {
        this(facts, tuning);
        if (tuning.batchRows() == 0) {
            this.pages = Math.max(1, Math.min(maxPages, firstPages));
        }
    }

    public long pages() {
        return pages;
    }

    /** The last batch ran too long and was rolled back: the next one is half its size. */
    public void tooSlow() {
        pages = Math.max(1, pages / 2);
    }

    /** The last batch took {@code took}; adapts the next one's size. */
    public void took(Duration took) {
        took(took, tuning.batchTime());
    }

    /** The last batch took {@code took}; adapts the next one's size to {@code target} (the pace's batch time). */
    public void took(Duration took, Duration target) {
        if (tuning.batchRows() == 0) {
            pages = BatchSizer.next(pages, took, target, maxPages);
        }
    }
}
