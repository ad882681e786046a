package io.memoryd.memory;

import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.sentence.SentenceSource;
import io.memoryd.memory.watch.WatchOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/**
 * How to open a workspace: its root, the clock and local zone (injectable for tests), whether writes are
 * fsynced, the artifact size limit, an optional sentence source, whether to migrate the schema, and whether
 * to watch {@code memory/} (off by default: one-shot tools need no watcher).
 */
public record WorkspaceOptions(Path root, Clock clock, ZoneId localZone, boolean fsync, long maxArtifactBytes,
        SentenceSource sentenceSource, boolean migrate, WatchOptions watch) {

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
        return new WorkspaceOptions(root, newClock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate, watch);
    }

    public WorkspaceOptions withFsync(boolean newFsync) {
        return new WorkspaceOptions(root, clock, localZone, newFsync, maxArtifactBytes, sentenceSource, migrate, watch);
    }

    public WorkspaceOptions withMaxArtifactBytes(long newMax) {
        return new WorkspaceOptions(root, clock, localZone, fsync, newMax, sentenceSource, migrate, watch);
    }

    public WorkspaceOptions withSentenceSource(SentenceSource source) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, source, migrate, watch);
    }

    public WorkspaceOptions withMigrate(boolean newMigrate) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, newMigrate, watch);
    }

    public WorkspaceOptions withWatch(WatchOptions newWatch) {
        return new WorkspaceOptions(root, clock, localZone, fsync, maxArtifactBytes, sentenceSource, migrate, newWatch);
    }
}
