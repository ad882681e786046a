package io.memoryd.memory.write;

/**
 * A native harness memory file to index as a row without writing any artifact (docs/format.md §4.6).
 * {@code capturedAt} and {@code project} may be null.
 */
public record ExternalArtifact(String agentId, String sourcePath, String sourceKind, String harness, String content,
        double sourceMtimeMs, String capturedAt, String project) {
}
