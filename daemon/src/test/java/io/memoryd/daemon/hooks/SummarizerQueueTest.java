package io.memoryd.daemon.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The summarizer queue on its own: one result per job, and nothing taken once closed. */
@Timeout(60)
class SummarizerQueueTest {

    @TempDir
    Path dir;

    @Test
    void eachJobGetsTheCommandsOutput() throws Exception {
        try (SummarizerQueue queue = new SummarizerQueue("tr a-z A-Z", Duration.ofSeconds(20), 2, dir.resolve("s"))) {
            CompletableFuture<SummarizerQueue.Result> result = new CompletableFuture<>();
            assertTrue(queue.submit(
                    new SummarizerQueue.Job("j", "hello there", "fallback", Map.of(), result::complete)));
            assertEquals(new SummarizerQueue.Result("HELLO THERE", true, null), result.get(20, TimeUnit.SECONDS));
            assertTrue(queue.drain(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aClosedQueueTakesNoJob() {
        SummarizerQueue queue = new SummarizerQueue("cat", Duration.ofSeconds(20), 2, dir.resolve("s"));
        queue.close();
        assertFalse(queue.submit(new SummarizerQueue.Job("j", "t", "f", Map.of(), r -> { })));
    }

    @Test
    void aBlankCommandOrAZeroTimeoutIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SummarizerQueue(" ", Duration.ofSeconds(1), 1, dir));
        assertThrows(IllegalArgumentException.class, () -> new SummarizerQueue("cat", Duration.ZERO, 1, dir));
    }
}
