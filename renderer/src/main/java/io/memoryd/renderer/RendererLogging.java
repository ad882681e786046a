package io.memoryd.renderer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * A renderer process's logging, set up in code: every line to stderr (stdout carries the READY handshake)
 * with the renderer's id and pid. Logback finds it through {@code META-INF/services}; it configures only a
 * renderer process (one whose {@value #ID_PROPERTY} property is set, as {@link RendererMain} does before its
 * first logger) that names no configuration file, and leaves every other process to logback's usual
 * search. Set up in code rather than from XML because reading an XML configuration costs a renderer about
 * 0.2 s of its start.
 */
public final class RendererLogging extends ContextAwareBase implements Configurator {

    /** The system property holding the renderer's id, set before logging starts. */
    public static final String ID_PROPERTY = "memoryd.renderer.id";
    /** The system property holding the renderer's pid, set before logging starts. */
    public static final String PID_PROPERTY = "memoryd.pid";
    /** memoryd's own level (a system property, else the environment variable): DEBUG shows the timing lines. */
    static final String LEVEL_VARIABLE = "MEMORYD_LOG_LEVEL";

    /** Logback creates it through the service loader. */
    public RendererLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String id = System.getProperty(ID_PROPERTY);
        if (id == null || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [renderer " + id + " pid "
                + System.getProperty(PID_PROPERTY, "?") + "] %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        context.getLogger("io.netty").setLevel(Level.INFO);
        context.getLogger("io.grpc").setLevel(Level.INFO);
        // gRPC sets SO_KEEPALIVE, which domain sockets reject: one harmless WARN per connection otherwise
        context.getLogger("io.netty.bootstrap").setLevel(Level.ERROR);
        String level = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        context.getLogger("io.memoryd").setLevel(Level.toLevel(level, Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
