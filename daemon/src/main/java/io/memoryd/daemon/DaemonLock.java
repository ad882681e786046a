package io.memoryd.daemon;

import io.memoryd.memory.workspace.PrivateFiles;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * One daemon per workspace: an exclusive lock ({@code FileChannel.tryLock}) on
 * {@code <root>/.memoryd/daemon.lock}, taken before the daemon touches anything else and held until the
 * process ends (the kernel drops it however the process ends). The holder writes its pid into the file
 * so that a refused daemon can name it; the lock, not the pid, says who runs. The file is never deleted:
 * a daemon that locked a deleted file would not exclude one that creates a new one.
 */
final class DaemonLock implements AutoCloseable {

    static final String FILE_NAME = "daemon.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the workspace at {@code root} (creating the root and its 0700 private directory
     * when absent) and records this process's pid in it.
     *
     * @throws DaemonStartRefused when another process holds it: "already running for ROOT (pid N)"
     */
    static DaemonLock acquire(Path root) throws IOException, DaemonStartRefused {
        Path dir = new WorkspaceLayout(root).privateDir();
        Files.createDirectories(root);
        try {
            Files.createDirectory(dir, PrivateFiles.directory());
        } catch (FileAlreadyExistsException ignored) {
            // the workspace has been used before
        }
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PrivateFiles.file());
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new DaemonStartRefused("already running for " + root + " (pid " + holder(channel) + ")",
                        DaemonStartRefused.EXIT_ALREADY_RUNNING);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DaemonLock(channel, lock);
        } catch (IOException | DaemonStartRefused | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process
        }
    }

    /** The pid the holder wrote, or "unknown" in the moment between its lock and its write. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return pid.matches("[0-9]{1,19}") ? pid : "unknown";
    }

    /** Releases the lock: called last when the daemon stops, after its renderers and sockets are gone. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
