package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "250ms, PT0.25S",
        "5s, PT5S",
        "10m, PT10M",
        "30min, PT30M",
        "1h30min, PT1H30M",
        "2h, PT2H",
        "7d, PT168H",
        "1h30m, PT1H30M",
        "1m500ms, PT1M0.5S",
        "1d2h3m4s5ms, PT26H3M4.005S",
        "0s, PT0S",
        "5S, PT5S",
        "' 5s ', PT5S",
    })
    void parses(String text, Duration expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(expected);
    }

    @Test
    void converterDelegatesToParse() {
        assertThat(new DurationConverter().convert("90s")).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest(name = "rejects [{0}]")
    @ValueSource(strings = {"abc", "10", "5 s", "-1s", "1.5s", "s", "5sec", "5s5", "1h 30m", "ms", "5y"})
    void rejectsWithAHintAboutUnits(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("250ms")
                .hasMessageContaining("5s");
    }

    @ParameterizedTest(name = "rejects empty [{0}]")
    @ValueSource(strings = {"", "   "})
    void rejectsEmpty(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("empty duration");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> DurationConverter.parse(null))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
