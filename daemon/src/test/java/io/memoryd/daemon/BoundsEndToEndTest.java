package io.memoryd.daemon;

import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.testing.StreamRecorder;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.process.socket.ServerLimits;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's bounds through a real daemon JVM with real renderer JVMs. */
@Timeout(180)
class BoundsEndToEndTest {

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
        try (TestWorkspace t = TestWorkspace.open(home)) {
            for (int i = 0; i < 10; i++) {
                String at = io.memoryd.memory.text.IsoTime.format(Instant.now().minus(Duration.ofHours(5L * i + 1)));
                t.ws.writer().writeSummary(new io.memoryd.memory.write.SessionInput(AgentId.DEFAULT, "s" + i, "s" + i,
                        "/home/u/proj", "codex", at, null, at, "Worked on the renderer pool, step " + i + "."));
            }
        }
    }

    /** gRPC's length-prefixed message framing: a flag byte and a 4-byte length. */
    private static final int GRPC_FRAME_HEADER = 5;

    private static SynthesizeRequest request(String agent) {
        return SynthesizeRequest.newBuilder().setAgentId(agent).build();
    }

    @Test
    void threeHundredAgentIds_withAnAgentCapOfFour_anEarlyAgentRendersTheSameAgain() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--max-agents", "4")) {
            SynthesizeResponse first = d.memory().synthesize(request("default"));
            for (int i = 0; i < 300; i++) {
                assertTrue(d.memory().synthesize(request("agent-" + i)).getContent()
                        .startsWith("# Working Memory Summary"));
            }

            SynthesizeResponse again = d.memory().synthesize(request("default"));

            assertEquals(ServedBy.RENDERER, again.getServedBy());
            assertEquals(first.getRendererPid(), again.getRendererPid(), "the same renderer, which let it go");
            assertEquals(first.getContent(), again.getContent());
            assertEquals(first.getFileCount(), again.getFileCount());
        }
    }

    /** A WatchRendererPool call that reads every status, recorded. */
    private static StreamRecorder<RendererPoolStatus> watch(ManagedChannel channel) {
        StreamRecorder<RendererPoolStatus> statuses = StreamRecorder.create();
        DaemonServiceGrpc.newStub(channel).watchRendererPool(RendererPoolRequest.getDefaultInstance(), statuses);
        return statuses;
    }

    /**
     * A slow WatchRendererPool client: it reads a status only when asked ({@link #next}), so gRPC's flow control
     * holds the rest on the daemon's side (a {@link StreamRecorder} reads on its own).
     */
    private static final class SlowWatcher {
        /** Statuses, and the stream's error if it ends with one. */
        final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final AtomicReference<ClientCallStreamObserver<RendererPoolRequest>> call = new AtomicReference<>();

        SlowWatcher(ManagedChannel channel) {
            DaemonServiceGrpc.newStub(channel).watchRendererPool(RendererPoolRequest.getDefaultInstance(),
                    new ClientResponseObserver<RendererPoolRequest, RendererPoolStatus>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<RendererPoolRequest> c) {
                            call.set(c);
                            c.disableAutoRequestWithInitial(0);
                        }

                        @Override
                        public void onNext(RendererPoolStatus status) {
                            received.add(status);
                        }

                        @Override
                        public void onError(Throwable t) {
                            received.add(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
        }

        /** Reads one more status; throws the stream's error, and fails when nothing comes. */
        RendererPoolStatus next() throws InterruptedException {
            call.get().request(1);
            Object next = received.poll(10, TimeUnit.SECONDS);
            if (next instanceof StatusRuntimeException e) {
                throw e;
            }
            assertTrue(next instanceof RendererPoolStatus, "the watcher got no status: " + next);
            return (RendererPoolStatus) next;
        }
    }

    @Test
    void watcherThatStopsReading_getsTheLatestStatusWhenItResumes_notABacklog() throws Exception {
        int window = 16 * 1024;
        UnixSocketChannels channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "2")) {
            ManagedChannel slow = channels.builder(d.socket)
                    .flowControlWindow(window).build();
            try {
                SlowWatcher watcher = new SlowWatcher(slow);
                watcher.next();
                // The watcher reads nothing more while the pool changes several times per render.
                for (int i = 0; i < 400; i++) {
                    d.memory().synthesize(request("agent-" + (i % 3)));
                }
                RendererPoolStatus latest = d.pool();
                assertEquals(DaemonStatus.DAEMON_SERVING,
                        d.daemon().health(HealthRequest.getDefaultInstance()).getStatus());

                long bytesAfterResuming = 0;
                int largest = 0;
                RendererPoolStatus last;
                do {
                    last = watcher.next();
                    bytesAfterResuming += GRPC_FRAME_HEADER + last.getSerializedSize();
                    largest = Math.max(largest, GRPC_FRAME_HEADER + last.getSerializedSize());
                } while (last.getTotals().getRenders() < latest.getTotals().getRenders());

                assertEquals(latest.getTotals().getRenders(), last.getTotals().getRenders());
                // A stalled stream holds at most what gRPC queues before the call stops being ready (32 KiB and the
                // message that crossed it), what the client's window lets through, and the one status the daemon
                // keeps, plus the few changes while the watcher catches up (the pool polls its renderers); a backlog
                // of every change the renders made would be several times that.
                long bound = 32 * 1024 + window + 8L * largest;
                assertTrue(bytesAfterResuming <= bound, bytesAfterResuming + " bytes after resuming; bound " + bound);
            } finally {
                slow.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            channels.close();
        }
    }

    @Test
    void requestOfSixMebibytes_isAccepted_onePastTenMebibytes_isResourceExhausted() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            WriteArtifactRequest.Builder write = WriteArtifactRequest.newBuilder().setKind(ArtifactKind.TRANSCRIPT)
                    .setCapturedAt("2026-04-29T10:00:00.000Z");

            String written = d.memory().writeArtifact(write.setSessionId("six").setText("y".repeat(6 << 20)).build())
                    .getArtifactPath();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> d.memory().writeArtifact(
                    write.setSessionId("big").setText("x".repeat(ServerLimits.MAX_INBOUND_MESSAGE_BYTES)).build()));

            assertTrue(written.endsWith("--transcript.md"), written);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertTrue(d.memory().synthesize(request("default")).getContent().startsWith("# Working Memory Summary"));
        }
    }

    @Test
    void sixtyFourOpenCallsOnAConnection_makeTheNextOneWait_andSixtyFourWatchersAreTheLimit() throws Exception {
        UnixSocketChannels channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            ManagedChannel busy = channels.builder(d.socket).build();
            try {
                // Watchers that keep reading: one that stopped would hold the connection's flow-control window.
                Context.CancellableContext firstCall = Context.current().withCancellation();
                StreamRecorder<RendererPoolStatus> first = firstCall.call(() -> watch(busy));
                first.firstValue().get(10, TimeUnit.SECONDS);
                for (int i = 1; i < ServerLimits.MAX_CONCURRENT_CALLS_PER_CONNECTION; i++) {
                    watch(busy).firstValue().get(10, TimeUnit.SECONDS);
                }

                StatusRuntimeException waited = assertThrows(StatusRuntimeException.class,
                        () -> DaemonServiceGrpc.newBlockingStub(busy).withDeadlineAfter(2, TimeUnit.SECONDS)
                                .health(HealthRequest.getDefaultInstance()));
                StreamRecorder<RendererPoolStatus> refused = watch(d.channel());
                assertTrue(refused.awaitCompletion(10, TimeUnit.SECONDS), "the watcher past the limit was not ended");
                assertEquals(List.of(), refused.getValues());
                StatusRuntimeException oneWatcherTooMany = assertInstanceOf(StatusRuntimeException.class,
                        refused.getError());
                firstCall.cancel(null);
                assertTrue(first.awaitCompletion(10, TimeUnit.SECONDS), "the cancelled watcher was not closed");
                assertInstanceOf(StatusRuntimeException.class, first.getError());
                // The observer hears of the cancellation from inside the event-loop task that writes the stream's
                // RST_STREAM; the client closes the stream, freeing its slot, only when that write has gone out at
                // the end of the task. A call started before then waits in Netty's StreamBufferingEncoder, and
                // one let out of it by a stream closing is written but not flushed: it would sit there until the
                // connection next reads. So the next call starts once that task is over (the channels' one event
                // loop is the connection's).
                CompletableFuture.runAsync(() -> { }, channels.eventLoop()).get(10, TimeUnit.SECONDS);

                assertEquals(Status.Code.DEADLINE_EXCEEDED, waited.getStatus().getCode());
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, oneWatcherTooMany.getStatus().getCode());
                assertEquals(DaemonStatus.DAEMON_SERVING, DaemonServiceGrpc.newBlockingStub(busy)
                        .withDeadlineAfter(30, TimeUnit.SECONDS).health(HealthRequest.getDefaultInstance())
                        .getStatus(), "a call slot is free again");
            } finally {
                busy.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            channels.close();
        }
    }

    @Test
    void maxAgentsBelowOne_exitsWithUsageError() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DaemonMain.class.getName(), "--home", home.toString(),
                "--max-agents", "0").start();
        p.getOutputStream().close();
        String stderr;
        try (InputStream err = p.getErrorStream()) {
            stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(stderr.contains("--max-agents must be a whole number of at least 1: 0"), stderr);
        assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
