package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** What a run records for 'pgswap resume', and how resume's own options replace it. */
class RecordedOptionsTest {
    /** The options that bound one invocation only: not recorded, so resume never inherits them. */
    private static final Set<String> NOT_RECORDED = Set.of("--dry-run", "--max-runtime", "--window", "--no-swap",
            "--metrics-file", "--metrics-port", "--progress-interval", "--url", "--host", "--port", "--dbname",
            "--username", "--output", "--log-format", "--quiet", "--verbose", "--help", "--version");

    /** The subcommand's parse result, as the command sees it through its spec. */
    private static ParseResult parse(String... args) {
        CommandLine cl = Main.commandLine(args);
        return cl.parseArgs(args).subcommand();
    }

    @Test
    void everySharedOptionIsRecordedOrSaidToBoundOneRunOnly() {
        Set<String> unclassified = new TreeSet<>();
        for (Object group : List.of(new RunOptions(), new SwapTuningOptions(), new BatchOptions(),
                new ConcurrentOptions(), new ThrottleOptions(), new ConnectionOptions(), new OutputOptions())) {
            for (OptionSpec o : new CommandLine(group).getCommandSpec().options()) {
                if (!RecordedOptions.RECORDED.contains(o.longestName()) && !NOT_RECORDED.contains(o.longestName())) {
                    unclassified.add(group.getClass().getSimpleName() + " " + o.longestName());
                }
            }
        }
        assertThat(unclassified).as("decide whether resume goes on with these (RecordedOptions.RECORDED) or not")
                .isEmpty();
    }

    @Test
    void aRunRecordsHowItPacesThrottlesAndSwaps_notTheConnectionNorItsTimeLimits() {
        List<String> tokens = RecordedOptions.of(parse("add-not-null", "orders.status", "--fill", "x",
                "--url", "postgresql://app:s3cret@db/shop", "--max-rate", "20000", "--checksum", "--revert-window",
                "1h", "--lock-timeout=1s", "--throttle-query", "SELECT count(*) > 40 FROM pg_stat_activity",
                "--max-runtime", "5m", "--window", "01:00-05:00", "--no-swap", "--drop-old"));
        assertThat(tokens).containsExactlyInAnyOrder("--max-rate=20000", "--checksum", "--revert-window=1h",
                "--lock-timeout=1s", "--throttle-query=SELECT count(*) > 40 FROM pg_stat_activity", "--drop-old");
        assertThat(String.join(" ", tokens)).doesNotContain("s3cret", "5m", "01:00");
    }

    @Test
    void aTurnedOffChecksumIsRecordedAsOff_andAPauseFileWithItsAbsolutePath() {
        List<String> tokens = RecordedOptions.of(parse("repack", "orders", "--no-checksum", "--pause-file",
                "brake"));
        assertThat(tokens).containsExactlyInAnyOrder("--no-checksum",
                "--pause-file=" + Path.of("brake").toAbsolutePath().normalize());
    }

    @Test
    void theRecordedTokensParseBackToTheSameValues() {
        List<String> tokens = RecordedOptions.of(parse("repack", "orders", "--copy-jobs", "1", "--duty-cycle", "25",
                "--max-slot-lag", "1GB", "--no-checksum", "--batch-time", "100ms"));
        List<String> again = RecordedOptions.of(parse(concat(List.of("repack", "orders"), tokens)));
        assertThat(tokens).hasSize(5);
        assertThat(again).isEqualTo(tokens);
    }

    @Test
    void resumeTakesTheRecordedOptions_thoseGivenToItReplaceThem() {
        List<String> recorded = List.of("--max-rate=20000", "--checksum", "--revert-window=1h", "--drop-old");
        ParseResult resume = parse("resume", "orders", "--max-rate", "50000", "--no-checksum", "--window",
                "01:00-05:00");
        List<String> args = RecordedOptions.resumed(recorded, resume, false);
        assertThat(args).containsExactly("--revert-window=1h", "--drop-old", "orders", "--max-rate", "50000",
                "--no-checksum", "--window", "01:00-05:00");
        List<String> kept = RecordedOptions.of(parse(concat(List.of("resume"), args)));
        assertThat(kept).containsExactlyInAnyOrder("--revert-window=1h", "--drop-old", "--max-rate=50000",
                "--no-checksum");
    }

    @Test
    void onceSwapped_theRecordedRevertWindowIsLeftOut_soResumingDoesNotMoveTheWindowsEnd() {
        List<String> recorded = List.of("--revert-window=1h", "--max-rate=20000");
        assertThat(RecordedOptions.resumed(recorded, parse("resume"), true)).containsExactly("--max-rate=20000");
        assertThat(RecordedOptions.resumed(recorded, parse("resume", "--revert-window", "0"), true))
                .containsExactly("--max-rate=20000", "--revert-window", "0");
    }

    @Test
    void aTokenIsNamedAfterItsOption() {
        assertThat(RecordedOptions.nameOf("--max-rate=20000")).isEqualTo("--max-rate");
        assertThat(RecordedOptions.nameOf("--no-checksum")).isEqualTo("--checksum");
        assertThat(RecordedOptions.nameOf("--drop-old")).isEqualTo("--drop-old");
        assertThat(RecordedOptions.nameOf("--no-swap")).isEqualTo("--no-swap");
    }

    private static String[] concat(List<String> head, List<String> tail) {
        return java.util.stream.Stream.concat(head.stream(), tail.stream()).toArray(String[]::new);
    }
}
