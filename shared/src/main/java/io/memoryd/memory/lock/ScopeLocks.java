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
 *
 * <p>Thread-safe. A scope's in-process lock exists only while some thread holds it or waits for it: the
 * last one to leave removes it, so any number of agent ids passing through leaves nothing behind.
 */
public final class ScopeLocks {

    /** A scope's lock and how many threads hold it or wait for it; changed only inside the map's compute. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Path lockDir;
    private final ConcurrentMap<String, Entry> locks = new ConcurrentHashMap<>();

    public ScopeLocks(Path lockDir) {
        this.lockDir = lockDir;
    }

    /** Runs {@code work} holding the scope's lock; waits for holders in this or other processes. */
    public <T> T withLock(String scope, Supplier<T> work) {
        Entry entry = locks.compute(scope, (s, e) -> {
            Entry in = e == null ? new Entry() : e;
            in.users++;
            return in;
        });
        try {
            return locked(scope, entry.lock, work);
        } finally {
            locks.computeIfPresent(scope, (s, e) -> --e.users == 0 ? null : e);
        }
    }

    private <T> T locked(String scope, ReentrantLock lock, Supplier<T> work) {
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

    /** How many scopes have an in-process lock now (held or waited for). */
    public int scopesInUse() {
        return locks.size();
    }

    static String fileName(String scope) {
        return "*".equals(scope) ? "all-agents.lock" : "agent-" + scope + ".lock";
    }
}
