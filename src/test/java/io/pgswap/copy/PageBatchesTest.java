package io.pgswap.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.catalog.TableFactsFixture;
import io.pgswap.core.Tuning;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PageBatchesTest {
    @Test
    void aBackfillStartsSmall_growsWhileBatchesAreShort_andHalvesWhenOneRanTooLong() {
        PageBatches b = new PageBatches(TableFactsFixture.orders().build(), Tuning.defaults(), PageBatches.MIN_FIRST_PAGES);
        assertThat(b.pages()).isEqualTo(8);
        b.took(Duration.ofMillis(1));
        assertThat(b.pages()).isEqualTo(16);
        b.tooSlow();
        b.tooSlow();
        b.tooSlow();
        b.tooSlow();
        b.tooSlow();
        assertThat(b.pages()).isEqualTo(1);
    }

    @Test
    void aFixedBatchSizeIsKept() {
        Tuning d = Tuning.defaults();
        Tuning fixed = new Tuning(d.lockTimeout(), d.lockBudget(), d.swapBudget(), d.maxAttempts(), d.batchTime(), 5000,
                d.replayBatch(), d.indexJobs(), d.waitTimeout());
        PageBatches b = new PageBatches(TableFactsFixture.orders().build(), fixed, PageBatches.MIN_FIRST_PAGES);
        long pages = b.pages();
        b.took(Duration.ofMillis(1));
        assertThat(b.pages()).isEqualTo(pages).isNotEqualTo(8);
    }

    @Test
    void theCopysFirstBatchIsSizedForThePacesBatchTime_notTheLongerDefault() {
        Tuning d = Tuning.defaults();
        long forDefault = new PageBatches(TableFactsFixture.orders().build(), d).pages();
        long busy = new PageBatches(TableFactsFixture.orders().build(), d, Duration.ofMillis(50)).pages();
        assertThat(forDefault).isEqualTo(d.batchTime().toMillis() * 5);
        assertThat(busy).isEqualTo(250).isLessThan(forDefault);
    }

    @Test
    void withAMaxRateNoBatchMovesMoreThanTheRateAllowsInOneBatchTime() {
        Tuning d = Tuning.defaults();
        Tuning rated = new Tuning(d.lockTimeout(), d.lockBudget(), d.swapBudget(), d.maxAttempts(), d.batchTime(), 0,
                d.replayBatch(), d.indexJobs(), d.waitTimeout(), new io.pgswap.core.Pacing(1, 100, 2000));
        var facts = TableFactsFixture.orders().build();
        long rowsPerPage = Math.max(1, facts.pages() > 0 ? facts.estimatedRows() / facts.pages() : 50);
        long most = Math.max(1, Math.round(2000 * (d.batchTime().toMillis() / 1000.0) / rowsPerPage));
        PageBatches b = new PageBatches(facts, rated);
        assertThat(b.pages()).isLessThanOrEqualTo(most);
        for (int i = 0; i < 10; i++) {
            b.took(Duration.ofMillis(1)); // fast batches would grow it
        }
        assertThat(b.pages()).isEqualTo(most);
    }

    @Test
    void aRunOfNearlyEmptyPagesGrowsBatchesOnlyToABound_soTheDensePagesAfterItAreNotOneHugeBatch() {
        Tuning d = Tuning.defaults();
        PageBatches b = new PageBatches(TableFactsFixture.orders().build(), d);
        long first = b.pages();
        for (int i = 0; i < 40; i++) {
            b.took(java.time.Duration.ofMillis(1)); // empty pages: every batch is over at once
        }
        assertThat(b.pages()).isEqualTo(first * PageBatches.MOST_OVER_FIRST_GUESS);
    }
}
