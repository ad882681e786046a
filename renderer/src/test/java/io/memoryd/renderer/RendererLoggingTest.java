package io.memoryd.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RendererLoggingTest {

    private static final String[] PROPERTIES = {RendererLogging.ID_PROPERTY, RendererLogging.PID_PROPERTY,
            "logback.configurationFile", RendererLogging.LEVEL_VARIABLE};
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void clearProperties() {
        for (String p : PROPERTIES) {
            saved.put(p, System.clearProperty(p));
        }
    }

    @AfterEach
    void restoreProperties() {
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertTrue(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .anyMatch(p -> p.type() == RendererLogging.class));
    }

    @Test
    void aRendererLogsToStderrWithItsIdAndPid() {
        System.setProperty(RendererLogging.ID_PROPERTY, "r7");
        System.setProperty(RendererLogging.PID_PROPERTY, "4242");
        LoggerContext context = new LoggerContext();

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new RendererLogging().configure(context));

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertEquals("System.err", stderr.getTarget());
        assertTrue(((PatternLayoutEncoder) stderr.getEncoder()).getPattern().contains("[renderer r7 pid 4242]"));
        assertEquals(Level.INFO, root.getLevel());
        assertEquals(Level.ERROR, context.getLogger("io.netty.bootstrap").getLevel());
        assertEquals(Level.INFO, context.getLogger("io.memoryd").getLevel());
    }

    @Test
    void memorydsLevelComesFromTheLogLevelVariable() {
        System.setProperty(RendererLogging.ID_PROPERTY, "r1");
        System.setProperty(RendererLogging.LEVEL_VARIABLE, "DEBUG");
        LoggerContext context = new LoggerContext();

        new RendererLogging().configure(context);

        assertEquals(Level.DEBUG, context.getLogger("io.memoryd").getLevel());
        assertFalse(context.getLogger("io.netty").isDebugEnabled());
    }

    @Test
    void aProcessThatIsNoRendererIsLeftToLogbacksOwnSearch() {
        LoggerContext context = new LoggerContext();

        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new RendererLogging().configure(context));

        assertNull(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
    }

    @Test
    void aRendererGivenAConfigurationFileUsesThatFile() {
        System.setProperty(RendererLogging.ID_PROPERTY, "r1");
        System.setProperty("logback.configurationFile", "custom.xml");
        LoggerContext context = new LoggerContext();

        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new RendererLogging().configure(context));

        assertNull(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
    }
}
