package io.memoryd.memory.watch;

import io.memoryd.memory.index.ArtifactChangeLog;
import io.memoryd.memory.notes.NoteIngester;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a workspace's watcher to what listens to it: artifact events to the index's change log, note events
 * to the note ingester (on its own thread, so the watcher never waits for the database), and a slow
 * safety-net timer that forces full passes off the serving threads. Without a watcher (it failed to start)
 * every index pass is simply a full one.
 */
public final class WorkspaceWatch implements AutoCloseable {

    /** How long an index pass waits for the watcher to deliver older events before doing a full pass. */
    static final Duration SYNC_TIMEOUT = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(WorkspaceWatch.class);

    private final ArtifactChangeLog changeLog;
    private final ScheduledExecutorService background;
    private volatile MemoryDirectoryWatcher watcher;
    private volatile NoteIngester notes;
    /** Moves on every artifact or note event and every loss of events. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public WorkspaceWatch() {
        this.changeLog = new ArtifactChangeLog(timeout -> {
            MemoryDirectoryWatcher w = watcher;
            return w != null && w.sync(timeout);
        }, SYNC_TIMEOUT);
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memoryd-watch-work");
            t.setDaemon(true);
            return t;
        });
    }

    /** The change log the index consumes. */
    public ArtifactChangeLog changeLog() {
        return changeLog;
    }

    /**
     * Starts watching {@code memoryDir}; with {@code ingester} non-null, ingests every note now and each
     * changed note as it changes. Logs and carries on without events when the watcher cannot start.
     *
     * @param fullPass runs a full index pass of one scope (the safety net's), waiting for it
     */
    public void start(Path root, Path memoryDir, WatchOptions options, NoteIngester ingester,
            Consumer<String> fullPass) {
        this.notes = ingester;
        try {
            watcher = MemoryDirectoryWatcher.start(root, memoryDir, new MemoryDirectoryWatcher.Listener() {
                @Override
                public void artifactChanged(Path file) {
                    generation.incrementAndGet();
                    changeLog.changed(file);
                }

                @Override
                public void noteChanged(Path file) {
                    generation.incrementAndGet();
                    if (notes != null) {
                        background.execute(() -> syncNote(file));
                    }
                }

                @Override
                public void unknownChanges(String why) {
                    generation.incrementAndGet();
                    changeLog.unknownChanges();
                    if (notes != null) {
                        background.execute(WorkspaceWatch.this::syncAllNotes);
                    }
                }
            });
        } catch (IOException e) {
            log.warn("not watching {} ({}); every index pass will stat every artifact", memoryDir, e.getMessage());
        }
        if (ingester != null) {
            background.execute(this::syncAllNotes);
        }
        long every = options.safetyNetInterval().toMillis();
        if (every > 0) {
            background.scheduleWithFixedDelay(() -> safetyNet(fullPass), every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void syncNote(Path file) {
        try {
            notes.sync(file);
        } catch (RuntimeException e) {
            log.warn("ingesting note {} failed: {}", file, e.getMessage());
        }
    }

    private void syncAllNotes() {
        try {
            notes.syncAll();
        } catch (RuntimeException e) {
            log.warn("ingesting the notes of memory/ failed: {}", e.getMessage());
        }
    }

    /** Full passes of every scope that has run one, whatever the events said; on this thread, not a render's. */
    private void safetyNet(Consumer<String> fullPass) {
        changeLog.unknownChanges();
        for (String scope : changeLog.scopes()) {
            try {
                fullPass.accept(scope);
            } catch (RuntimeException e) {
                log.warn("safety-net index pass of scope {} failed: {}", scope, e.getMessage());
            }
        }
        if (notes != null) {
            syncAllNotes();
        }
    }

    /**
     * A number that moves whenever a file in memory/ changed (as far as the watcher heard) or events may have
     * been lost; -1 while nothing is watched, as then nothing can say that no file changed.
     */
    public long generation() {
        MemoryDirectoryWatcher w = watcher;
        return w != null && w.watching() ? generation.get() : -1;
    }

    /**
     * The generation once every change made to memory/ before this call has been heard (the watcher's
     * barrier), or -1 when that cannot be shown: a caller comparing generations then misses no file written
     * just before it asked.
     */
    public long syncedGeneration() {
        MemoryDirectoryWatcher w = watcher;
        return w != null && w.sync(SYNC_TIMEOUT) ? generation() : -1;
    }

    @Override
    public void close() {
        MemoryDirectoryWatcher w = watcher;
        if (w != null) {
            w.close();
        }
        background.shutdownNow();
    }
}
