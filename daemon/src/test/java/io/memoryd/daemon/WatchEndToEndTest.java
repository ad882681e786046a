package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.health.FdInventory;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.SynthesizeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Watching memory/ through the real daemon and renderer processes (issue 5). */
@Timeout(120)
class WatchEndToEndTest {

    private static final String NOTE = "## Release rules\n\nNever ship the renderer pool without running the chaos"
            + " script on a 2-core machine first; it finds the races the unit tests miss.\n";

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
        try (TestWorkspace t = TestWorkspace.open(home)) {
            for (int i = 0; i < 10; i++) {
                write(t, "s" + i, Instant.now().minus(Duration.ofHours(5L * i + 1)), "step " + i);
            }
        }
    }

    private static void write(TestWorkspace t, String sessionId, Instant at, String text) {
        String iso = IsoTime.format(at);
        t.ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, sessionId, sessionId, "/home/u/proj", "codex",
                iso, null, iso, "Worked on platform/daemon/src/retry.ts, " + text + "."));
    }

    private static String synthesize(DaemonProcess d) {
        return d.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build()).getContent();
    }

    @Test
    void artifactWrittenByAnotherProcess_isInTheVeryNextSynthesis() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            assertFalse(synthesize(d).contains("session=fresh "));
            try (TestWorkspace writer = TestWorkspace.open(home)) {
                write(writer, "fresh", Instant.now().minusSeconds(60), "fresh-marker-step");
            }

            // No waiting: each render first flushes its watcher's queue, so a finished write is never missed.
            String next = synthesize(d);
            assertEquals(renderFromScratch(), next);
            assertTrue(next.contains("session=fresh "), next);
        }
    }

    @Test
    void noteDroppedIntoMemory_showsInDurableNotesWithoutAPoller() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            synthesize(d);
            Files.writeString(home.resolve("memory").resolve("release-rules.md"), NOTE);

            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String content = synthesize(d);
            while (!content.contains("Never ship the renderer pool") && System.nanoTime() < until) {
                content = synthesize(d); // ingestion runs on the daemon's watch thread; each call is a fresh render
            }
            assertTrue(content.contains("Never ship the renderer pool"), content);
        }
    }

    @Test
    void daemonAndEveryRendererHoldOneInotifyDescriptorAndNoArtifactFile() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            synthesize(d);
            var fds = d.daemon().health(HealthRequest.getDefaultInstance()).getResources().getFds();
            assertEquals(1, fds.getInotify());
            assertEquals(0, fds.getArtifactFiles());
            for (long pid : d.rendererPids) {
                assertEquals(1, FdInventory.count(pid).getInotify(), "inotify descriptors of renderer " + pid);
            }
        }
    }

    private String renderFromScratch() {
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(home))) {
            return ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS).content();
        }
    }
}
