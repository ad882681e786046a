package io.memoryd.memory.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A storage fault found among the causes of a failed render or write: which fault, the file it concerns
 * when the exception names it ({@code null} otherwise), and the failure's own message, which names the
 * file. The renderer and the daemon turn it into a typed status instead of a generic internal error.
 *
 * @param fault what the storage refused
 * @param file the database or the file being written, when known
 * @param message the message of the exception that reported it (names the file and the system's cause)
 */
public record StorageFailure(StorageFault fault, Path file, String message) {

    private static final int MAX_DEPTH = 16;

    /** The fault, then the message: {@code disk full: Failed to write /w/memory/x.md: No space left on device}. */
    public String description() {
        return fault.words() + ": " + message;
    }

    /**
     * The storage fault behind {@code failure}, looked for along its causes: a {@link DatabaseException}
     * that SQLite classified, or an I/O error whose system text says the disk is full or read-only.
     */
    public static Optional<StorageFailure> in(Throwable failure) {
        String ioMessage = null;
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof DatabaseException d && d.fault().isPresent()) {
                return Optional.of(new StorageFailure(d.fault().get(), d.database(), d.getMessage()));
            }
            // The outermost I/O exception is the one that says which file was being written.
            if (ioMessage == null && (t instanceof UncheckedIOException || t instanceof IOException)) {
                ioMessage = t.getMessage();
            }
            if (t instanceof IOException io) {
                Optional<StorageFault> fault = StorageFault.ofIo(io);
                if (fault.isPresent()) {
                    Path file = io instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile())
                            : null;
                    return Optional.of(new StorageFailure(fault.get(), file, ioMessage));
                }
            }
        }
        return Optional.empty();
    }
}
