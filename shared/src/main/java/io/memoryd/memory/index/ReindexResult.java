package io.memoryd.memory.index;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one index pass did for a scope: files listed, read and changed, and the manifests it changed (for
 * manifest ref sync). {@code stopped} means the schema was missing and nothing was done. {@code examined} is
 * how many files the pass stat'ed: all of them in a full pass, only the changed ones in an incremental one.
 */
public record ReindexResult(String scope, int listed, int read, int upserted, int deleted,
        Set<Path> changedManifests, boolean stopped, long durationNanos, int examined) {
}
