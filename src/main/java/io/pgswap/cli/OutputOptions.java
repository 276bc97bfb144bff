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

    enum LogFormat { text, json }

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default): human lines on stderr; json: one JSON object per line on stderr")
    LogFormat logFormat = LogFormat.text;

    @Option(names = {"-v", "--verbose"}, description = "more detail, and stack traces on errors")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "only warnings and errors on stderr")
    boolean quiet;

    boolean json() {
        return output == Format.json;
    }

    /** A terminal on both ends and human log lines: progress is one live line. */
    /**
     * A progress line redrawn in place, only on a terminal: the launcher tells whether stderr is one
     * ({@code -Dpgswap.stderr.tty}, from {@code [ -t 2 ]}; Java 17 cannot ask), else whether the JVM
     * has a console (stdin and stdout are terminals), so {@code 2> file} gets plain log lines.
     */
    boolean liveProgress() {
        String stderrTty = System.getProperty("pgswap.stderr.tty");
        boolean terminal = stderrTty != null ? Boolean.parseBoolean(stderrTty) : System.console() != null;
        return terminal && logFormat == LogFormat.text && !quiet;
    }

    void apply() {
        Logger pgswap = (Logger) LoggerFactory.getLogger("pgswap");
        pgswap.setLevel(verbose ? Level.DEBUG : quiet ? Level.WARN : Level.INFO);
        // the pool's warnings (a connection it closes after an error pgswap reports itself) carry stack
        // traces: only with --verbose
        ((Logger) LoggerFactory.getLogger("com.zaxxer.hikari")).setLevel(verbose ? Level.WARN : Level.ERROR);
        if (liveProgress()) {
            // every log line first clears the live progress line, which the next tick redraws below it
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            var appender = (ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
                    root.getAppender(LogConfigurator.APPENDER);
            if (appender != null) {
                var encoder = LogConfigurator.encoder(root.getLoggerContext(), "\r\u001b[2K" + LogConfigurator.PATTERN);
                appender.stop();
                appender.setEncoder(encoder);
                appender.start();
            }
        }
        if (logFormat == LogFormat.json) {
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            var appender = (ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
                    root.getAppender(LogConfigurator.APPENDER);
            if (appender != null) {
                var encoder = new ch.qos.logback.classic.encoder.JsonEncoder();
                encoder.setContext(root.getLoggerContext());
                encoder.setWithSequenceNumber(false);
                encoder.setWithContext(false);
                encoder.setWithThreadName(false);
                // the message as the text format prints it, not its template and arguments apart
                encoder.setWithFormattedMessage(true);
                encoder.setWithMessage(false);
                encoder.setWithArguments(false);
                encoder.start();
                appender.stop();
                appender.setEncoder(encoder);
                appender.start();
            }
        }
    }
}
