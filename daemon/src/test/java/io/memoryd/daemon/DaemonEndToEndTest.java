package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon through real processes: daemon JVM, renderer JVMs, Unix sockets, signals. */
@Timeout(120)
class DaemonEndToEndTest {

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
        try (TestWorkspace t = TestWorkspace.open(home)) {
            for (int i = 0; i < 20; i++) {
                String at = IsoTime.format(Instant.now().minus(Duration.ofHours(7L * i + 1)));
                t.ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, "s" + i, "s" + i, "/home/u/proj", "codex",
                        at, null, at, "Worked on platform/daemon/src/retry.ts, step " + i + "."));
            }
        }
    }

    private static SynthesizeRequest request(String agent) {
        return SynthesizeRequest.newBuilder().setAgentId(agent).build();
    }

    @Test
    void synthesize_overTheDaemon_equalsTheInProcessRenderByteForByte() throws Exception {
        SynthesizeResponse r;
        try (DaemonProcess d = DaemonProcess.start(home)) {
            r = d.memory().synthesize(request("default"));
            assertEquals(ServedBy.RENDERER, r.getServedBy());
            assertTrue(d.rendererPids.contains(r.getRendererPid()));
        }
        Projection local;
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(home))) {
            local = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
        }
        assertEquals(local.content(), r.getContent());
        assertEquals(local.fileCount(), r.getFileCount());
    }

    @Test
    void killingARendererDuringTwentyRequests_answersEveryOneWithContentAndHeals() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderer-arg", "--fault-render-delay-ms",
                "--renderer-arg", "150")) {
            long victim = d.pool().getSlots(0).getPid();
            List<ListenableFuture<SynthesizeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(d.memoryAsync().withDeadlineAfter(60, TimeUnit.SECONDS).synthesize(request("agent-" + (i % 4))));
            }
            d.signal(victim, "KILL");

            for (ListenableFuture<SynthesizeResponse> call : calls) {
                SynthesizeResponse r = call.get(60, TimeUnit.SECONDS);
                assertTrue(r.getContent().startsWith("# Working Memory Summary"), r.getContent());
            }
            var healed = d.awaitPool(s -> s.getSlots(0).getState() == RendererState.RENDERER_READY
                    && s.getSlots(0).getGeneration() == 2, Duration.ofSeconds(30));
            assertEquals(ExitKind.EXIT_KILLED_BY_SIGNAL, healed.getSlots(0).getLastExit().getKind());
            assertEquals(9, healed.getSlots(0).getLastExit().getCode());
        }
    }

    @Test
    void stoppedRenderer_passesTheDeadline_isKilledAndReplaced_callerGetsTheFallback() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--request-deadline-ms", "1500")) {
            long victim = d.pool().getSlots(0).getPid();
            d.signal(victim, "STOP");

            SynthesizeResponse r = d.memory().synthesize(request("default"));

            assertEquals(ServedBy.FALLBACK, r.getServedBy());
            assertFalse(r.getContent().isEmpty());
            var replaced = d.awaitPool(s -> s.getSlots(0).getGeneration() == 2
                    && s.getSlots(0).getState() == RendererState.RENDERER_READY, Duration.ofSeconds(30));
            assertEquals(ExitKind.EXIT_HANG_KILLED, replaced.getSlots(0).getLastExit().getKind());
            assertTrue(replaced.getTotals().getTimeouts() >= 1);
            assertFalse(DaemonProcess.alive(victim));
        }
    }

    @Test
    void rendererCrashingAtEveryStart_degradesWithoutACrashLoop_andTheFallbackServes() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--heal-interval-ms", "60000",
                "--renderer-arg", "--fault-exit-at-start", "--renderer-arg", "3")) {
            var degraded = d.awaitPool(s -> s.getSlots(0).getState() == RendererState.RENDERER_DEGRADED,
                    Duration.ofSeconds(60));

            assertEquals(ExitKind.EXIT_EXITED, degraded.getSlots(0).getLastExit().getKind());
            assertEquals(3, degraded.getSlots(0).getLastExit().getCode());
            assertTrue(degraded.getSlots(0).getRestartsInWindow() <= 5);
            SynthesizeResponse r = d.memory().synthesize(request("default"));
            assertEquals(ServedBy.FALLBACK, r.getServedBy());
            assertEquals(DaemonStatus.DAEMON_SERVING, d.daemon().health(HealthRequest.getDefaultInstance()).getStatus());
        }
    }

    @Test
    void killingTheDaemon_leavesNoRendererAliveAfterOneSecond() throws Exception {
        DaemonProcess d = DaemonProcess.start(home);
        List<Long> renderers = List.copyOf(d.rendererPids);
        assertEquals(2, renderers.size());

        d.process.destroyForcibly();
        assertTrue(d.process.waitFor(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (long pid : renderers) {
            DaemonProcess.awaitExit(pid, deadline);
            assertFalse(DaemonProcess.alive(pid), "renderer " + pid + " alive 1 s after the daemon was killed");
        }
        d.close();
    }

    @Test
    void sigterm_drainsTheRequestInFlight_removesTheSocketAndExitsZero() throws Exception {
        DaemonProcess d = DaemonProcess.start(home, "--renderer-arg", "--fault-render-delay-ms", "--renderer-arg", "1500");
        var inFlight = d.memoryAsync().withDeadlineAfter(60, TimeUnit.SECONDS).synthesize(request("default"));
        d.awaitPool(s -> s.getSlotsList().stream().anyMatch(slot -> slot.getInFlight() == 1), Duration.ofSeconds(20));

        d.process.toHandle().destroy();

        assertTrue(inFlight.get(60, TimeUnit.SECONDS).getContent().startsWith("# Working Memory Summary"));
        assertTrue(d.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, d.process.exitValue());
        assertFalse(Files.exists(d.socket));
        d.close();
    }

    @Test
    void health_answersWhileRendersRun() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderer-arg", "--fault-render-delay-ms",
                "--renderer-arg", "2000")) {
            var render = d.memoryAsync().withDeadlineAfter(60, TimeUnit.SECONDS).synthesize(request("default"));
            d.awaitPool(s -> s.getSlotsList().stream().anyMatch(slot -> slot.getInFlight() == 1), Duration.ofSeconds(20));

            var health = d.daemon().withDeadlineAfter(500, TimeUnit.MILLISECONDS).health(HealthRequest.getDefaultInstance());

            assertFalse(render.isDone());
            assertEquals(DaemonStatus.DAEMON_SERVING, health.getStatus());
            assertTrue(health.getResources().getFds().getTotal() > 0);
            assertEquals(0, health.getResources().getFds().getArtifactFiles());
            long sampledAgo = System.currentTimeMillis() - health.getResources().getSampledAtMs();
            assertTrue(sampledAgo >= 0 && sampledAgo < 5000, "resources sampled " + sampledAgo + " ms ago");
            assertEquals(PoolMode.POOL_NORMAL, health.getPoolMode());
            render.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void invalidAgentId_andMissingField_areInvalidArgumentNamingTheField() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            StatusRuntimeException badAgent = assertThrows(StatusRuntimeException.class,
                    () -> d.memory().synthesize(request("../etc")));
            StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                    () -> d.memory().writeArtifact(WriteArtifactRequest.newBuilder().setKind(ArtifactKind.SUMMARY)
                            .setCapturedAt("2026-04-29T10:00:00.000Z").setText("x").build()));

            assertEquals(Status.Code.INVALID_ARGUMENT, badAgent.getStatus().getCode());
            assertEquals("agent_id", ErrorDetails.field(badAgent));
            assertEquals(Status.Code.INVALID_ARGUMENT, missing.getStatus().getCode());
            assertEquals("session_id", ErrorDetails.field(missing));
        }
    }


    @Test
    void rendererPastItsRenderLimit_isRecycled_replacementServesAndTheOldProcessEnds() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--recycle-after-renders", "2")) {
            long first = d.pool().getSlots(0).getPid();
            d.memory().synthesize(request("a"));
            d.memory().synthesize(request("b"));

            var recycled = d.awaitPool(s -> s.getSlots(0).getGeneration() == 2
                    && s.getSlots(0).getState() == RendererState.RENDERER_READY, Duration.ofSeconds(30));
            SynthesizeResponse r = d.memory().synthesize(request("c"));

            assertEquals(ExitKind.EXIT_RECYCLED, recycled.getSlots(0).getLastExit().getKind());
            assertEquals(ServedBy.RENDERER, r.getServedBy());
            assertEquals(recycled.getSlots(0).getPid(), r.getRendererPid());
            assertEquals(0, recycled.getTotals().getFallbacks());
            ProcessHandle.of(first).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            assertFalse(DaemonProcess.alive(first));
        }
    }

    @Test
    void tcpPort_servesHealthAndSynthesizeOnLoopback_toCallsWithTheToken() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--tcp-port", "0")) {
            String address = d.readyLine.split(" ")[2];
            assertTrue(address.startsWith("127.0.0.1:"), d.readyLine);
            io.grpc.Metadata token = new io.grpc.Metadata();
            token.put(LoopbackToken.AUTHORIZATION, LoopbackToken.headerValue(LoopbackToken.read(d.socket.getParent())));
            var channel = io.grpc.netty.NettyChannelBuilder.forTarget(address).usePlaintext()
                    .intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(token)).build();
            try {
                var daemon = io.memoryd.proto.v1.DaemonServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS);
                var memory = io.memoryd.proto.v1.MemoryServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(60, TimeUnit.SECONDS);

                assertEquals(DaemonStatus.DAEMON_SERVING, daemon.health(HealthRequest.getDefaultInstance()).getStatus());
                assertTrue(memory.synthesize(request("default")).getContent().startsWith("# Working Memory Summary"));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
