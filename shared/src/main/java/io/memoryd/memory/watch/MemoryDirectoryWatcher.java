package io.memoryd.memory.watch;

import io.memoryd.memory.artifact.MemoryFileKind;
import io.memoryd.memory.workspace.PrivateFiles;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code memory/} (and the workspace root, for {@code memory/} being created again) with one
 * {@link WatchService}: on Linux one inotify descriptor for the process and one watch per directory, never
 * one per file. Events go to a {@link Listener} on the watcher's own thread. Anything that may have lost
 * events (queue overflow, {@code memory/} deleted or recreated, a failure) is reported as
 * {@link Listener#unknownChanges}, after which the listener must not trust what it was told before.
 */
public final class MemoryDirectoryWatcher implements AutoCloseable {

    /** Receives the watcher's news; called on the watcher thread, so implementations must be quick. */
    public interface Listener {
        void artifactChanged(Path file);

        void noteChanged(Path file);

        void unknownChanges(String why);
    }

    private static final Logger log = LoggerFactory.getLogger(MemoryDirectoryWatcher.class);

    private final Path root;
    private final Path memoryDir;
    private final Listener listener;
    private final WatchService service;
    private final Thread thread;
    private final Map<String, CompletableFuture<Void>> pendingSyncs = new ConcurrentHashMap<>();
    private final AtomicLong syncSequence = new AtomicLong();
    private final String syncPrefix = MemoryFileKind.SYNC_PREFIX + ProcessHandle.current().pid() + "-";
    private volatile WatchKey memoryKey;
    private volatile boolean closed;

    private MemoryDirectoryWatcher(Path root, Path memoryDir, Listener listener, WatchService service) {
        this.root = root;
        this.memoryDir = memoryDir;
        this.listener = listener;
        this.service = service;
        this.thread = new Thread(this::loop, "memoryd-watch");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching. The listener hears nothing about files that existed before: callers do their own
     * initial pass.
     *
     * @throws IOException when the watch service cannot be created or the root cannot be watched
     */
    public static MemoryDirectoryWatcher start(Path root, Path memoryDir, Listener listener) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        MemoryDirectoryWatcher w = new MemoryDirectoryWatcher(root, memoryDir, listener, service);
        try {
            root.register(service, StandardWatchEventKinds.ENTRY_CREATE);
            w.registerMemoryDir();
        } catch (IOException e) {
            service.close();
            throw new IOException("Cannot watch " + memoryDir + ": " + e.getMessage(), e);
        }
        w.thread.start();
        return w;
    }

    private void registerMemoryDir() throws IOException {
        if (!Files.isDirectory(memoryDir)) {
            memoryKey = null;
            return;
        }
        memoryKey = memoryDir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    }

    /**
     * Waits until every change made to {@code memory/} before this call has reached the listener: it
     * creates and deletes a marker file and waits for the watcher thread to see it (inotify delivers events
     * of one directory in order). Returns false when that cannot be shown within {@code timeout} (not
     * watching {@code memory/}, closed, slow); the caller then must not rely on events.
     */
    public boolean sync(Duration timeout) {
        if (closed || memoryKey == null || !memoryKey.isValid()) {
            return false;
        }
        String name = syncPrefix + syncSequence.incrementAndGet();
        CompletableFuture<Void> seen = new CompletableFuture<>();
        pendingSyncs.put(name, seen);
        Path marker = memoryDir.resolve(name);
        try {
            Files.newByteChannel(marker, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.file()).close();
            Files.deleteIfExists(marker);
            seen.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("watch sync on {} failed: {}", memoryDir, e.toString());
            return false;
        } finally {
            pendingSyncs.remove(name);
        }
    }

    /** Whether {@code memory/} is being watched now. */
    public boolean watching() {
        WatchKey key = memoryKey;
        return !closed && key != null && key.isValid();
    }

    private void loop() {
        while (!closed) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            try {
                handle(key);
            } catch (RuntimeException e) {
                log.warn("watching {} failed on an event: {}", memoryDir, e.toString());
                listener.unknownChanges("watcher failure: " + e);
            }
        }
    }

    private void handle(WatchKey key) {
        boolean isMemory = key == memoryKey;
        if (!isMemory && !root.equals(key.watchable())) {
            key.cancel(); // a key of a memory/ that was replaced since: its events are stale
            return;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                log.info("watch queue of {} overflowed: the next index passes are full passes", memoryDir);
                listener.unknownChanges("event queue overflow");
                continue;
            }
            String name = event.context().toString();
            if (!isMemory) {
                if (root.resolve(name).equals(memoryDir)) {
                    reRegister("memory/ was created");
                }
                continue;
            }
            if (name.startsWith(MemoryFileKind.SYNC_PREFIX)) {
                CompletableFuture<Void> sync = pendingSyncs.get(name);
                if (sync != null) {
                    sync.complete(null);
                }
                continue;
            }
            switch (MemoryFileKind.of(name)) {
                case ARTIFACT -> listener.artifactChanged(memoryDir.resolve(name));
                case NOTE -> listener.noteChanged(memoryDir.resolve(name));
                case IGNORED -> {
                }
            }
        }
        if (!key.reset() && isMemory && !closed) {
            reRegister("memory/ went away");
        }
    }

    private void reRegister(String why) {
        try {
            WatchKey old = memoryKey;
            registerMemoryDir();
            if (old != null && old != memoryKey) {
                old.cancel();
            }
        } catch (IOException e) {
            memoryKey = null;
            log.warn("cannot watch {} again ({}): {}", memoryDir, why, e.getMessage());
        }
        listener.unknownChanges(why);
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            log.debug("closing the watch service of {}: {}", memoryDir, e.toString());
        }
        thread.interrupt();
    }
}
