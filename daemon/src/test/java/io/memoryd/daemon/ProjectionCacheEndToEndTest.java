package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's projection cache through the real daemon and renderer processes: an unchanged workspace is
 * answered without a render and byte for byte as a render from scratch, and a file changed in memory/ by
 * anyone (deleted by hand, written by another process) is in the very next answer.
 */
@Timeout(120)
class ProjectionCacheEndToEndTest {

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
        try (TestWorkspace t = TestWorkspace.open(home)) {
            for (int i = 0; i < 6; i++) {
                write(t, "s" + i, Instant.now().minus(Duration.ofHours(5L * i + 1)), "step " + i);
            }
        }
    }

    private static void write(TestWorkspace t, String sessionId, Instant at, String text) {
        String iso = IsoTime.format(at);
        t.ws.writer().writeSummary(TestWorkspace.session("default", sessionId, "/home/u/proj", iso,
                "Worked on platform/daemon/src/retry.ts, " + text + "."));
    }

    private static SynthesizeResponse synthesize(DaemonProcess d) {
        return d.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build());
    }

    /**
     * Synthesizes until an answer comes from the cache: the first renders index and sync manifests, and a
     * render during which the database changed is not kept. Bounded: the third answer at the latest.
     */
    private static SynthesizeResponse cachedAnswer(DaemonProcess d) {
        SynthesizeResponse r = synthesize(d);
        for (int i = 0; i < 4 && !r.getCached(); i++) {
            r = synthesize(d);
        }
        assertTrue(r.getCached(), "an unchanged workspace is answered from the cache");
        return r;
    }

    @Test
    void unchangedWorkspace_isAnsweredFromTheCache_asARenderFromScratchWouldAnswer() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            SynthesizeResponse hit = cachedAnswer(d);

            assertEquals(renderFromScratch(), hit.getContent());
            assertEquals(0.0, hit.getRenderMs());
            assertTrue(synthesize(d).getCached());
        }
    }

    @Test
    void summaryDeletedByHandInMemory_isGoneFromTheVeryNextAnswer() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            assertTrue(cachedAnswer(d).getContent().contains("session=s3 "));
            Files.delete(summaryOf("s3"));

            // No waiting: the cache first hears every change made before the call.
            SynthesizeResponse next = synthesize(d);
            assertFalse(next.getCached());
            assertFalse(next.getContent().contains("session=s3 "), next.getContent());
            assertEquals(renderFromScratch(), next.getContent());
        }
    }

    @Test
    void sessionWrittenByAnotherProcess_isInTheVeryNextAnswer() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            assertFalse(cachedAnswer(d).getContent().contains("session=fresh "));
            try (TestWorkspace writer = TestWorkspace.open(home)) {
                write(writer, "fresh", Instant.now().minusSeconds(60), "fresh-marker-step");
            }

            SynthesizeResponse next = synthesize(d);
            assertFalse(next.getCached());
            assertTrue(next.getContent().contains("session=fresh "), next.getContent());
            assertEquals(renderFromScratch(), cachedAnswer(d).getContent());
        }
    }

    private Path summaryOf(String sessionId) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("memory"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("--summary.md"))
                    .filter(f -> read(f).contains("session_id: \"" + sessionId + "\""))
                    .findFirst().orElseThrow();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String renderFromScratch() {
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(home))) {
            return ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS).content();
        }
    }
}
