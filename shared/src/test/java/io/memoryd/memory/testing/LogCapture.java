package io.memoryd.memory.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Collects the lines of one logger while open. Works on the core's test backend ({@link RecordingLoggers});
 * thread-safe, so lines logged by other threads are collected too.
 */
public final class LogCapture implements AutoCloseable {

    private final RecordingLoggers.RecordingLogger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Consumer<RecordingLoggers.Line> listener = line -> messages.add(line.level() + " " + line.message());

    private LogCapture(Class<?> loggerClass) {
        if (!(LoggerFactory.getLogger(loggerClass) instanceof RecordingLoggers.RecordingLogger recording)) {
            throw new IllegalStateException("LogCapture needs the RecordingLoggers SLF4J backend, not "
                    + LoggerFactory.getILoggerFactory().getClass().getName());
        }
        this.logger = recording;
        logger.listen(listener);
    }

    /** Starts capturing the logger named after {@code loggerClass}. */
    public static LogCapture of(Class<?> loggerClass) {
        return new LogCapture(loggerClass);
    }

    /** The formatted messages captured so far, with their level, e.g. {@code WARN Skipping artifact …}. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Whether some captured message contains {@code text}. */
    public boolean anyContains(String text) {
        return messages.stream().anyMatch(m -> m.contains(text));
    }

    @Override
    public void close() {
        logger.stopListening(listener);
    }
}
