package io.memoryd.memory.artifact;

import java.nio.file.Path;

/** A file that could not be read as artifact text; the message names the file and the reason. */
public final class ArtifactReadException extends Exception {

    private final Path file;
    private final String reason;

    public ArtifactReadException(Path file, String reason, Throwable cause) {
        super(file + " " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
