package io.memoryd.memory.watch;

import java.time.Duration;

/**
 * Whether a workspace watches {@code memory/}: {@code enabled} feeds the index's dirty sets (every process
 * with an index cache), {@code ingestNotes} also ingests hand-made notes (one process per workspace: the
 * daemon), and a full fingerprint pass runs every {@code safetyNetInterval} whatever the events said.
 */
public record WatchOptions(boolean enabled, boolean ingestNotes, Duration safetyNetInterval) {

    public static final WatchOptions OFF = new WatchOptions(false, false, Duration.ZERO);

    /** Watching with the default 10-minute safety net; notes are ingested when {@code ingestNotes}. */
    public static WatchOptions watching(boolean ingestNotes) {
        return new WatchOptions(true, ingestNotes, Duration.ofMinutes(10));
    }

    public WatchOptions withSafetyNetInterval(Duration interval) {
        return new WatchOptions(enabled, ingestNotes, interval);
    }
}
