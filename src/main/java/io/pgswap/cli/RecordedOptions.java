package io.pgswap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options a run records in its migration's state row, as command-line tokens, so that
 * {@code pgswap resume} goes on the way the run was started: how it locks, paces, throttles and
 * swaps ({@code --checksum}, {@code --revert-window} and {@code --drop-old} among them), and the
 * session settings that convert its values (the engine records those its sessions had). What bounds
 * one invocation only ({@code --max-runtime}, {@code --window}, {@code --no-swap}, metrics,
 * progress, output, the connection) is not recorded. An option given to resume replaces the
 * recorded one of the same name.
 */
final class RecordedOptions {
    /** The options a run records. */
    static final Set<String> RECORDED = Set.of("--lock-timeout", "--lock-retry", "--swap-timeout", "--max-attempts",
            "--replay-batch", "--copy-jobs", "--index-jobs", "--drop-old", "--rebuild-matviews", "--checksum",
            "--revert-window", "--batch-time", "--batch-size", "--duty-cycle", "--max-rate", "--wait-timeout",
            "--max-replica-lag", "--max-slot-lag", "--throttle-query", "--pause-file",
            io.pgswap.core.SessionValues.OPTION);

    private RecordedOptions() {
    }

    /** The recorded options the command line gave, as tokens that parse back to the same values. */
    static List<String> of(ParseResult parsed) {
        List<String> tokens = new ArrayList<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName();
            if (!RECORDED.contains(name)) {
                continue;
            }
            if (o.arity().max() == 0) {
                if (Boolean.TRUE.equals(o.getValue())) {
                    tokens.add(name);
                } else if (o.negatable()) {
                    tokens.add("--no-" + name.substring(2));
                }
            } else if (o.getValue() instanceof Path p) {
                tokens.add(name + "=" + p.toAbsolutePath().normalize()); // resume may run in another directory
            } else if (o.isMultiValue()) { // --session-setting: each one
                o.originalStringValues().forEach(v -> tokens.add(name + "=" + v));
            } else {
                List<String> typed = o.originalStringValues();
                tokens.add(name + "=" + typed.get(typed.size() - 1));
            }
        }
        return tokens;
    }

    /**
     * Resume's arguments: the recorded tokens of the options it was not given, then its own.
     * {@code swapped}: the migration has swapped already, so its revert window is set and a recorded
     * {@code --revert-window} (which would move the window's end) is left out.
     */
    static List<String> resumed(List<String> recorded, ParseResult resume, boolean swapped) {
        Set<String> given = resume.matchedOptions().stream().map(OptionSpec::longestName).collect(Collectors.toSet());
        List<String> args = new ArrayList<>();
        for (String token : recorded) {
            String name = nameOf(token);
            if (RECORDED.contains(name) && !given.contains(name) && !(swapped && name.equals("--revert-window"))) {
                args.add(token);
            }
        }
        List<String> line = resume.originalArgs(); // the whole command line: the subcommand's name, then its own
        args.addAll(line.subList(line.indexOf(resume.commandSpec().name()) + 1, line.size()));
        return args;
    }

    /** {@code --max-rate=20000}: {@code --max-rate}; {@code --no-checksum}: {@code --checksum}. */
    static String nameOf(String token) {
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq);
        if (name.startsWith("--no-") && RECORDED.contains("--" + name.substring(5))) {
            return "--" + name.substring(5);
        }
        return name;
    }
}
