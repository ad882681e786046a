package io.memoryd.memory.testing;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of the core's own tests: the core is a library and ships the SLF4J API only, so its
 * tests bring this small one instead of a real backend. Lines at INFO and above go to stderr (surefire keeps
 * them with the test's output); {@link LogCapture} listens to one logger's lines. Registered through
 * {@code META-INF/services} in the core's test resources, which the test-jar leaves out: the process modules'
 * tests run on their own backend. Thread-safe.
 */
public final class RecordingLoggers implements SLF4JServiceProvider, ILoggerFactory {

    /** One formatted line: level, logger name and message. */
    public record Line(Level level, String logger, String message) {
    }

    private final ConcurrentMap<String, RecordingLogger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, RecordingLogger::new);
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
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: loggers are made on first use
    }

    /** A logger at level INFO: it prints its lines and hands them to its listeners. */
    static final class RecordingLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;
        private final transient List<Consumer<Line>> listeners = new CopyOnWriteArrayList<>();

        RecordingLogger(String name) {
            this.name = name;
        }

        void listen(Consumer<Line> listener) {
            listeners.add(listener);
        }

        void stopListening(Consumer<Line> listener) {
            listeners.remove(listener);
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            Line line = new Line(level, name, MessageFormatter.basicArrayFormat(pattern, arguments));
            listeners.forEach(l -> l.accept(line));
            if (level.toInt() >= Level.INFO.toInt()) {
                PrintStream err = System.err;
                err.println(level + " " + name + " - " + line.message());
                if (throwable != null) {
                    throwable.printStackTrace(err);
                }
            }
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
