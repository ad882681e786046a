package io.memoryd.process.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoField;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One SLF4J logger of {@link StderrLogProvider}: events at or above its threshold become one line on
 * stderr, {@code HH:mm:ss.SSS LEVEL name - message}, followed by the stack trace of an attached throwable.
 * Thread-safe: a line is printed with one call on a synchronized {@link PrintStream}.
 */
final class StderrLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final Level threshold;
    private final transient PrintStream err;

    StderrLogger(String name, Level threshold, PrintStream err) {
        this.name = name;
        this.threshold = threshold;
        this.err = err;
    }

    /** The lowest level this logger prints. */
    Level threshold() {
        return threshold;
    }

    private boolean enabled(Level level) {
        // org.slf4j.event.Level numbers ERROR 40 ... TRACE 0: higher is more severe
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        LocalTime now = LocalTime.now();
        String line = String.format("%02d:%02d:%02d.%03d %-5s %s - %s", now.getHour(), now.getMinute(),
                now.getSecond(), now.get(ChronoField.MILLI_OF_SECOND), level, shortName(),
                MessageFormatter.basicArrayFormat(pattern, arguments));
        synchronized (err) {
            err.println(line);
            if (throwable != null) {
                throwable.printStackTrace(err);
            }
        }
    }

    /** The last segment of the logger's name (its class's simple name for class loggers). */
    private String shortName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
