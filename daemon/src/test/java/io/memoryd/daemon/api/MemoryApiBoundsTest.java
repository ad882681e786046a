package io.memoryd.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import io.memoryd.daemon.ErrorDetails;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.testing.StreamRecorder;
import io.memoryd.daemon.supervisor.FallbackRenderer;
import io.memoryd.daemon.supervisor.PoolConfig;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.process.testing.GrpcCleanupExtension;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.PurgeNoiseRequest;
import io.memoryd.proto.v1.RemoveSessionRequest;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.proto.v1.WriteArtifactResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hook API's bounds, in process over gRPC with a real workspace (renders in the daemon's fallback):
 * field limits, the write queue's bound and deadlines, and synthesize's independence from writes.
 */
@Timeout(60)
class MemoryApiBoundsTest {

    @RegisterExtension
    final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
    @TempDir
    Path dir;
    TestWorkspace t;
    FallbackRenderer fallback;
    RendererPool pool;
    final ApiWorkQueue synthesis = new ApiWorkQueue("synthesize", 1, 4);
    final ApiWorkQueue writes = new ApiWorkQueue("write", 1, 1);
    final CountDownLatch releaseWrites = new CountDownLatch(1);
    final ScheduledExecutorService deadlineTimer = Executors.newSingleThreadScheduledExecutor();
    MemoryApiService service;
    ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        t = TestWorkspace.open(dir.resolve("ws"));
        fallback = new FallbackRenderer(t.ws::renderTimed, 16);
        // No renderer processes: every synthesize is rendered by the in-process fallback.
        pool = new RendererPool(PoolConfig.defaults(0), (id, socket) -> {
            throw new IOException("no renderers in this test");
        }, socket -> {
            throw new IllegalStateException("no renderers in this test");
        }, fallback, dir.resolve("run"));
        pool.start().join();
        service = new MemoryApiService(t.ws, pool, synthesis, writes);
        String name = InProcessServerBuilder.generateName();
        grpc.register(InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start());
        channel = grpc.register(InProcessChannelBuilder.forName(name).directExecutor().build());
    }

    @AfterEach
    void stop() {
        releaseWrites.countDown();
        synthesis.close();
        writes.close();
        pool.close();
        fallback.close();
        deadlineTimer.shutdownNow();
        t.close();
    }

    private MemoryServiceGrpc.MemoryServiceBlockingStub api() {
        return MemoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static WriteArtifactRequest.Builder write(String sessionId) {
        return WriteArtifactRequest.newBuilder().setKind(ArtifactKind.SUMMARY).setAgentId("alice")
                .setSessionId(sessionId).setCapturedAt("2026-04-29T10:00:00.000Z").setText("Worked on " + sessionId);
    }

    /** Holds the write queue's one thread until the test ends. */
    private void blockTheWriteThread() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        writes.submit("blocker", () -> {
            running.countDown();
            try {
                releaseWrites.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, e -> { });
        assertTrue(running.await(5, TimeUnit.SECONDS));
    }


    private boolean anyFileNamesSession(String sessionId) throws IOException {
        String token = SessionToken.of("alice", sessionId);
        try (Stream<Path> files = Files.list(t.memoryDir())) {
            return files.anyMatch(f -> f.getFileName().toString().contains(token));
        }
    }

    @Test
    void writesSaturated_fullWriteQueueIsResourceExhausted_andSynthesizeStillAnswers() throws Exception {
        blockTheWriteThread();
        ListenableFuture<WriteArtifactResponse> queued = MemoryServiceGrpc.newFutureStub(channel)
                .writeArtifact(write("queued").build());

        StatusRuntimeException full = assertThrows(StatusRuntimeException.class,
                () -> api().writeArtifact(write("refused").build()));
        SynthesizeResponse synthesized = api().synthesize(SynthesizeRequest.newBuilder().setAgentId("alice").build());

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode());
        assertEquals("QUEUE_FULL", ErrorDetails.of(full).getReason());
        assertTrue(synthesized.getContent().startsWith("# Working Memory Summary"), synthesized.getContent());
        assertEquals(ServedBy.FALLBACK, synthesized.getServedBy());
        assertFalse(queued.isDone(), "the queued write is still waiting behind the blocked one");
        releaseWrites.countDown();
        assertFalse(queued.get(10, TimeUnit.SECONDS).getArtifactPath().isEmpty());
        assertFalse(anyFileNamesSession("refused"));
    }

    @Test
    void writeWhoseDeadlinePassesInTheQueue_isDeadlineExceeded_andNothingIsWritten() throws Exception {
        blockTheWriteThread();
        ApiWorkQueueTest.ManualTicker ticker = new ApiWorkQueueTest.ManualTicker();
        Context.CancellableContext call = Context.current()
                .withDeadline(Deadline.after(1, TimeUnit.SECONDS, ticker), deadlineTimer);
        StreamRecorder<WriteArtifactResponse> answer = StreamRecorder.create();
        call.run(() -> service.writeArtifact(write("late").build(), answer));

        ticker.nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        releaseWrites.countDown();

        assertTrue(answer.awaitCompletion(10, TimeUnit.SECONDS));
        StatusRuntimeException e = (StatusRuntimeException) answer.getError();
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertEquals("DEADLINE_PASSED", ErrorDetails.of(e).getReason());
        assertTrue(e.getStatus().getDescription().startsWith("WriteArtifact for agent alice: the call's deadline"),
                e.getStatus().getDescription());
        api().writeArtifact(write("after").build()); // ran after the late one's turn in the queue
        assertFalse(anyFileNamesSession("late"), "the late write never ran");
        assertTrue(anyFileNamesSession("after"));
        call.cancel(null);
    }

    static Stream<Arguments> oversizedFields() {
        String x = "x";
        return Stream.of(
                Arguments.of("session_id", "256", (Supplier<Object>) () -> write(x.repeat(257)).build()),
                Arguments.of("session_key", "256",
                        (Supplier<Object>) () -> write("s").setSessionKey(x.repeat(257)).build()),
                Arguments.of("project", "4096",
                        (Supplier<Object>) () -> write("s").setProject(x.repeat(4097)).build()),
                Arguments.of("harness", "64", (Supplier<Object>) () -> write("s").setHarness(x.repeat(65)).build()),
                Arguments.of("started_at", "64",
                        (Supplier<Object>) () -> write("s").setStartedAt(x.repeat(65)).build()),
                Arguments.of("reason", "1024", (Supplier<Object>) () -> RemoveSessionRequest.newBuilder()
                        .setAgentId("alice").setSessionId("s").setReason(x.repeat(1025)).build()),
                Arguments.of("reason", "1024", (Supplier<Object>) () -> PurgeNoiseRequest.newBuilder()
                        .setAgentId("alice").setReason(x.repeat(1025)).build()),
                Arguments.of("max_tokens", "100000", (Supplier<Object>) () -> SynthesizeRequest.newBuilder()
                        .setMaxTokens(100_001).build()),
                Arguments.of("max_tokens", "256", (Supplier<Object>) () -> SynthesizeRequest.newBuilder()
                        .setMaxTokens(255).build()),
                Arguments.of("max_tokens", "256", (Supplier<Object>) () -> SynthesizeRequest.newBuilder()
                        .setMaxTokens(-1).build()));
    }

    private Object call(Object request) {
        if (request instanceof WriteArtifactRequest r) {
            return api().writeArtifact(r);
        }
        if (request instanceof RemoveSessionRequest r) {
            return api().removeSession(r);
        }
        if (request instanceof PurgeNoiseRequest r) {
            return api().purgeNoise(r);
        }
        return api().synthesize((SynthesizeRequest) request);
    }

    @ParameterizedTest(name = "bad input: {0} past its limit is INVALID_ARGUMENT naming the field and the limit")
    @MethodSource("oversizedFields")
    void fieldPastItsLimit_isInvalidArgumentNamingTheFieldAndTheLimit(String field, String limit,
            Supplier<Object> request) throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(request.get()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(field, ErrorDetails.of(e).getMetadataOrDefault("field", ""));
        assertTrue(e.getStatus().getDescription().startsWith(field + ": "), e.getStatus().getDescription());
        assertTrue(e.getStatus().getDescription().contains(limit), e.getStatus().getDescription());
    }

    @Test
    void fieldsAtTheirLimits_areAccepted() {
        assertFalse(api().writeArtifact(write("s".repeat(256)).setSessionKey("k".repeat(256))
                .setProject("/" + "p".repeat(4095)).setHarness("h".repeat(64)).build()).getArtifactPath().isEmpty());
        assertFalse(api().synthesize(SynthesizeRequest.newBuilder().setMaxTokens(256).build()).getContent().isEmpty());
        assertFalse(api().synthesize(SynthesizeRequest.newBuilder().setMaxTokens(100_000).build()).getContent()
                .isEmpty());
    }

    @Test
    void hugeRefusedAgentId_isEchoedCutToSixtyFourCharacters() throws Exception {
        String huge = "../" + "a".repeat(100_000);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> api().synthesize(SynthesizeRequest.newBuilder().setAgentId(huge).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("agent_id", ErrorDetails.of(e).getMetadataOrDefault("field", ""));
        String message = e.getStatus().getDescription();
        assertTrue(message.contains("\"" + huge.substring(0, 64) + "…\" (100003 characters)"), message);
        assertTrue(message.length() < 300, "message of " + message.length() + " characters");
    }
}
