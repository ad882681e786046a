package io.memoryd.memory.lock;

import io.memoryd.memory.workspace.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Mutual exclusion per index scope (an agent, or {@code *} for the global scope) across threads and
 * across processes: a {@link ReentrantLock} inside the JVM plus an exclusive {@link FileLock} on
 * {@code <lockDir>/<scope>.lock} held by the outermost holder. Reindexes, manifest writes and manifest
 * ref sync of one agent run under its lock, so two processes never interleave them.
 */
public final class ScopeLocks {

    private final Path lockDir;
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ScopeLocks(Path lockDir) {
        this.lockDir = lockDir;
    }

    /** Runs {@code work} holding the scope's lock; waits for holders in this or other processes. */
    public <T> T withLock(String scope, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(scope, s -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return work.get();
            }
            Path file = lockDir.resolve(fileName(scope));
            try {
                PrivateFiles.createDirectories(lockDir);
                try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE), PrivateFiles.file());
                        FileLock ignored = channel.lock()) {
                    return work.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to lock " + file + " for scope " + scope, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} holding the scope's lock. */
    public void withLock(String scope, Runnable work) {
        withLock(scope, () -> {
            work.run();
            return null;
        });
    }

    static String fileName(String scope) {
        return "*".equals(scope) ? "all-agents.lock" : "agent-" + scope + ".lock";
    }
}
