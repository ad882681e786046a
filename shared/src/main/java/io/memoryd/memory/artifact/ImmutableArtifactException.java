package io.memoryd.memory.artifact;

import java.nio.file.Path;

/**
 * Raised when a write would change an existing immutable artifact (docs/format.md §2.8). The message always
 * starts with {@link #PREFIX} and names the absolute path and the reason.
 */
public final class ImmutableArtifactException extends RuntimeException {

    /** Prefix that callers (and the reference) use to recognize this error. */
    public static final String PREFIX = "Refusing to mutate immutable artifact";

    /** Why the existing file could not be reused, in the order the checks run. */
    public enum Reason {
        IDENTITY_MISMATCH("identity mismatch"),
        CHECKSUM_MISMATCH("checksum mismatch"),
        CONTENT_MISMATCH("content mismatch");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Path path;
    private final Reason reason;

    public ImmutableArtifactException(Path path, Reason reason) {
        super(PREFIX + " " + path + " (" + reason.text() + ")");
        this.path = path;
        this.reason = reason;
    }

    public Path path() {
        return path;
    }

    public Reason reason() {
        return reason;
    }
}
