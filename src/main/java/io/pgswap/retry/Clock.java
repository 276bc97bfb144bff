package io.pgswap.retry;

import java.time.Duration;

/** Time as pgswap's retry and throttle logic sees it; tests pass a fake one and never sleep. */
public interface Clock {
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            if (!d.isNegative() && !d.isZero()) {
                Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
            }
        }
    };

    long nanoTime();

    void sleep(Duration d) throws InterruptedException;

    default Duration since(long startNanos) {
        return Duration.ofNanos(nanoTime() - startNanos);
    }
}
