package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgswap.core.SwapOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --checksum / --no-checksum and --revert-window as the swap option group parses them into SwapOptions. */
class SwapOptionsParsingTest {
    private static SwapOptions parse(String... args) {
        SwapTuningOptions o = new SwapTuningOptions();
        new CommandLine(o).parseArgs(args);
        return Settings.swapOptions(o);
    }

    @Test
    void theChecksumIsTheRecipesDefaultUnlessTurnedOnOrOff() {
        assertThat(parse().checksum()).isNull();
        assertThat(parse().checksumOn(true)).isTrue();
        assertThat(parse().checksumOn(false)).isFalse();
        assertThat(parse("--checksum").checksumOn(false)).isTrue();
        assertThat(parse("--no-checksum").checksumOn(true)).isFalse();
    }

    @Test
    void aRevertWindowIsADurationAndZeroMeansNone() {
        assertThat(parse().revertWindow()).isNull();
        assertThat(parse().hasRevertWindow()).isFalse();
        assertThat(parse("--revert-window", "1d").revertWindow()).isEqualTo(Duration.ofDays(1));
        assertThat(parse("--revert-window", "1d").hasRevertWindow()).isTrue();
        assertThat(parse("--revert-window", "0").revertWindow()).isEqualTo(Duration.ZERO);
        assertThat(parse("--revert-window", "0").hasRevertWindow()).isFalse();
        SwapOptions both = parse("--revert-window", "90m", "--drop-old", "--checksum");
        assertThat(both.dropOld()).isTrue();
        assertThat(both.revertWindow()).isEqualTo(Duration.ofMinutes(90));
    }
}
