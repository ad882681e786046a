package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The renderer's stdout handshake: READY first, or the start fails naming what came instead. */
@Timeout(10)
class ReadyHandshakeTest {

    private static CompletableFuture<Void> read(String rendererId, String stdout) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        ReadyHandshake.read(rendererId, new BufferedReader(new StringReader(stdout)), ready,
                LoggerFactory.getLogger(ReadyHandshakeTest.class));
        return ready;
    }

    @Test
    void readyFirst_completesTheHandshake_laterLinesAreOnlyLogged() throws Exception {
        CompletableFuture<Void> ready = read("r0-g1", "READY r0-g1 4242 /run/r0-1.sock\nsomething else\n");

        assertTrue(ready.isDone() && !ready.isCompletedExceptionally());
    }

    @Test
    void anotherFirstLine_failsTheHandshake_evenWhenReadyFollows() throws Exception {
        CompletableFuture<Void> ready = read("r0-g1", "hello from a library\nREADY r0-g1 4242 /run/r0-1.sock\n");

        assertTrue(ready.isCompletedExceptionally(), "the handshake failed");
        String why = ready.handle((ignored, t) -> t.getMessage()).join();
        assertTrue(why.contains("first stdout line was not READY but \"hello from a library\""), why);
    }

    @Test
    void readyOfAnotherRenderer_failsTheHandshake() throws Exception {
        assertTrue(read("r0-g1", "READY r1-g1 4242 /run/r1-1.sock\n").isCompletedExceptionally());
    }

    @Test
    void stdoutEndingBeforeAnyLine_leavesTheHandshakeToTheExit() throws Exception {
        assertFalse(read("r0-g1", "").isDone());
    }
}
