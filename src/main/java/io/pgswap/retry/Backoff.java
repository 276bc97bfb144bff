package io.pgswap.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt n waits a random time in [cap/2, cap] where
 * cap = min(max, base * factor^(n-1)). Half the delay is fixed so retries never bunch at zero;
 * the other half spreads competing clients apart.
 */
public record Backoff(Duration base, double factor, Duration max) {
    public static final Backoff SWAP = new Backoff(Duration.ofMillis(100), 1.5, Duration.ofSeconds(3));
    public static final Backoff LOCK = new Backoff(Duration.ofMillis(50), 2.0, Duration.ofSeconds(2));

    public Backoff {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || !(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("bad backoff " + base + " x" + factor + " max " + max);
        }
    }

    /** The delay before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt, RandomGenerator random) {
        double cap = Math.min(max.toNanos(), base.toNanos() * Math.pow(factor, Math.max(0, attempt - 1)));
        double half = cap / 2.0;
        return Duration.ofNanos((long) (half + random.nextDouble() * half));
    }
}
