package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.renderer.v1.FailureReason;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.memory.RenderEngine;
import io.memoryd.process.status.RenderFailures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the pool does with a failed render, by what the failure says about the renderer: a request-level
 * failure is retried elsewhere and the renderer stays; a streak of them, or a reply that breaks the
 * contract, replaces the renderer; a deadline that passed in the renderer's queue is not a hang; and when
 * the fallback fails too the caller gets a typed INTERNAL naming why, never an empty success.
 */
@Timeout(20)
class RenderFailureHandlingTest {

    final FakeRenderers renderers = new FakeRenderers();
    volatile RenderEngine fallbackEngine = (agent, max) -> rendered("fallback for " + agent);
    FallbackRenderer fallback;
    RendererPool pool;

    private void start(int size) {
        fallback = new FallbackRenderer((agent, max) -> fallbackEngine.render(agent, max), 4);
        pool = new RendererPool(FakeRenderers.quickConfig(size, 64, FakeRenderers.NO_RECYCLING), renderers, renderers,
                fallback, Path.of("/fake/run"));
        pool.start().join();
    }

    @AfterEach
    void stop() {
        renderers.releaseRenders();
        if (pool != null) {
            pool.close();
        }
        if (fallback != null) {
            fallback.close();
        }
    }

    private static RenderResult rendered(String text) {
        return new RenderResult(new Projection("# Working Memory Summary\n\n" + text, 1, ""), 0, 1_000_000);
    }

    /** An engine whose renders fail as a broken database would make them. */
    private static RenderEngine failingFor(String agentPrefix) {
        return (agent, max) -> {
            if (agent.value().startsWith(agentPrefix)) {
                throw new IllegalStateException("database disk image is malformed");
            }
            return rendered("for " + agent);
        };
    }

    private SynthesisResult synthesize(String agent) throws Exception {
        return pool.synthesize(new AgentId(agent), 5000).get(10, TimeUnit.SECONDS);
    }

    private SynthesisException synthesisFailure(String agent) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> synthesize(agent));
        return assertInstanceOf(SynthesisException.class, e.getCause());
    }

    @Test
    void rendererAnsweringInternal_isRetriedElsewhere_andStaysInService() throws Exception {
        renderers.engines.put("r0-g1", failingFor(""));
        start(2);

        SynthesisResult r = synthesize("alice");

        assertEquals("r1-g1", r.rendererId());
        assertEquals(1, r.retries());
        assertFalse(r.fallback());
        RendererSlotStatus first = pool.status().getSlots(0);
        assertEquals(RendererState.RENDERER_READY, first.getState());
        assertEquals(1, first.getGeneration());
        assertTrue(first.getLastError().startsWith("INTERNAL: "), first.getLastError());
        assertEquals(1, renderers.handle("r0-g1").killed.getCount(), "the renderer was not stopped");
    }

    @Test
    void rendererWhoseCallsFailFastThreeTimesInARow_isReplaced_sayingWhy() throws Exception {
        renderers.unreachable.add("r0-g1"); // its socket is gone: every call fails UNAVAILABLE at once
        start(2);

        assertEquals("r1-g1", synthesize("a").rendererId());
        assertEquals("r1-g1", synthesize("b").rendererId());
        assertEquals(1, pool.status().getSlots(0).getGeneration(), "two failures in a row are not yet a streak");
        assertEquals("r1-g1", synthesize("c").rendererId());

        RendererSlotStatus replaced = PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2
                && s.getSlots(0).getState() == RendererState.RENDERER_READY).getSlots(0);
        ExitReason exit = replaced.getLastExit();
        assertEquals(ExitKind.EXIT_FAILING_RENDERS, exit.getKind());
        assertTrue(exit.getDetail().startsWith("3 renders in a row failed; the last: UNAVAILABLE: "), exit.getDetail());
        assertEquals(0, pool.status().getTotals().getFallbacks());
    }

    @Test
    void aServedRender_endsTheFailureStreak() throws Exception {
        renderers.engines.put("r0-g1", failingFor("bad"));
        start(2);

        synthesize("bad-1");
        synthesize("bad-2");
        assertEquals("r0-g1", synthesize("good").rendererId());
        synthesize("bad-3");
        synthesize("bad-4");

        RendererSlotStatus first = pool.status().getSlots(0);
        assertEquals(1, first.getGeneration());
        assertEquals(RendererState.RENDERER_READY, first.getState());
        assertEquals(4, first.getRendersFailed());
    }

    @Test
    void callersInvalidArgument_doesNotCountAgainstTheRenderer() throws Exception {
        renderers.services.put("r0-g1", answeringEveryRender(Status.Code.INVALID_ARGUMENT,
                FailureReason.INVALID_MAX_TOKENS));
        start(1);

        for (int i = 0; i < 3; i++) {
            assertEquals(Status.Code.INVALID_ARGUMENT, synthesisFailure("a" + i).code());
        }

        assertEquals(1, pool.status().getSlots(0).getGeneration());
        assertEquals(RendererState.RENDERER_READY, pool.status().getSlots(0).getState());
    }

    @Test
    void emptyReply_isAProtocolViolation_theCallerIsRetriedElsewhere_andTheRendererReplaced() throws Exception {
        renderers.engines.put("r0-g1", (agent, max) -> new RenderResult(new Projection("", 0, ""), 0, 0));
        start(2);

        SynthesisResult r = synthesize("alice");

        assertEquals("r1-g1", r.rendererId());
        assertTrue(r.projection().content().startsWith("# Working Memory Summary"));
        RendererSlotStatus replaced = PoolStatusWait.until(pool, s -> s.getSlots(0).getGeneration() == 2).getSlots(0);
        assertEquals(ExitKind.EXIT_PROTOCOL_VIOLATION, replaced.getLastExit().getKind());
        assertTrue(replaced.getLastExit().getDetail().contains("empty projection"), replaced.getLastExit().getDetail());
    }

    @Test
    void deadlinePassedInTheRenderersQueue_isNotAHang_theRendererStays() throws Exception {
        renderers.services.put("r0-g1", answeringEveryRender(Status.Code.DEADLINE_EXCEEDED,
                FailureReason.DEADLINE_PASSED_IN_QUEUE));
        start(1);

        SynthesisResult r = synthesize("alice");

        assertTrue(r.fallback());
        RendererSlotStatus slot = pool.status().getSlots(0);
        assertEquals(RendererState.RENDERER_READY, slot.getState());
        assertEquals(1, slot.getGeneration());
        assertEquals(1, renderers.handle("r0-g1").killed.getCount(), "the renderer was not killed as hung");
        assertEquals(1, pool.status().getTotals().getTimeouts());
    }

    @Test
    void fallbackFailing_isTypedInternal_namingTheFailureAndWhyTheFallbackRan() throws Exception {
        fallbackEngine = failingFor("");
        start(0);

        SynthesisException e = synthesisFailure("alice");

        assertEquals(Status.Code.INTERNAL, e.code());
        assertEquals("RENDER_FAILED", e.reason());
        assertTrue(e.getMessage().contains("database disk image is malformed"), e.getMessage());
        assertTrue(e.getMessage().contains("no renderer is ready"), e.getMessage());
    }

    @Test
    void fallbackThrowingAnError_isTypedInternal() throws Exception {
        fallbackEngine = (agent, max) -> {
            throw new StackOverflowError();
        };
        start(0);

        SynthesisException e = synthesisFailure("alice");

        assertEquals(Status.Code.INTERNAL, e.code());
        assertTrue(e.getMessage().contains("StackOverflowError"), e.getMessage());
    }

    @Test
    void fallbackComingBackEmpty_isTypedInternal_neverAnEmptySuccess() throws Exception {
        fallbackEngine = (agent, max) -> new RenderResult(new Projection("", 0, ""), 0, 0);
        start(0);

        SynthesisException e = synthesisFailure("alice");

        assertEquals(Status.Code.INTERNAL, e.code());
        assertTrue(e.getMessage().contains("came back empty"), e.getMessage());
    }

    @Test
    void everyAnswerFromTheFallback_isOneWarningWithTheReason() throws Exception {
        renderers.engines.put("r0-g1", failingFor(""));
        start(1);
        try (LogbackCapture log = new LogbackCapture(RenderDispatcher.class)) {
            synthesize("alice");
            synthesize("bob");

            List<String> warnings = log.messages().stream().filter(m -> m.contains("in-process fallback")).toList();
            assertEquals(2, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("WARN agent alice: answered by the in-process fallback"), warnings.get(0));
            assertTrue(warnings.get(0).contains("because renderer r0-g1 failed it (INTERNAL: "), warnings.get(0));
        }
    }

    /** A renderer that answers every render with the typed failure {@code code}/{@code reason}. */
    private static BindableService answeringEveryRender(Status.Code code, FailureReason reason) {
        return new RendererServiceGrpc.RendererServiceImplBase() {
            @Override
            public void render(RenderRequest request, StreamObserver<RenderResponse> observer) {
                observer.onError(RenderFailures.of(code, reason, "request " + request.getRequestId() + ": scripted"));
            }
        };
    }
}
