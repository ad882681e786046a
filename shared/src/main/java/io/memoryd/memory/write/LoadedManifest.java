package io.memoryd.memory.write;

import io.memoryd.memory.artifact.FrontMatter;
import java.nio.file.Path;

/** A manifest as read from disk: where it is, its front matter, its normalized body and its revision. */
public record LoadedManifest(Path file, String relativePath, FrontMatter frontMatter, String body) {

    /** The {@code revision} when number-typed, else 0. */
    public long revision() {
        return frontMatter.longOr("revision", 0);
    }

    /** The manifest's own {@code captured_at} when string-typed, else null. */
    public String capturedAt() {
        return frontMatter.stringOrNull("captured_at");
    }
}
