package io.memoryd.memory;

import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.index.IndexProgress;
import io.memoryd.memory.sentence.SentenceSource;
import io.memoryd.memory.watch.WatchOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/**
 * How to open a workspace: its root, the clock and local zone (injectable for tests), whether writes are
 * fsynced, the artifact size limit, an optional sentence source, whether to migrate the schema, and whether
 * to watch {@code memory/} (off by default: one-shot tools need no watcher), and for how many agents not in
 * use the process keeps per-agent state ({@code maxAgents}, default 256; more are let go least recently
 * used first), and who hears how far index passes have got ({@code indexProgress}, nobody by default).
 */
public record WorkspaceOptions(Path root, Clock clock, ZoneId localZone, boolean fsync, long maxArtifactBytes,
        SentenceSource sentenceSource, boolean migrate, WatchOptions watch, int maxAgents, IndexProgress indexProgress) {

    public WorkspaceOptions {
        if (maxAgents < 1) {
            throw new IllegalArgumentException("maxAgents must be at least 1, got " + maxAgents);
        }
        if (indexProgress == null) {
            indexProgress = IndexProgress.NONE;
        }
    }

    /** Everything but the index progress listener, which hears nothing. */
    public WorkspaceOptions(Path root, Clock clock, ZoneId localZone, boolean fsync, long maxArtifactBytes,
            SentenceSource sentenceSource, boolean migrate, WatchOptions watch, int maxAgents) {
        this(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate, watch, maxAgents,
                IndexProgress.NONE);
    }

    /** Everything but the agent cap, which is the default. */
    public WorkspaceOptions(Path root, Clock clock, ZoneId localZone, boolean fsync, long maxArtifactBytes,
            SentenceSource sentenceSource, boolean migrate, WatchOptions watch) {
        this(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate, watch,
                ResidentAgents.DEFAULT_CAPACITY);
    }

    /** Everything but watching, which stays off. */
    public WorkspaceOptions(Path root, Clock clock, ZoneId localZone, boolean fsync, long maxArtifactBytes,
            SentenceSource sentenceSource, boolean migrate) {
        this(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate, WatchOptions.OFF);
    }

    /** Production defaults for a root: system clock, fsync on, 16 MiB limit, no sentence source, migrate. */
    public static WorkspaceOptions defaults(Path root) {
        return new WorkspaceOptions(root, Clock.systemUTC(), ZoneId.systemDefault(), true,
                ArtifactFileReader.DEFAULT_MAX_BYTES, null, true);
    }

    public WorkspaceOptions withClock(Clock newClock) {
        return new WorkspaceOptions(root, newClock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate,
                watch, maxAgents, indexProgress);
    }

    public WorkspaceOptions withFsync(boolean newFsync) {
        return new WorkspaceOptions(root, clock, localZone, newFsync, maxArtifactBytes, sentenceSource, migrate,
                watch, maxAgents, indexProgress);
    }

    public WorkspaceOptions withMaxArtifactBytes(long newMax) {
        return new WorkspaceOptions(root, clock, localZone, fsync, newMax, sentenceSource, migrate, watch, maxAgents,
                indexProgress);
    }

    public WorkspaceOptions withSentenceSource(SentenceSource source) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, source, migrate, watch, maxAgents,
                indexProgress);
    }

    public WorkspaceOptions withMigrate(boolean newMigrate) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, newMigrate,
                watch, maxAgents, indexProgress);
    }

    /** Keeps per-agent state for at most {@code newMax} agents not in use. */
    public WorkspaceOptions withMaxAgents(int newMax) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate, watch,
                newMax, indexProgress);
    }

    /** Tells {@code listener} how far each index pass has got (see {@link IndexProgress}). */
    public WorkspaceOptions withIndexProgress(IndexProgress listener) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate, watch,
                maxAgents, listener);
    }

    public WorkspaceOptions withWatch(WatchOptions newWatch) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate,
                newWatch, maxAgents, indexProgress);
    }
}
