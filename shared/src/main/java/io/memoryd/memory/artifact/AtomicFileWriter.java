package io.memoryd.memory.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file atomically: the full content goes to a temp file in the target's directory
 * ({@code <name>.tmp-<pid>-<millis>-<n>}, which never matches the artifact name rule), is optionally
 * fsynced, then renamed over the target, so readers see the old or the new file and never a torn one.
 */
public final class AtomicFileWriter {

    private static final long PID = ProcessHandle.current().pid();

    private final boolean fsync;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param fsync whether to force the temp file to disk before the rename; off only for bulk generation
     *     of benchmark workspaces, where a crash just means generating again
     */
    public AtomicFileWriter(boolean fsync) {
        this.fsync = fsync;
    }

    /** Writes {@code content} as UTF-8 to {@code target}, replacing any existing file. */
    public void write(Path target, String content) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + PID + "-"
                + System.currentTimeMillis() + "-" + counter.incrementAndGet());
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(temp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (fsync) {
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("Failed to write " + target + ": " + e.getMessage(), e);
        }
    }
}
