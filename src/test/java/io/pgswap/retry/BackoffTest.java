package io.pgswap.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    private static final Backoff B = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2));

    /** A generator that always returns the same double, to hit the ends of the jitter range. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @ParameterizedTest(name = "attempt {0}: cap {1} ms")
    @CsvSource({
        "1, 100",
        "2, 200",
        "3, 400",
        "4, 800",
        "5, 1600",
        "6, 2000",
        "7, 2000",
        "50, 2000",
        "10000, 2000",
    })
    void delayIsWithinHalfCapAndCap(int attempt, long capMillis) {
        Duration cap = Duration.ofMillis(capMillis);
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            Duration d = B.delay(attempt, random);
            assertThat(d).isBetween(cap.dividedBy(2), cap);
        }
        assertThat(B.delay(attempt, fixed(0.0))).isEqualTo(cap.dividedBy(2));
        assertThat(B.delay(attempt, fixed(Math.nextDown(1.0)))).isBetween(cap.minusNanos(1), cap);
    }

    @Test
    void jitterActuallySpreadsDelays() {
        SplittableRandom random = new SplittableRandom(7);
        long distinct = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> B.delay(3, random)).distinct().count();
        assertThat(distinct).isGreaterThan(100);
    }

    @Test
    void sameSeedSameDelays() {
        Random a = new Random(123);
        Random b = new Random(123);
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(B.delay(attempt, a)).isEqualTo(B.delay(attempt, b));
        }
    }

    @Test
    void growsThenSaturatesAtMax() {
        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= 30; attempt++) {
            Duration lowest = B.delay(attempt, fixed(0.0));
            assertThat(lowest).isGreaterThanOrEqualTo(previous);
            previous = lowest;
        }
        assertThat(B.delay(30, fixed(0.0))).isEqualTo(Duration.ofSeconds(1));
        assertThat(B.delay(Integer.MAX_VALUE, fixed(0.5))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void factorOneIsConstant() {
        Backoff flat = new Backoff(Duration.ofMillis(300), 1.0, Duration.ofMillis(300));
        for (int attempt = 1; attempt <= 20; attempt++) {
            assertThat(flat.delay(attempt, fixed(0.0))).isEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void attemptZeroIsTreatedAsTheFirst() {
        assertThat(B.delay(0, fixed(0.0))).isEqualTo(B.delay(1, fixed(0.0)));
    }

    @Test
    void predefinedPoliciesAreSane() {
        assertThat(Backoff.SWAP.delay(1, fixed(0.0))).isEqualTo(Duration.ofMillis(50));
        assertThat(Backoff.SWAP.delay(100, fixed(0.999999))).isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(Backoff.LOCK.delay(1, fixed(0.0))).isEqualTo(Duration.ofMillis(25));
        assertThat(Backoff.LOCK.delay(100, fixed(0.999999))).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "base {0} ms, factor {1}, max {2} ms")
    @CsvSource({
        "0, 2.0, 1000",
        "-1, 2.0, 1000",
        "100, 0.5, 1000",
        "100, 0.0, 1000",
        "100, -2.0, 1000",
        "100, 2.0, 99",
    })
    void rejectsBadArguments(long baseMillis, double factor, long maxMillis) {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofMillis(baseMillis), factor, Duration.ofMillis(maxMillis)));
    }

    @Test
    void acceptsMaxEqualToBase() {
        Backoff b = new Backoff(Duration.ofMillis(100), 1.5, Duration.ofMillis(100));
        assertThat(b.delay(5, fixed(0.0))).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void rejectsNanFactor() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofMillis(100), Double.NaN, Duration.ofSeconds(1)));
    }
}
