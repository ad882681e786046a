package io.memoryd.renderer;

import io.memoryd.process.status.RenderFailures;
import io.memoryd.memory.RenderEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.process.testing.GrpcCleanupExtension;
import io.memoryd.proto.renderer.v1.FailureReason;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.renderer.v1.StatusRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The renderer service over an in-process channel, with a scripted render engine. */
@Timeout(20)
class RendererServiceTest {

    /** A render engine that records calls and, when asked, blocks until released. */
    static final class ScriptedEngine implements RenderEngine {
        final List<String> rendered = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean block;
        volatile RuntimeException failure;
        volatile Error error;

        @Override
        public RenderResult render(AgentId agent, int maxTokens) {
            rendered.add(agent.value());
            started.countDown();
            if (block) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (error != null) {
                throw error;
            }
            return new RenderResult(new Projection("# Working Memory Summary for " + agent, 3, ""), 1_000_000, 2_000_000);
        }
    }

    @RegisterExtension
    final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
    final ScriptedEngine engine = new ScriptedEngine();
    RendererService service;
    ManagedChannel channel;
    RendererServiceGrpc.RendererServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        service = new RendererService(new RendererService.Identity("r-test", 4242, "dev", "/ws", System.currentTimeMillis()),
                engine);
        String name = InProcessServerBuilder.generateName();
        grpc.register(InProcessServerBuilder.forName(name).addService(service).build().start());
        channel = grpc.register(InProcessChannelBuilder.forName(name).build());
        stub = RendererServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void releaseRenders() {
        engine.release.countDown();
    }

    private static RenderRequest request(String id, String agent) {
        return RenderRequest.newBuilder().setRequestId(id).setAgentId(agent).setMaxTokens(5000).build();
    }

    @Test
    void render_answersContentWithIdentityAndTimings() {
        RenderResponse r = stub.render(request("r1", "alice"));

        assertEquals("# Working Memory Summary for alice", r.getContent());
        assertEquals(3, r.getFileCount());
        assertEquals("r1", r.getRequestId());
        assertEquals("r-test", r.getRendererId());
        assertEquals(4242, r.getPid());
        assertEquals(2.0, r.getTimings().getRenderMs(), 1e-9);
        assertEquals(1.0, r.getTimings().getReindexMs(), 1e-9);
    }

    @Test
    void render_blankAgentMeansDefault() {
        assertEquals("# Working Memory Summary for default", stub.render(request("r1", "")).getContent());
    }

    @Test
    void render_invalidAgentId_isInvalidArgumentNamingTheId() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.render(request("r1", "../etc")));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(FailureReason.INVALID_AGENT_ID, RenderFailures.reasonOf(e));
        assertTrue(e.getStatus().getDescription().contains("\"../etc\""), e.getStatus().getDescription());
        assertEquals(List.of(), engine.rendered);
    }

    @Test
    void render_negativeMaxTokens_isInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.render(request("r1", "alice").toBuilder().setMaxTokens(-1).build()));

        assertEquals(FailureReason.INVALID_MAX_TOKENS, RenderFailures.reasonOf(e));
    }

    @Test
    void render_engineThrows_isInternalWithTheCause() {
        engine.failure = new IllegalStateException("database is locked");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.render(request("r7", "alice")));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(FailureReason.RENDER_FAILED, RenderFailures.reasonOf(e));
        assertTrue(e.getStatus().getDescription().contains("database is locked"));
        assertTrue(e.getStatus().getDescription().contains("r7"));
        assertTrue(service.snapshot().getLastError().contains("database is locked"));
    }

    @Test
    void render_engineThrowingAnError_isInternal_andTheRendererGoesOn() {
        engine.error = new StackOverflowError();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).render(request("r7", "alice")));
        engine.error = null;

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals(FailureReason.RENDER_FAILED, RenderFailures.reasonOf(e));
        assertTrue(e.getStatus().getDescription().contains("StackOverflowError"), e.getStatus().getDescription());
        assertEquals("# Working Memory Summary for bob", stub.render(request("r8", "bob")).getContent());
    }

    @Test
    void render_whileShuttingDown_isUnavailable() throws Exception {
        service.shutdown(100);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.render(request("r1", "alice")));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(FailureReason.SHUTTING_DOWN, RenderFailures.reasonOf(e));
    }

    @Test
    void render_deadlinePassedInQueue_isDeadlineExceededAndNeverRendered() throws Exception {
        engine.block = true;
        var first = RendererServiceGrpc.newFutureStub(channel).render(request("first", "alice"));
        assertTrue(engine.started.await(5, TimeUnit.SECONDS));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.withDeadlineAfter(200, TimeUnit.MILLISECONDS).render(request("second", "bob")));
        engine.release.countDown();
        first.get(5, TimeUnit.SECONDS);

        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertEquals(List.of("alice"), engine.rendered);
        assertEquals(0, service.snapshot().getQueued());
    }

    @Test
    void render_cancelledWhileQueued_isDroppedFromTheQueue() throws Exception {
        engine.block = true;
        var first = RendererServiceGrpc.newFutureStub(channel).render(request("first", "alice"));
        assertTrue(engine.started.await(5, TimeUnit.SECONDS));
        Context.CancellableContext context = Context.current().withCancellation();
        var second = context.call(() -> RendererServiceGrpc.newFutureStub(channel).render(request("second", "bob")));
        waitUntilQueued(1);

        context.cancel(null);
        waitUntilQueued(0);
        engine.release.countDown();
        first.get(5, TimeUnit.SECONDS);

        assertTrue(second.isCancelled() || second.isDone());
        assertEquals(List.of("alice"), engine.rendered);
        assertEquals(1, service.snapshot().getRendersFailed());
    }

    /** Waits for the queue length through the Status RPC (the only observable signal of queueing). */
    private void waitUntilQueued(int expected) throws TimeoutException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stub.status(StatusRequest.getDefaultInstance()).getQueued() != expected) {
            if (System.nanoTime() > until) {
                throw new TimeoutException("queue never reached " + expected);
            }
            Thread.sleep(2); // a bounded poll that leaves the CPU to the threads it waits for
        }
    }

    @Test
    void status_reportsIdentityCountersAndResources() {
        stub.render(request("r1", "alice"));
        var s = stub.status(StatusRequest.getDefaultInstance());

        assertEquals("r-test", s.getRendererId());
        assertEquals(1, s.getRendersServed());
        assertEquals(0, s.getInFlight());
        assertEquals("/ws", s.getWorkspace());
        assertTrue(s.getHeapMaxBytes() > 0);
        assertTrue(s.getOpenFds() > 0);
        assertTrue(s.getRssBytes() > 0);
    }
}
