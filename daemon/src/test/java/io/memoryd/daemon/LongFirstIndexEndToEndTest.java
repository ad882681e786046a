package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.index.ArtifactIndexer;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renderer's first render indexes a workspace cold, for longer than the request deadline, through real
 * processes: while its index pass reports batch after batch the daemon waits for it, and only a renderer
 * that stops progressing (SIGSTOP) is killed as hung. The renderers pause after each stored batch
 * ({@code --fault-index-batch-delay-ms}), so a small workspace indexes for several deadlines.
 */
@Timeout(180)
class LongFirstIndexEndToEndTest {

    /** Each pause is half the deadline: the pass progresses well within every deadline, yet outlasts one. */
    private static final String DEADLINE_MS = "2000";
    private static final String BATCH_PAUSE_MS = "1000";
    /**
     * Each session is a summary and its manifest: enough files for three full batches and a partial one, so
     * the pass pauses four times (twice the deadline) and reports progress after each pause.
     */
    private static final int SESSIONS = 3 * ArtifactIndexer.BATCH_FILES / 2 + 1;

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void coldWorkspace() throws IOException {
        home = dir.resolve("ws");
        try (TestWorkspace t = TestWorkspace.open(home)) {
            for (int i = 0; i < SESSIONS; i++) {
                String at = IsoTime.format(Instant.now().minus(Duration.ofMinutes(37L * i + 1)));
                t.ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, "s" + i, "s" + i, "/home/u/proj", "codex",
                        at, null, at, "Worked on platform/daemon/src/retry.ts, step " + i + "."));
            }
        }
        // The daemon starts on a new, empty database: a renderer's first render indexes every artifact.
        try (Stream<Path> files = Files.list(home.resolve("memory"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("memories.db")).toList()) {
                Files.delete(p);
            }
        }
    }

    private DaemonProcess start() throws Exception {
        return DaemonProcess.start(home, "--renderers", "1", "--request-deadline-ms", DEADLINE_MS,
                "--no-head-schedule", "--renderer-arg", "--fault-index-batch-delay-ms", "--renderer-arg", BATCH_PAUSE_MS);
    }

    private static boolean indexing(RendererPoolStatus s) {
        return s.getSlots(0).getActivity().startsWith("indexing ");
    }

    @Test
    void firstRenderIndexingPastTheDeadlineWhileProgressing_isAnsweredByItsRenderer_whichIsNotKilled() throws Exception {
        try (DaemonProcess d = start()) {
            long pid = d.pool().getSlots(0).getPid();
            var call = d.memoryAsync().withDeadlineAfter(120, TimeUnit.SECONDS)
                    .synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build());

            RendererPoolStatus during = d.awaitPool(LongFirstIndexEndToEndTest::indexing, Duration.ofSeconds(60));
            SynthesizeResponse r = call.get(120, TimeUnit.SECONDS);

            assertTrue(during.getSlots(0).getActivity().matches("indexing [\\d,]+/[\\d,]+"), during.getSlots(0).getActivity());
            assertEquals(ServedBy.RENDERER, r.getServedBy());
            assertEquals(pid, r.getRendererPid());
            assertTrue(r.getReindexMs() > Long.parseLong(DEADLINE_MS), "the index pass took " + r.getReindexMs() + " ms");
            assertTrue(r.getFileCount() > 0, r.getContent());
            RendererPoolStatus after = d.pool();
            assertEquals(1, after.getSlots(0).getGeneration());
            assertEquals(RendererState.RENDERER_READY, after.getSlots(0).getState());
            assertEquals(0, after.getTotals().getTimeouts());
            assertEquals(0, after.getTotals().getFallbacks());
            assertTrue(DaemonProcess.alive(pid));
        }
    }

    @Test
    void rendererStoppedMidIndex_isKilledAsHungAndReplaced_andTheCallerGetsTheFallback() throws Exception {
        try (DaemonProcess d = start()) {
            long victim = d.pool().getSlots(0).getPid();
            var call = d.memoryAsync().withDeadlineAfter(120, TimeUnit.SECONDS)
                    .synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build());
            d.awaitPool(LongFirstIndexEndToEndTest::indexing, Duration.ofSeconds(60));

            d.signal(victim, "STOP");
            SynthesizeResponse r = call.get(120, TimeUnit.SECONDS);

            assertEquals(ServedBy.FALLBACK, r.getServedBy());
            assertTrue(r.getContent().startsWith("# Working Memory Summary"), r.getContent());
            RendererPoolStatus replaced = d.awaitPool(s -> s.getSlots(0).getGeneration() == 2
                    && s.getSlots(0).getState() == RendererState.RENDERER_READY, Duration.ofSeconds(60));
            assertEquals(ExitKind.EXIT_HANG_KILLED, replaced.getSlots(0).getLastExit().getKind());
            assertTrue(replaced.getSlots(0).getLastExit().getDetail().contains("did not answer a status call"),
                    replaced.getSlots(0).getLastExit().getDetail());
            assertEquals(1, replaced.getTotals().getTimeouts());
            assertFalse(DaemonProcess.alive(victim));
        }
    }
}
