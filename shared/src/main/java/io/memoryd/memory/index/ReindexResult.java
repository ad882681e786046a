package io.memoryd.memory.index;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one index pass did for a scope: files listed, read and changed, and the manifests it changed (for
 * manifest ref sync). {@code stopped} means the schema was missing and nothing was done.
 */
public record ReindexResult(String scope, int listed, int read, int upserted, int deleted,
        Set<Path> changedManifests, boolean stopped, long durationNanos) {
}
