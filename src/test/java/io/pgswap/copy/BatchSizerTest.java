package io.pgswap.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchSizerTest {
    private static final Duration TARGET = Duration.ofMillis(200);

    @ParameterizedTest(name = "{0} rows took {1} ms -> {3}")
    @CsvSource({
        // current, took ms, max, expected
        "1000, 200, 100000, 1000",   // on target: unchanged
        "1000, 100, 100000, 2000",   // twice as fast: doubles
        "1000, 1, 100000, 2000",     // much faster: still only doubles
        "1000, 0, 100000, 2000",     // took nothing measurable: doubles
        "1000, 400, 100000, 500",    // twice as slow: halves
        "1000, 60000, 100000, 500",  // much slower: still only halves
        "1000, 160, 100000, 1250",   // a bit fast: grows proportionally
        "1000, 250, 100000, 800",    // a bit slow: shrinks proportionally
        "1000, 100, 1500, 1500",     // capped at max
        "5000, 200, 1500, 1500",     // above max (max lowered): back to max
        "1, 60000, 100000, 1",       // never below 1
        "2, 60000, 100000, 1",
        "1, 1, 100000, 2",
    })
    void movesTowardTargetWithinBounds(long current, long tookMillis, long max, long expected) {
        assertThat(BatchSizer.next(current, Duration.ofMillis(tookMillis), TARGET, max)).isEqualTo(expected);
    }

    @Test
    void boundsHoldForAnyInput() {
        long[] sizes = {1, 2, 3, 7, 100, 999, 12345};
        long[] tooks = {0, 1, 50, 199, 200, 201, 400, 10_000};
        for (long current : sizes) {
            for (long took : tooks) {
                long next = BatchSizer.next(current, Duration.ofMillis(took), TARGET, 1_000_000);
                assertThat(next).as("current %d took %d", current, took)
                        .isBetween(Math.max(1, current / 2), current * 2);
                if (took < 200) {
                    assertThat(next).isGreaterThanOrEqualTo(current);
                } else if (took > 200) {
                    assertThat(next).isLessThanOrEqualTo(current);
                }
            }
        }
    }

    @Test
    void convergesOnTheRateThatMeetsTheTarget() {
        // a server that copies 10 rows per ms: 2000 rows meet a 200 ms target
        long size = 10;
        for (int i = 0; i < 20; i++) {
            size = BatchSizer.next(size, Duration.ofMillis(Math.max(1, size / 10)), TARGET, 1_000_000);
        }
        assertThat(size).isBetween(1900L, 2100L);
    }
}
