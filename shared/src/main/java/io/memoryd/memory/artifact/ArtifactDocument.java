package io.memoryd.memory.artifact;

/**
 * A parsed artifact file: its front matter (empty when the file has none) and the raw body text that
 * follows it (not yet normalized).
 */
public record ArtifactDocument(FrontMatter frontMatter, String body) {
}
