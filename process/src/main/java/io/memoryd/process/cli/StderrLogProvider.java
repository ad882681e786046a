package io.memoryd.process.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of short-lived command-line clients ({@code scripts/memoryctl}): every event at INFO
 * or above as one line on stderr, memoryd's own loggers at {@code MEMORYD_LOG_LEVEL} (default INFO) and
 * {@code io.netty.bootstrap} at ERROR only (gRPC sets SO_KEEPALIVE, which a Unix socket rejects with a
 * warning on every connection) — the rules of {@code scripts/lib/logback-stderr.xml}, without Logback,
 * whose XML configuration is a large part of a client JVM's start-up.
 *
 * <p>It is chosen with {@code -Dslf4j.provider=io.memoryd.process.cli.StderrLogProvider} and deliberately
 * not registered as a service, so every other program on the same class path keeps Logback. Thread-safe:
 * loggers are created once per name in a concurrent map.
 */
public final class StderrLogProvider implements SLF4JServiceProvider, ILoggerFactory {

    /** The SLF4J API generation this binding implements. */
    private static final String API_VERSION = "2.0.99";

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final PrintStream err;
    private final Level memorydLevel;

    /** The binding SLF4J instantiates: stderr, and memoryd's level from {@code MEMORYD_LOG_LEVEL}. */
    public StderrLogProvider() {
        this(System.err, System.getenv("MEMORYD_LOG_LEVEL"));
    }

    /**
     * @param memorydLevel the level of the {@code io.memoryd} loggers by name (TRACE..ERROR, any case);
     *                     INFO when null or not a level
     */
    StderrLogProvider(PrintStream err, String memorydLevel) {
        this.err = err;
        this.memorydLevel = parse(memorydLevel);
    }

    private static Level parse(String level) {
        if (level != null) {
            for (Level l : Level.values()) {
                if (l.name().equalsIgnoreCase(level.trim())) {
                    return l;
                }
            }
        }
        return Level.INFO;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new StderrLogger(n, thresholdOf(n), err));
    }

    /** The level a logger of this name prints from. */
    Level thresholdOf(String name) {
        if (within(name, "io.memoryd")) {
            return memorydLevel;
        }
        if (within(name, "io.netty.bootstrap")) {
            return Level.ERROR;
        }
        return Level.INFO;
    }

    private static boolean within(String name, String prefix) {
        return name.startsWith(prefix) && (name.length() == prefix.length() || name.charAt(prefix.length()) == '.');
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }

    @Override
    public void initialize() {
        // everything is set up by the constructor
    }
}
