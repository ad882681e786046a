package io.memoryd.process.socket;

import java.nio.file.Path;

/** A socket path that cannot be served: too long, in use, not a socket, or in a non-private directory. */
public final class SocketPathException extends Exception {

    private final Path path;

    public SocketPathException(Path path, String reason) {
        super("socket path " + path + " " + reason);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
