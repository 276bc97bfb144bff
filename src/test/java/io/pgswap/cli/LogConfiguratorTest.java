package io.pgswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import org.junit.jupiter.api.Test;

/** pgswap's logging set up in code, on a context of its own (not the one the tests log to). */
class LogConfiguratorTest {
    @Test
    void humanLinesOnStderr_pgswapAtInfo_thePoolQuiet() {
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogConfigurator.APPENDER)).isNotNull();
        assertThat(context.getLogger("pgswap").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void aConfigurationFileTheUserNamesIsLeftToLogback() {
        String before = System.getProperty(LogConfigurator.USER_FILE);
        try {
            System.setProperty(LogConfigurator.USER_FILE, "/etc/pgswap/logback.xml");
            LoggerContext context = new LoggerContext();
            assertThat(configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogConfigurator.APPENDER)).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(LogConfigurator.USER_FILE);
            } else {
                System.setProperty(LogConfigurator.USER_FILE, before);
            }
        }
    }

    private static Configurator.ExecutionStatus configure(LoggerContext context) {
        LogConfigurator c = new LogConfigurator();
        c.setContext(context);
        return c.configure(context);
    }
}
