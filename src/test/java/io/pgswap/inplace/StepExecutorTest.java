package io.pgswap.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.core.Tuning;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepExecutorTest {
    @Test
    void aBackfillBatchIsKeptUnderAQuarterOfTheLockTimeout() {
        Tuning d = Tuning.defaults(); // 200 ms lock timeout, 200 ms batches
        assertThat(StepExecutor.backfillTuning(d).batchTime()).isEqualTo(Duration.ofMillis(50));
        Tuning shortBatches = new Tuning(Duration.ofSeconds(2), d.lockBudget(), d.swapBudget(), d.maxAttempts(),
                Duration.ofMillis(100), 0, d.replayBatch(), d.indexJobs(), d.waitTimeout());
        assertThat(StepExecutor.backfillTuning(shortBatches)).isSameAs(shortBatches);
        assertThat(StepExecutor.backfillTuning(d.withLockTimeout(Duration.ofMillis(2))).batchTime())
                .isEqualTo(Duration.ofMillis(1));
    }
}
