package io.memoryd.daemon;

import io.memoryd.process.socket.UnixSocketServer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, on the daemon's 500 ms timer, that its socket file is still the one it bound (same device and
 * inode). Once the file was deleted, nobody can connect to this daemon any more, and once it was replaced
 * (another daemon's socket, some other file) the path belongs to someone else: either way the daemon says
 * so in one log line and exits with {@link #EXIT_STATUS}, draining the calls in flight and stopping its
 * renderers as on SIGTERM, so that whatever runs it starts a fresh daemon. It does not bind the path again
 * (that would race whoever replaced it) and never deletes a socket file it did not bind. Thread-safe.
 */
final class DaemonSocketWatch implements Runnable {

    /** The exit status of a daemon that lost its socket. */
    static final int EXIT_STATUS = 1;

    private static final Logger log = LoggerFactory.getLogger(DaemonSocketWatch.class);

    private final UnixSocketServer server;
    private final IntConsumer exit;
    private final AtomicBoolean lost = new AtomicBoolean();

    /** @param exit asks the daemon to stop with a status ({@link DaemonRuntime#requestExit}) */
    DaemonSocketWatch(UnixSocketServer server, IntConsumer exit) {
        this.server = server;
        this.exit = exit;
    }

    @Override
    public void run() {
        if (server.stillBound() || !lost.compareAndSet(false, true)) {
            return;
        }
        String what = Files.exists(server.socket(), LinkOption.NOFOLLOW_LINKS)
                ? "was replaced by another file" : "was deleted";
        log.error("daemon socket {} {} while serving: clients cannot reach this daemon any more; exiting with status {}",
                server.socket(), what, EXIT_STATUS);
        exit.accept(EXIT_STATUS);
    }
}
