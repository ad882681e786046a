package io.memoryd.daemon.supervisor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import io.grpc.Status;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.renderer.v1.FailureReason;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.renderer.RenderFailures;
import io.memoryd.renderer.StorageFaultStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Routes renders to the pool's renderers: same agent to the same idle renderer, else the least loaded;
 * one render in flight per renderer, the rest queued here so nothing is lost when one dies. Callers of a
 * still-queued render join it; callers of a running one queue behind it. A failed render is retried once
 * elsewhere, else rendered by the fallback; a storage fault of the workspace (disk full, read-only,
 * locked, corrupt) goes to its callers as it is. Every method runs under the pool's lock unless it says not.
 */
final class RenderDispatcher {

    /** What the dispatcher asks of the process side of the pool. */
    interface Lifecycle {
        /** A render passed the request deadline on this slot's current process: end it as hung. */
        void hung(RendererSlot slot);

        /** A render finished on the slot's current process: a chance to recycle it. */
        void served(RendererSlot slot);

        /** Something operators see changed. */
        void changed();

        boolean closing();
    }

    private final Object lock;
    private final List<RendererSlot> slots;
    private final PoolConfig config;
    private final FallbackRenderer fallback;
    private final Executor callbacks;
    private final Lifecycle lifecycle;
    private final Map<String, PendingRender> queuedByKey = new HashMap<>();
    /** Renders being rendered now, by coalescing key: a new caller waits for the next render, not a parallel one. */
    private final Map<String, RendererSlot> runningByKey = new HashMap<>();
    private final Map<String, Integer> affinity = new HashMap<>();
    private long retries;
    private long fallbacks;
    private long timeouts;
    private long rejections;
    private long renders;
    private long coalesced;

    RenderDispatcher(Object lock, List<RendererSlot> slots, PoolConfig config, FallbackRenderer fallback,
            Executor callbacks, Lifecycle lifecycle) {
        this.lock = lock;
        this.slots = slots;
        this.config = config;
        this.fallback = fallback;
        this.callbacks = callbacks;
        this.lifecycle = lifecycle;
    }

    /** Takes a caller's render; called without the lock. Never completes with an empty result. */
    CompletableFuture<SynthesisResult> synthesize(AgentId agent, int maxTokens) {
        CompletableFuture<SynthesisResult> result = new CompletableFuture<>();
        PendingRender fallbackNow = null;
        synchronized (lock) {
            if (lifecycle.closing()) {
                return CompletableFuture.failedFuture(new SynthesisException(Status.Code.UNAVAILABLE, "SHUTTING_DOWN",
                        "memoryd is shutting down", null));
            }
            renders++;
            PendingRender queued = queuedByKey.get(PendingRender.coalescingKey(agent, maxTokens));
            if (queued != null) {
                queued.waiters.add(result);
                coalesced++;
                return result;
            }
            if (queuedTotal() >= config.maxQueued()) {
                rejections++;
                return CompletableFuture.failedFuture(new SynthesisException(Status.Code.RESOURCE_EXHAUSTED,
                        "QUEUE_FULL", config.maxQueued() + " renders are already waiting; retry later", null));
            }
            PendingRender pending = new PendingRender(agent, maxTokens, result);
            RendererSlot running = runningByKey.get(pending.coalescingKey());
            RendererSlot slot = running != null && running.ready() ? running : choose(agent, -1);
            if (slot == null) {
                fallbackNow = pending;
            } else {
                slot.queue.add(pending);
                queuedByKey.putIfAbsent(pending.coalescingKey(), pending);
                affinity.put(agent.value(), slot.index);
                pump(slot);
            }
        }
        if (fallbackNow != null) {
            runFallback(fallbackNow);
        }
        return result;
    }

    private int queuedTotal() {
        int n = 0;
        for (RendererSlot s : slots) {
            n += s.queue.size();
        }
        return n;
    }

    /** The agents whose renders go to the slot first (at most {@code max}). Caller holds the pool's lock. */
    List<String> agentsWithAffinityFor(int slotIndex, int max) {
        List<String> agents = new ArrayList<>();
        for (Map.Entry<String, Integer> e : affinity.entrySet()) {
            if (e.getValue() == slotIndex && agents.size() < max) {
                agents.add(e.getKey());
            }
        }
        return agents;
    }

    /** The agent's own renderer when it is free, else the least loaded ready one; null when none is ready. */
    private RendererSlot choose(AgentId agent, int excluded) {
        Integer preferred = affinity.get(agent.value());
        if (preferred != null && preferred != excluded) {
            RendererSlot s = slots.get(preferred);
            if (s.ready() && s.load() == 0) {
                return s;
            }
        }
        RendererSlot best = null;
        for (RendererSlot s : slots) {
            if (s.ready() && s.index != excluded && (best == null || s.load() < best.load())) {
                best = s;
            }
        }
        return best;
    }

    /** Sends the slot's next render when it is ready and has none in flight. */
    void pump(RendererSlot slot) {
        if (!slot.ready() || slot.inFlight != null || slot.queue.isEmpty()) {
            return;
        }
        PendingRender pending = slot.queue.poll();
        queuedByKey.remove(pending.coalescingKey(), pending);
        slot.inFlight = pending;
        runningByKey.put(pending.coalescingKey(), slot);
        pending.attempts++;
        int generation = slot.generation;
        String requestId = slot.rendererId + "-" + System.nanoTime();
        var call = slot.stub.withDeadlineAfter(config.requestDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .render(RenderRequest.newBuilder().setRequestId(requestId).setAgentId(pending.agent.value())
                        .setMaxTokens(pending.maxTokens).build());
        lifecycle.changed();
        Futures.addCallback(call, new FutureCallback<>() {
            @Override
            public void onSuccess(RenderResponse response) {
                rendered(slot, generation, pending, response);
            }

            @Override
            public void onFailure(Throwable t) {
                renderFailed(slot, generation, pending, t);
            }
        }, callbacks);
    }

    private void rendered(RendererSlot slot, int generation, PendingRender pending, RenderResponse r) {
        synchronized (lock) {
            runningByKey.remove(pending.coalescingKey(), slot);
            if (slot.generation == generation && slot.inFlight == pending) {
                slot.inFlight = null;
                slot.served++;
                slot.consecutiveRestarts = 0;
                slot.recordLatency(r.getTimings().getRenderMs());
                lifecycle.served(slot);
                pump(slot);
            }
        }
        lifecycle.changed();
        double waitMs = (System.nanoTime() - pending.createdNanos) / 1e6 - r.getTimings().getRenderMs();
        pending.complete(new SynthesisResult(new Projection(r.getContent(), r.getFileCount(), r.getIndexBlock()),
                false, r.getRendererId(), r.getPid(), Math.max(0, waitMs), r.getTimings().getReindexMs(),
                r.getTimings().getRenderMs(), pending.attempts - 1, false));
    }

    private void renderFailed(RendererSlot slot, int generation, PendingRender pending, Throwable t) {
        Status status = Status.fromThrowable(t);
        FailureReason reason = RenderFailures.reasonOf(t);
        boolean toFallback = false;
        boolean storageFault = false;
        synchronized (lock) {
            boolean current = slot.generation == generation && slot.inFlight == pending;
            runningByKey.remove(pending.coalescingKey(), slot);
            if (current) {
                slot.inFlight = null;
                slot.failed++;
                slot.lastError = status.getCode() + ": " + status.getDescription();
            }
            switch (status.getCode()) {
                case DEADLINE_EXCEEDED -> {
                    timeouts++;
                    if (current) {
                        lifecycle.hung(slot);
                    }
                    toFallback = true;
                }
                case INVALID_ARGUMENT -> {
                    pending.fail(new SynthesisException(Status.Code.INVALID_ARGUMENT, "INVALID_FIELD",
                            status.getDescription(), t));
                    return;
                }
                default -> {
                    if (StorageFaultStatus.isStorageFault(reason)) {
                        // The workspace's storage failed, not the renderer: another renderer or the fallback
                        // would meet the same fault (a locked database after another busy timeout each).
                        storageFault = true;
                    } else {
                        pending.excludedSlot = slot.index;
                        toFallback = !retryElsewhere(pending);
                    }
                    if (current) {
                        pump(slot);
                    }
                }
            }
        }
        lifecycle.changed();
        if (storageFault) {
            pending.fail(new SynthesisException(status.getCode(), reason.name(), status.getDescription(), t));
        } else if (toFallback) {
            runFallback(pending);
        }
    }

    /** Re-queues a render on another ready renderer, once; false when it must go to the fallback. */
    private boolean retryElsewhere(PendingRender pending) {
        if (pending.attempts >= 2 || lifecycle.closing()) {
            return false;
        }
        RendererSlot other = choose(pending.agent, pending.excludedSlot);
        if (other == null) {
            return false;
        }
        retries++;
        other.queue.addFirst(pending);
        pump(other);
        return true;
    }

    /**
     * Takes the renders of a slot whose process ended (the one in flight and the queued ones) and sends
     * each to another renderer, once; returns those left for the fallback, to be handed to
     * {@link #runFallbacks} once the lock is released.
     */
    List<PendingRender> rescue(RendererSlot slot) {
        List<PendingRender> orphans = new ArrayList<>();
        if (slot.inFlight != null) {
            runningByKey.remove(slot.inFlight.coalescingKey(), slot);
            orphans.add(slot.inFlight);
            slot.inFlight = null;
        }
        while (!slot.queue.isEmpty()) {
            PendingRender p = slot.queue.poll();
            queuedByKey.remove(p.coalescingKey(), p);
            orphans.add(p);
        }
        List<PendingRender> toFallback = new ArrayList<>();
        for (PendingRender p : orphans) {
            p.excludedSlot = slot.index;
            if (!retryElsewhere(p)) {
                toFallback.add(p);
            }
        }
        return toFallback;
    }

    /** Renders each in process; called without the lock. */
    void runFallbacks(List<PendingRender> pending) {
        pending.forEach(this::runFallback);
    }

    private void runFallback(PendingRender pending) {
        synchronized (lock) {
            fallbacks++;
        }
        fallback.render(pending.agent, pending.maxTokens, Math.max(0, pending.attempts - 1)).whenComplete((r, t) -> {
            if (t != null) {
                pending.fail(t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause() : t);
            } else {
                pending.complete(r);
            }
        });
    }

    PoolTotals totals() {
        return PoolTotals.newBuilder().setRetries(retries).setFallbacks(fallbacks).setTimeouts(timeouts)
                .setRejections(rejections).setRenders(renders).setCoalesced(coalesced).build();
    }
}
