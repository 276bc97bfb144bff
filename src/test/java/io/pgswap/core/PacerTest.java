package io.pgswap.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgswap.ExitCode;
import io.pgswap.PgSwapException;
import io.pgswap.retry.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PacerTest {
    /** A clock that only moves when slept on; records every sleep. */
    static final class FakeClock implements Clock {
        long now = 1_000_000_000L;
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            sleeps.add(d);
            now += d.toNanos();
        }

        void advance(Duration d) {
            now += d.toNanos();
        }
    }

    private static final ServerLoad IDLE = new ServerLoad(0, 2, 2);
    private static final ServerLoad BUSY = new ServerLoad(8, 2, 2);

    static Tuning tuning(Pacing p) {
        Tuning d = Tuning.defaults();
        return new Tuning(d.lockTimeout(), d.lockBudget(), d.swapBudget(), d.maxAttempts(), d.batchTime(), 0,
                d.replayBatch(), Pacing.AUTO, d.waitTimeout(), p);
    }

    @Test
    void autoOnAnIdleServerNeverRests() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(Pacing.DEFAULT), clock, c -> IDLE, null);
        assertThat(p.pace().dutyCycle()).isEqualTo(100);
        assertThat(p.rest(100_000, Duration.ofMillis(200))).isZero();
        assertThat(p.mostCopyJobs()).isEqualTo(2);
    }

    @Test
    void autoOnABusyServerRestsAsLongAsItWorked() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(Pacing.DEFAULT), clock, c -> BUSY, null);
        assertThat(p.pace().dutyCycle()).isEqualTo(ServerLoad.BUSY_DUTY_CYCLE);
        assertThat(p.pace().copyJobs()).isEqualTo(1);
        // 50 %: as long a rest as the batch took
        assertThat(p.rest(1000, Duration.ofMillis(40))).isEqualTo(Duration.ofMillis(40));
        // the most jobs stays what the idle server would allow, so the copy can speed up when the load goes
        assertThat(p.mostCopyJobs()).isEqualTo(2);
    }

    @Test
    void anExplicitDutyCycleRestsTheRestOfTheCycle() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(new Pacing(1, 25, 0)), clock, c -> IDLE, null);
        assertThat(p.rest(1000, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(300));
        Pacer full = Pacer.start(tuning(new Pacing(1, 100, 0)), clock, c -> BUSY, null);
        assertThat(full.rest(1000, Duration.ofMillis(100))).isZero();
    }

    @Test
    void theRateBoundRestsUntilTheRowsMovedSoFarFit() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(new Pacing(1, 100, 10_000)), clock, c -> IDLE, null);
        clock.advance(Duration.ofMillis(100));
        // 5,000 rows in 100 ms: at 10,000 rows/s they are due 500 ms after the batch started
        assertThat(p.rest(5000, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(400));
        clock.advance(Duration.ofMillis(400));
        clock.advance(Duration.ofMillis(100));
        // 1,000 more rows after another 100 ms: due at 600 ms, now is 600 ms
        assertThat(p.rest(1000, Duration.ofMillis(100))).isZero();
    }

    @Test
    void aPauseSavesNoCreditForABurst_theRateIsTheBoundAtOnceAfterIt() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(new Pacing(1, 100, 5_000)), clock, c -> IDLE, null);
        clock.advance(Duration.ofMillis(100));
        assertThat(p.rest(500, Duration.ofMillis(100))).isZero(); // 500 rows in 100 ms: on the bound
        clock.advance(Duration.ofSeconds(12)); // a throttle paused the copy
        clock.advance(Duration.ofMillis(100));
        // 5,000 rows in 100 ms right after the pause: at 5,000 rows/s they take a second, pause or not
        assertThat(p.rest(5000, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void batchesOfJobsThatRanSideBySideAreDueOneAfterTheOther() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(new Pacing(2, 100, 10_000)), clock, c -> IDLE, null);
        clock.advance(Duration.ofMillis(500));
        // two jobs each moved 5,000 rows in the same 500 ms: 10,000 rows are due a second after they began
        assertThat(p.rest(5000, Duration.ofMillis(500))).isZero();
        assertThat(p.rest(5000, Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theLongerOfDutyCycleAndRateWins() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(new Pacing(1, 50, 1_000_000)), clock, c -> IDLE, null);
        clock.advance(Duration.ofMillis(100));
        assertThat(p.rest(1000, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theLoadIsReadAgainAtMostOnceASecondAndThePaceFollowsIt() throws Exception {
        FakeClock clock = new FakeClock();
        AtomicInteger reads = new AtomicInteger();
        ServerLoad[] now = {IDLE};
        Pacer p = Pacer.start(tuning(Pacing.DEFAULT), clock, c -> {
            reads.incrementAndGet();
            return now[0];
        }, null);
        now[0] = BUSY;
        clock.advance(Duration.ofMillis(500));
        p.refresh(null);
        assertThat(reads).hasValue(1);
        assertThat(p.pace().dutyCycle()).isEqualTo(100);
        clock.advance(Duration.ofMillis(600));
        p.refresh(null);
        assertThat(reads).hasValue(2);
        assertThat(p.pace().dutyCycle()).isEqualTo(ServerLoad.BUSY_DUTY_CYCLE);
        assertThat(p.pace().copyJobs()).isEqualTo(1);
        now[0] = IDLE;
        clock.advance(Duration.ofSeconds(1));
        p.refresh(null);
        assertThat(p.pace().dutyCycle()).isEqualTo(100);
        assertThat(p.pace().copyJobs()).isEqualTo(2);
    }

    @Test
    void explicitSettingsAreNotReadAgain() throws Exception {
        FakeClock clock = new FakeClock();
        AtomicInteger reads = new AtomicInteger();
        Pacer p = Pacer.start(tuning(new Pacing(3, 40, 0)), clock, c -> {
            reads.incrementAndGet();
            return BUSY;
        }, null);
        clock.advance(Duration.ofSeconds(5));
        p.refresh(null);
        assertThat(reads).hasValue(1);
        assertThat(p.pace().copyJobs()).isEqualTo(3);
        assertThat(p.mostCopyJobs()).isEqualTo(3);
        assertThat(p.pace().workers()).isFalse();
    }

    @Test
    void aLongRestIsSleptInSlicesAndEndsAtAStop() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer p = Pacer.start(tuning(new Pacing(1, 10, 0)), clock, c -> IDLE, null);
        StopSignal stop = new StopSignal();
        p.after(10, Duration.ofMillis(300), stop); // rests 2.7 s
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(700));
        clock.sleeps.clear();
        stop.request("test");
        assertThatThrownBy(() -> p.after(10, Duration.ofMillis(300), stop)).isInstanceOf(PgSwapException.class)
                .satisfies(e -> assertThat(((PgSwapException) e).exitCode()).isEqualTo(ExitCode.STOPPED));
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1));
    }
}
