package io.memoryd.daemon.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/**
 * Reads a renderer's stdout, which carries only its handshake. The first line must be
 * {@code READY <id> <pid> <socket>} for the renderer's own id; any other first line fails the start at
 * once ("unexpected handshake"), since the process is not speaking the protocol the supervisor expects.
 * Lines after READY are logged as unexpected output.
 */
final class ReadyHandshake {

    private static final int QUOTED_CHARS = 200;

    private ReadyHandshake() {
    }

    /** Reads until EOF; completes {@code ready}, or fails it naming the line. EOF before a line leaves it to the exit. */
    static void read(String rendererId, BufferedReader stdout, CompletableFuture<Void> ready, Logger log)
            throws IOException {
        String first = stdout.readLine();
        if (first == null) {
            return;
        }
        if (first.startsWith("READY " + rendererId + " ")) {
            ready.complete(null);
        } else {
            ready.completeExceptionally(new IllegalStateException("renderer " + rendererId
                    + " sent an unexpected handshake: its first stdout line was not READY but \""
                    + (first.length() > QUOTED_CHARS ? first.substring(0, QUOTED_CHARS) + "…" : first) + "\""));
        }
        String line;
        while ((line = stdout.readLine()) != null) {
            log.warn("[{}] unexpected stdout: {}", rendererId, line);
        }
    }
}
