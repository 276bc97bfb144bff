package io.pgswap.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Tuning;
import org.junit.jupiter.api.Test;

class CopyRangesTest {
    private static CopyRanges ranges(long from, long end) {
        Tuning d = Tuning.defaults();
        Tuning fixed = new Tuning(d.lockTimeout(), d.lockBudget(), d.swapBudget(), d.maxAttempts(), d.batchTime(), 1,
                d.replayBatch(), d.indexJobs(), d.waitTimeout());
        return new CopyRanges(from, end, new PageBatches(TableFactsFixture.orders().build(), fixed)); // 1 page a batch
    }

    @Test
    void rangesCoverThePagesInOrderWithoutGaps() {
        CopyRanges r = ranges(5, 8);
        assertThat(r.take()).isEqualTo(new CopyRanges.Range(0, 5, 6));
        assertThat(r.take()).isEqualTo(new CopyRanges.Range(1, 6, 7));
        assertThat(r.take()).isEqualTo(new CopyRanges.Range(2, 7, 8));
        assertThat(r.take()).isNull();
        assertThat(r.exhausted()).isTrue();
    }

    @Test
    void aBatchMayCommitOnlyAfterEveryEarlierOne() throws Exception {
        CopyRanges r = ranges(0, 10);
        CopyRanges.Range first = r.take();
        CopyRanges.Range second = r.take();
        r.awaitTurn(first); // the first has nobody before it
        r.committed(first);
        r.awaitTurn(second); // returns at once now
        r.committed(second);
    }

    @Test
    void aFailedBatchRollsBackEveryLaterOneAndEndsTheHandingOut() {
        CopyRanges r = ranges(0, 10);
        CopyRanges.Range first = r.take();
        CopyRanges.Range second = r.take();
        r.failed(first);
        assertThatThrownBy(() -> r.awaitTurn(second)).isInstanceOf(CopyRanges.EarlierFailed.class);
        assertThat(r.take()).isNull();
        assertThat(r.exhausted()).isTrue();
    }

    @Test
    void aJobStoppingOutsideABatchLetsTheBatchesInFlightCommit() throws Exception {
        CopyRanges r = ranges(0, 10);
        CopyRanges.Range first = r.take();
        r.failed(null); // e.g. --max-runtime at a safe point of another job
        assertThat(r.take()).isNull();
        r.awaitTurn(first);
        r.committed(first);
    }
}
