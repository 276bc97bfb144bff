package io.pgswap.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.retry.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrottleTest {
    /** Time moves only when the test says so; a sleep notes which thread slept. */
    static class TestClock implements Clock {
        final AtomicLong now = new AtomicLong();
        final Set<Thread> sleepers = ConcurrentHashMap.newKeySet();

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            sleepers.add(Thread.currentThread());
            Thread.sleep(2);
        }
    }

    @Test
    void copyJobsPausedSideBySideCountOnePauseOfWallTime_notTheSumOfTheirs(@TempDir Path dir) throws Exception {
        Path pause = Files.createFile(dir.resolve("pause"));
        TestClock clock = new TestClock();
        Progress progress = new Progress();
        List<String> recorded = new CopyOnWriteArrayList<>();
        Throttle throttle = new Throttle(new Throttle.Settings(null, null, null, pause), progress, clock,
                new StopSignal(), recorded::add);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Runnable job = () -> {
            try {
                throttle.await(null); // a pause file needs no connection
            } catch (Throwable t) {
                failures.add(t);
            }
        };
        Thread a = new Thread(job);
        Thread b = new Thread(job);
        a.start();
        b.start();
        while (clock.sleepers.size() < 2) {
            Thread.sleep(5);
        }
        assertThat(progress.waitingFor()).startsWith("paused: the pause file");
        clock.now.addAndGet(Duration.ofSeconds(10).toNanos());
        Files.delete(pause);
        a.join(10_000);
        b.join(10_000);

        assertThat(failures).isEmpty();
        assertThat(Duration.ofNanos(progress.throttledNanos())).isEqualTo(Duration.ofSeconds(10));
        assertThat(recorded).hasSize(2).endsWith((String) null);
        assertThat(recorded.get(0)).startsWith("the pause file");
        assertThat(progress.waitingFor()).isNull();
    }

    @Test
    void theMetricCountsAPauseWhileItLasts(@TempDir Path dir) throws Exception {
        Path pause = Files.createFile(dir.resolve("pause"));
        TestClock clock = new TestClock() {
            @Override
            public void sleep(Duration d) throws InterruptedException {
                now.addAndGet(d.toNanos());
                super.sleep(d);
            }
        };
        Progress progress = new Progress();
        Throttle throttle = new Throttle(new Throttle.Settings(null, null, null, pause), progress, clock,
                new StopSignal(), reason -> { });
        Thread job = new Thread(() -> {
            try {
                throttle.await(null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        job.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (progress.throttledNanos() < Duration.ofSeconds(3).toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(job.isAlive()).as("still paused").isTrue();
        assertThat(Duration.ofNanos(progress.throttledNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        Files.delete(pause);
        job.join(10_000);
        assertThat(job.isAlive()).isFalse();
    }
}
