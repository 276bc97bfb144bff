package io.pgswap.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * pgswap's logging, set up in code (found by logback through {@code META-INF/services}): human lines on
 * stderr, since stdout is kept for JSON documents and plans. Reading the same from an XML file costs
 * logback's configuration parser about a tenth of a second at every start. A file given with
 * {@code -Dlogback.configurationFile} (in JAVA_OPTS) is used instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String APPENDER = "STDERR";
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss} %-5level %msg%n";
    /** logback's system property naming a configuration file; when set, that file configures logging. */
    static final String USER_FILE = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(USER_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the user's own logback configuration file
        }
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, PATTERN));
        stderr.start();
        context.getLogger("pgswap").setLevel(Level.INFO);
        // the pool's warnings (a connection it closes after an error pgswap reports itself) carry stack traces
        context.getLogger("com.zaxxer.hikari").setLevel(Level.ERROR);
        context.getLogger("org.postgresql").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
