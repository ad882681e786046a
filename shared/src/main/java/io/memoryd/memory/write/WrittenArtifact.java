package io.memoryd.memory.write;

/** Where a write left things: the session's manifest and the artifact, both as root-relative paths. */
public record WrittenArtifact(String manifestPath, String artifactPath) {
}
