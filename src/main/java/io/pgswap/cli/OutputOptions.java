package io.pgswap.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Output format and verbosity, shared by every command. */
final class OutputOptions {
    enum Format { text, json }

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: one machine-readable document on stdout; "
                    + "human messages always go to stderr")
    Format output = Format.text;

    @Option(names = {"-v", "--verbose"}, description = "more detail, and stack traces on errors")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "only warnings and errors on stderr")
    boolean quiet;

    boolean json() {
        return output == Format.json;
    }

    void apply() {
        Logger pgswap = (Logger) LoggerFactory.getLogger("pgswap");
        pgswap.setLevel(verbose ? Level.DEBUG : quiet ? Level.WARN : Level.INFO);
    }
}
