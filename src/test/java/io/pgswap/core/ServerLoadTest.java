package io.pgswap.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerLoadTest {
    @Test
    void anIdleServerGetsItsCoresBoundedByTheMaintenanceBudget() {
        assertThat(new ServerLoad(0, 2, 2).idleJobs()).isEqualTo(2);
        assertThat(new ServerLoad(0, 2, 16).idleJobs()).isEqualTo(3);
        assertThat(new ServerLoad(0, 7, 0).idleJobs()).as("a remote server: the maintenance budget").isEqualTo(8);
        assertThat(new ServerLoad(0, 0, 8).idleJobs()).as("no parallel maintenance allowed").isEqualTo(1);
        assertThat(new ServerLoad(0, 1000, 64).idleJobs()).isEqualTo(Pacing.MAX_JOBS);
    }

    @Test
    void oneOtherSessionIsNotLoad_twoAre() {
        assertThat(new ServerLoad(1, 2, 2).busy()).isFalse();
        assertThat(new ServerLoad(ServerLoad.BUSY_SESSIONS, 2, 2).busy()).isTrue();
    }

    @Test
    void autoIsFullSpeedWhenIdleAndOneGentleJobWhenBusy() {
        Tuning t = PacerTest.tuning(Pacing.DEFAULT);
        ServerLoad.Pace idle = new ServerLoad(0, 2, 4).decide(t);
        assertThat(idle.copyJobs()).isEqualTo(3);
        assertThat(idle.indexJobs()).as("twice the copy jobs").isEqualTo(6);
        assertThat(idle.workers()).isTrue();
        assertThat(idle.dutyCycle()).isEqualTo(100);
        assertThat(idle.batchTime()).isEqualTo(t.batchTime());
        ServerLoad.Pace busy = new ServerLoad(9, 2, 4).decide(t);
        assertThat(busy.copyJobs()).isEqualTo(1);
        assertThat(busy.indexJobs()).isEqualTo(1);
        assertThat(busy.workers()).isFalse();
        assertThat(busy.dutyCycle()).isEqualTo(ServerLoad.BUSY_DUTY_CYCLE);
        assertThat(busy.batchTime()).isEqualTo(ServerLoad.BUSY_BATCH_TIME);
        assertThat(busy.why()).contains("9 other active sessions");
    }

    @Test
    void buildsSideBySideShareTheCoresOutInsteadOfEachTakingTheServersWorkers() {
        Tuning t = PacerTest.tuning(Pacing.DEFAULT);
        ServerLoad.Pace twoCores = new ServerLoad(0, 2, 2).decide(t);
        assertThat(twoCores.buildWorkers(1)).as("one build on two cores: one worker beside the leader").isEqualTo(1);
        assertThat(twoCores.buildWorkers(2)).as("two builds fill two cores").isEqualTo(0);
        assertThat(twoCores.buildWorkers(3)).isEqualTo(0);
        ServerLoad.Pace remote = new ServerLoad(0, 2, 0).decide(t);
        assertThat(remote.buildWorkers(1)).as("the budget of max_parallel_maintenance_workers + 1").isEqualTo(2);
        assertThat(remote.buildWorkers(2)).isEqualTo(0);
        ServerLoad.Pace wide = new ServerLoad(0, 7, 16).decide(t);
        assertThat(wide.buildWorkers(2)).as("8 processes for 2 builds").isEqualTo(3);
        assertThat(wide.buildWorkers(1)).as("never more than the server allows one build").isEqualTo(7);
        assertThat(new ServerLoad(9, 2, 2).decide(t).buildWorkers(1)).as("busy: none").isEqualTo(0);
    }

    @Test
    void theLongestOfTheBuildsSideBySideGetsOneWorkerMoreForTheTailItRunsAlone() {
        Tuning t = PacerTest.tuning(Pacing.DEFAULT);
        ServerLoad.Pace twoCores = new ServerLoad(0, 2, 2).decide(t);
        assertThat(twoCores.longestBuildWorkers(3)).as("the others none, the longest one").isEqualTo(1);
        assertThat(twoCores.longestBuildWorkers(1)).as("a build alone has its share already").isEqualTo(1);
        assertThat(new ServerLoad(0, 7, 16).decide(t).longestBuildWorkers(2)).isEqualTo(4);
        assertThat(new ServerLoad(0, 7, 16).decide(t).longestBuildWorkers(1)).as("within the server's bound")
                .isEqualTo(7);
        assertThat(new ServerLoad(0, 0, 2).decide(t).longestBuildWorkers(3)).as("max_parallel_maintenance_workers 0")
                .isEqualTo(0);
        assertThat(new ServerLoad(9, 2, 2).decide(t).longestBuildWorkers(3)).as("busy: none").isEqualTo(0);
    }

    @Test
    void explicitSettingsWinOverTheLoad() {
        Tuning d = Tuning.defaults();
        Tuning t = new Tuning(d.lockTimeout(), d.lockBudget(), d.swapBudget(), d.maxAttempts(), Duration.ofSeconds(1), 0,
                d.replayBatch(), 2, d.waitTimeout(), new Pacing(4, 100, 0));
        ServerLoad.Pace busy = new ServerLoad(50, 2, 2).decide(t);
        assertThat(busy.copyJobs()).isEqualTo(4);
        assertThat(busy.indexJobs()).isEqualTo(2);
        assertThat(busy.dutyCycle()).isEqualTo(100);
        assertThat(busy.workers()).isTrue();
        assertThat(busy.batchTime()).as("the user's batch time").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void onlyLoopbackHostsShareThisMachinesCores() {
        assertThat(ServerLoad.local("localhost")).isTrue();
        assertThat(ServerLoad.local("127.0.0.1")).isTrue();
        assertThat(ServerLoad.local("::1")).isTrue();
        assertThat(ServerLoad.local("db.example.com")).isFalse();
        assertThat(ServerLoad.local("10.0.0.5")).isFalse();
        assertThat(ServerLoad.local(null)).isFalse();
    }
}
