package io.memoryd.renderer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.StatusRequest;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** End to end through a real renderer JVM, a real Unix socket and real gRPC. */
@Timeout(60)
class RendererProcessTest {

    @TempDir
    Path dir;
    Path home;
    Path socket;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
        socket = dir.resolve("run").resolve("r1.sock");
        try (TestWorkspace t = TestWorkspace.open(home)) {
            for (int i = 0; i < 30; i++) {
                String at = IsoTime.format(Instant.now().minus(Duration.ofHours(5L * i + 1)));
                t.ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, "s" + i, "s" + i, "/home/u/proj", "codex",
                        at, null, at, "Worked on platform/daemon/src/retry.ts, step " + i + "."));
            }
        }
    }

    private static RenderRequest request(String id) {
        return RenderRequest.newBuilder().setRequestId(id).setAgentId("default").setMaxTokens(5000).build();
    }

    @Test
    void render_overTheSocket_equalsTheInProcessRenderByteForByte() throws Exception {
        RenderResponse remote;
        try (RendererProcess r = RendererProcess.start(home, socket, "r1")) {
            remote = r.stub().render(request("q1"));
            assertEquals(r.process.pid(), remote.getPid());
            assertEquals("r1", remote.getRendererId());
        }
        Projection local;
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(home))) {
            local = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
        }
        assertEquals(local.content(), remote.getContent());
        assertEquals(local.fileCount(), remote.getFileCount());
        assertEquals(local.indexBlock(), remote.getIndexBlock());
    }

    @Test
    void render_twoRacingRequests_runOneAfterTheOther() throws Exception {
        try (RendererProcess r = RendererProcess.start(home, socket, "r1", "--fault-render-delay-ms", "300")) {
            var a = r.futureStub().render(request("a"));
            var b = r.futureStub().render(request("b"));
            RenderResponse ra = a.get(20, TimeUnit.SECONDS);
            RenderResponse rb = b.get(20, TimeUnit.SECONDS);

            double longestWait = Math.max(ra.getTimings().getQueueWaitMs(), rb.getTimings().getQueueWaitMs());
            assertTrue(longestWait >= 250, "second render waited only " + longestWait + " ms");
            assertEquals(ra.getContent(), rb.getContent());
            assertEquals(2, r.stub().status(StatusRequest.getDefaultInstance()).getRendersServed());
        }
    }

    @Test
    void parentGone_stdinClosed_rendererExitsWithinOneSecond() throws Exception {
        try (RendererProcess r = RendererProcess.start(home, socket, "r1")) {
            r.closeStdin();

            assertTrue(r.process.waitFor(1, TimeUnit.SECONDS), "renderer still alive 1 s after stdin EOF");
        }
    }

    @Test
    void sigterm_withRenderInFlight_finishesItRemovesTheSocketAndExitsZero() throws Exception {
        try (RendererProcess r = RendererProcess.start(home, socket, "r1", "--fault-render-delay-ms", "1500")) {
            var inFlight = r.futureStub().render(request("in-flight"));
            assertTrue(r.awaitStderr("render started request in-flight", Duration.ofSeconds(10)), r.stderrSeen.toString());

            // SIGTERM through the handle: Process.destroy() would also close the child's stdin (= parent gone).
            r.process.toHandle().destroy();

            RenderResponse response = inFlight.get(20, TimeUnit.SECONDS);
            assertTrue(response.getContent().startsWith("# Working Memory Summary"));
            assertTrue(r.process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, r.process.exitValue());
            assertFalse(Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void secondRenderer_onALiveSocket_isRefusedAndTheFirstKeepsServing() throws Exception {
        try (RendererProcess first = RendererProcess.start(home, socket, "r1");
                RendererProcess second = RendererProcess.launch(home, socket, "r2")) {
            assertTrue(second.process.waitFor(20, TimeUnit.SECONDS));

            assertEquals(1, second.process.exitValue());
            assertTrue(second.awaitStderr("is in use by a live process", Duration.ofSeconds(5)), second.stderrSeen.toString());
            assertEquals("r1", first.stub().status(StatusRequest.getDefaultInstance()).getRendererId());
        }
    }

    @Test
    void staleSocketFile_isRemovedAndServed() throws Exception {
        Files.createDirectories(socket.getParent());
        Files.setPosixFilePermissions(socket.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));

        try (RendererProcess r = RendererProcess.start(home, socket, "r1")) {
            assertEquals("r1", r.stub().status(StatusRequest.getDefaultInstance()).getRendererId());
        }
    }

    @Test
    void overlongSocketPath_isRefusedWithTheReason() throws Exception {
        Path longSocket = dir.resolve("x".repeat(60)).resolve("y".repeat(40) + ".sock");
        try (RendererProcess r = RendererProcess.launch(home, longSocket, "r1")) {
            assertTrue(r.process.waitFor(20, TimeUnit.SECONDS));

            assertEquals(1, r.process.exitValue());
            assertTrue(r.awaitStderr("bytes long", Duration.ofSeconds(5)), r.stderrSeen.toString());
        }
    }

    @Test
    void stdout_carriesOnlyTheHandshake() throws Exception {
        try (RendererProcess r = RendererProcess.start(home, socket, "r1")) {
            r.stub().render(request("q1"));
            r.process.toHandle().destroy();
            assertTrue(r.process.waitFor(20, TimeUnit.SECONDS));
            Thread.yield();
            assertEquals(List.of(), List.copyOf(r.stdout));
        }
    }
}
