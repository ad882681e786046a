package io.memoryd.renderer;

import io.memoryd.process.status.RenderFailures;
import io.memoryd.process.status.StorageFaultStatus;
import io.memoryd.process.ProcessResources;
import io.memoryd.memory.RenderEngine;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.memoryd.memory.db.StorageFailure;
import io.memoryd.memory.db.StorageFault;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.InvalidAgentIdException;
import io.memoryd.proto.renderer.v1.FailureReason;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.RenderTimings;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.renderer.v1.StatusRequest;
import io.memoryd.proto.renderer.v1.StatusResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renderer's gRPC service: validates requests, queues renders one at a time, honours the caller's
 * deadline and cancellation while queued, and answers every failure with a typed status.
 */
public final class RendererService extends RendererServiceGrpc.RendererServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(RendererService.class);

    /** Who this renderer is, for responses and status. */
    public record Identity(String rendererId, long pid, String version, String workspace, long startedAtMillis) {
    }

    private final Identity identity;
    private final RenderEngine engine;
    private final RenderQueue queue = new RenderQueue();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final RenderProgress progress;
    private volatile String lastError = "";

    public RendererService(Identity identity, RenderEngine engine) {
        this(identity, engine, new RenderProgress());
    }

    /** @param progress how far the render in flight has got; the engine's index passes report to it too */
    public RendererService(Identity identity, RenderEngine engine, RenderProgress progress) {
        this.identity = identity;
        this.engine = engine;
        this.progress = progress;
    }

    @Override
    public void render(RenderRequest request, StreamObserver<RenderResponse> observer) {
        String requestId = request.getRequestId();
        AgentId agent;
        try {
            agent = AgentId.parse(request.getAgentId());
        } catch (InvalidAgentIdException e) {
            fail(observer, Status.Code.INVALID_ARGUMENT, FailureReason.INVALID_AGENT_ID,
                    "request " + requestId + ": " + e.getMessage());
            return;
        }
        if (request.getMaxTokens() < 0) {
            fail(observer, Status.Code.INVALID_ARGUMENT, FailureReason.INVALID_MAX_TOKENS,
                    "request " + requestId + ": max_tokens must not be negative, got " + request.getMaxTokens());
            return;
        }
        int maxTokens = request.getMaxTokens() == 0 ? TokenBudget.DEFAULT_MAX_TOKENS : request.getMaxTokens();
        RenderCall call = new RenderCall(requestId, agent, maxTokens, (ServerCallStreamObserver<RenderResponse>) observer,
                Context.current().getDeadline());
        call.observer.setOnCancelHandler(() -> {
            if (queue.withdraw(call)) {
                failed.incrementAndGet();
                log.debug("request {} for agent {} withdrawn from the queue: caller cancelled or its deadline passed",
                        requestId, agent);
            }
        });
        if (shuttingDown.get() || !queue.submit(call)) {
            fail(observer, Status.Code.UNAVAILABLE, FailureReason.SHUTTING_DOWN,
                    "request " + requestId + ": renderer " + identity.rendererId() + " is shutting down");
        }
    }

    /** One queued render and its caller. */
    private final class RenderCall implements Runnable {
        final String requestId;
        final AgentId agent;
        final int maxTokens;
        final ServerCallStreamObserver<RenderResponse> observer;
        final Deadline deadline;
        final long enqueuedNanos = System.nanoTime();

        RenderCall(String requestId, AgentId agent, int maxTokens, ServerCallStreamObserver<RenderResponse> observer,
                Deadline deadline) {
            this.requestId = requestId;
            this.agent = agent;
            this.maxTokens = maxTokens;
            this.observer = observer;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            // In flight while the answer is worked out, not while it is delivered: a caller that has its
            // answer and then asks for the status must see this render finished and counted.
            inFlight.incrementAndGet();
            progress.started();
            Runnable answer;
            try {
                answer = answer();
            } finally {
                progress.finished();
                inFlight.decrementAndGet();
            }
            answer.run();
        }

        /** Renders, counts the outcome and returns its delivery to the caller. */
        private Runnable answer() {
            double waitMs = (System.nanoTime() - enqueuedNanos) / 1e6;
            if (observer.isCancelled()) {
                failed.incrementAndGet();
                log.debug("request {} dropped: cancelled while queued", requestId);
                return () -> { };
            }
            if (deadline != null && deadline.isExpired()) {
                return failure(observer, Status.Code.DEADLINE_EXCEEDED, FailureReason.DEADLINE_PASSED_IN_QUEUE,
                        "request " + requestId + ": deadline passed after " + Math.round(waitMs) + " ms in the queue");
            }
            log.debug("render started request {} agent={} after {} ms in the queue", requestId, agent, Math.round(waitMs));
            RenderResult result;
            try {
                result = engine.render(agent, maxTokens);
            } catch (Throwable e) {
                // An Error too (a stack overflow, a missing class): the caller is answered and the renderer
                // goes on. Running out of heap never gets here: renderers run with -XX:+ExitOnOutOfMemoryError.
                lastError = "request " + requestId + " for agent " + agent + ": " + e;
                Optional<StorageFailure> storage = StorageFailure.in(e);
                if (storage.isPresent()) {
                    StorageFault fault = storage.get().fault();
                    return failure(observer, StorageFaultStatus.codeOf(fault), StorageFaultStatus.reasonOf(fault),
                            "render of agent " + agent + " failed (request " + requestId + "): "
                                    + storage.get().description());
                }
                log.warn("render failed: {}", lastError, e);
                return failure(observer, Status.Code.INTERNAL, FailureReason.RENDER_FAILED,
                        "render of agent " + agent + " failed (request " + requestId + "): " + e);
            }
            Projection p = result.projection();
            RenderResponse response = RenderResponse.newBuilder()
                    .setRequestId(requestId)
                    .setContent(p.content())
                    .setFileCount(p.fileCount())
                    .setIndexBlock(p.indexBlock())
                    .setRendererId(identity.rendererId())
                    .setPid(identity.pid())
                    .setTimings(RenderTimings.newBuilder()
                            .setQueueWaitMs(waitMs)
                            .setReindexMs(result.reindexNanos() / 1e6)
                            .setRenderMs(result.totalNanos() / 1e6))
                    .setValidUntilMs(result.validUntilMillis())
                    .build();
            if (observer.isCancelled()) {
                failed.incrementAndGet();
                return () -> { };
            }
            served.incrementAndGet();
            log.debug("rendered request {} agent={} files={} bytes={} wait={}ms render={}ms", requestId, agent,
                    p.fileCount(), p.content().length(), Math.round(waitMs), result.totalNanos() / 1_000_000);
            return () -> {
                observer.onNext(response);
                observer.onCompleted();
            };
        }
    }

    private void fail(StreamObserver<?> observer, Status.Code code, FailureReason reason, String description) {
        failure(observer, code, reason, description).run();
    }

    /** Counts and logs a failure now and returns its delivery to the caller. */
    private Runnable failure(StreamObserver<?> observer, Status.Code code, FailureReason reason, String description) {
        failed.incrementAndGet();
        if (code != Status.Code.INVALID_ARGUMENT) {
            log.warn("{} {}: {}", code, reason, description);
        }
        return () -> {
            if (observer instanceof ServerCallStreamObserver<?> s && s.isCancelled()) {
                return;
            }
            observer.onError(RenderFailures.of(code, reason, description));
        };
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        observer.onNext(snapshot());
        observer.onCompleted();
    }

    /** The current status, as the Status RPC reports it. */
    public StatusResponse snapshot() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        RenderProgress.Snapshot now = progress.snapshot();
        return StatusResponse.newBuilder()
                .setProgressPhase(now.phase())
                .setProgressDone(now.done())
                .setProgressTotal(now.total())
                .setProgressAgeMs(now.ageMillis())
                .setRendererId(identity.rendererId())
                .setPid(identity.pid())
                .setUptimeMs(System.currentTimeMillis() - identity.startedAtMillis())
                .setRendersServed(served.get())
                .setRendersFailed(failed.get())
                .setInFlight(inFlight.get())
                .setQueued(queue.queued())
                .setHeapUsedBytes(heap.getUsed())
                .setHeapMaxBytes(heap.getMax())
                .setHeapAfterGcBytes(ProcessResources.heapAfterGcBytes())
                .setRssBytes(ProcessResources.rssBytes())
                .setOpenFds(ProcessResources.openFds())
                .setLastError(lastError)
                .setVersion(identity.version())
                .setWorkspace(identity.workspace())
                .setShuttingDown(shuttingDown.get())
                .build();
    }

    /**
     * Stops taking renders: queued ones are answered UNAVAILABLE, the running one may finish within
     * {@code graceMillis}. Idempotent.
     */
    public void shutdown(long graceMillis) throws InterruptedException {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        List<Runnable> waiting = queue.stop(graceMillis);
        for (Runnable r : waiting) {
            RenderCall call = (RenderCall) r;
            fail(call.observer, Status.Code.UNAVAILABLE, FailureReason.SHUTTING_DOWN,
                    "request " + call.requestId + ": renderer " + identity.rendererId() + " is shutting down");
        }
    }
}
