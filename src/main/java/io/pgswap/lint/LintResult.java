package io.pgswap.lint;

import io.pgswap.ExitCode;
import java.util.List;

/** Everything one lint run found, for all its files. */
public record LintResult(Target target, boolean singleTransaction, List<FileResult> files) {
    public LintResult {
        files = List.copyOf(files);
    }

    public int statementCount() {
        return files.stream().mapToInt(f -> f.statements().size()).sum();
    }

    public long count(Severity severity) {
        return files.stream().flatMap(f -> f.statements().stream()).flatMap(s -> s.findings().stream())
                .filter(f -> f.severity() == severity).count();
    }

    public long syntaxErrorCount() {
        return files.stream().mapToLong(f -> f.syntaxErrors().size()).sum();
    }

    public long unreadableCount() {
        return files.stream().filter(f -> f.unreadable() != null).count();
    }

    /** 2 when a file could not be read or a statement did not parse, else 1 when a finding is at or above failOn, else 0. */
    public ExitCode exitCode(Severity failOn) {
        if (syntaxErrorCount() > 0 || unreadableCount() > 0) {
            return ExitCode.USAGE;
        }
        boolean failed = files.stream().flatMap(f -> f.statements().stream()).flatMap(s -> s.findings().stream())
                .anyMatch(f -> f.severity().atLeast(failOn));
        return failed ? ExitCode.FAILED : ExitCode.OK;
    }
}
