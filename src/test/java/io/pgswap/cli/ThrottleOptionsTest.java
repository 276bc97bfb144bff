package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ThrottleOptionsTest {
    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin
        ThrottleOptions throttle;
    }

    private static ThrottleOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.throttle;
    }

    @Test
    void emptyOrZeroMeansNone_soThatResumeCanTurnARecordedThrottleOff() {
        assertThat(parse("--throttle-query", "", "--pause-file", "", "--max-replica-lag", "0", "--max-slot-lag", "0")
                .settings().any()).isFalse();
        // an empty path is the working directory, which always exists: it must not pause the run for good
        assertThat(parse("--pause-file", "").settings().pauseFile()).isNull();
        var given = parse("--throttle-query", "SELECT false", "--max-replica-lag", "10s", "--max-slot-lag", "1MB")
                .settings();
        assertThat(given.query()).isEqualTo("SELECT false");
        assertThat(given.maxReplicaLag()).hasSeconds(10);
        assertThat(given.maxSlotLag()).isEqualTo(1024L * 1024);
    }
}
