package io.memoryd.daemon.supervisor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import io.grpc.Status;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.process.status.RenderFailures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes renders to the pool's renderers: same agent to the same idle renderer, else the least loaded;
 * one render in flight per renderer, the rest queued here so nothing is lost when one dies. Callers of a
 * still-queued render join it; callers of a running one queue behind it. A failed render is retried once
 * elsewhere, else rendered by the fallback; a storage fault of the workspace (disk full, read-only,
 * locked, corrupt) goes to its callers as it is. What the failure says about the renderer (see
 * {@link RenderFailureKind}) decides whether it stays, is killed as hung, or is replaced. Every method runs
 * under the pool's lock unless it says not.
 */
final class RenderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RenderDispatcher.class);

    /** What the dispatcher asks of the process side of the pool. */
    interface Lifecycle {
        /**
         * End the slot's current process and start another, saying why: it hung (a render passed the
         * deadline), keeps failing renders, or broke the protocol.
         */
        void replace(RendererSlot slot, ExitKind why, String detail);

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
    /** Which renderer last took each agent: bounded, least recently routed agents forgotten first. */
    private final Map<String, Integer> affinity;
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
        // A renderer keeps warm state for at most maxAgents agents: remembering more routes is useless.
        int maxRemembered = Math.max(1, config.maxAgents()) * Math.max(1, config.renderers());
        this.affinity = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > maxRemembered;
            }
        };
    }

    /** How many agents' renderer is remembered. */
    int agentsWithAffinity() {
        return affinity.size();
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
                pending.fallbackReason = "no renderer is ready (" + slotStates() + ")";
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

    private String slotStates() {
        List<String> states = new ArrayList<>();
        for (RendererSlot s : slots) {
            states.add(s.rendererId + " " + s.state.name().replace("RENDERER_", ""));
        }
        return states.isEmpty() ? "the pool has no renderers" : String.join(", ", states);
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
        Call call = new Call(slot, slot.generation, slot.rendererId, slot.rendererId + "-" + System.nanoTime());
        pending.ownerCall = call.requestId();
        var reply = slot.stub.withDeadlineAfter(config.requestDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .render(RenderRequest.newBuilder().setRequestId(call.requestId()).setAgentId(pending.agent.value())
                        .setMaxTokens(pending.maxTokens).build());
        lifecycle.changed();
        Futures.addCallback(reply, new FutureCallback<>() {
            @Override
            public void onSuccess(RenderResponse response) {
                answered(call, pending, response, null);
            }

            @Override
            public void onFailure(Throwable t) {
                answered(call, pending, null, t);
            }
        }, callbacks);
    }

    /** One render call: the slot and process it went to, and its request id. */
    private record Call(RendererSlot slot, int generation, String rendererId, String requestId) {
        /** Whether the slot's current process is the one asked and this render is the one it has in flight. */
        boolean current(PendingRender pending) {
            return slot.generation == generation && slot.inFlight == pending;
        }
    }

    /** Handles a renderer's answer; called without the lock. Whatever goes wrong here, the callers get a typed answer. */
    private void answered(Call call, PendingRender pending, RenderResponse reply, Throwable failure) {
        try {
            if (failure != null) {
                Status status = Status.fromThrowable(failure);
                renderFailed(call, pending, RenderFailureKind.of(failure), status.getCode() + ": " + status.getDescription(),
                        failure);
                return;
            }
            String violation = RenderReplyCheck.violation(call.requestId(), call.rendererId(), reply);
            if (violation != null) {
                renderFailed(call, pending, RenderFailureKind.PROTOCOL_VIOLATION, "protocol violation: " + violation, null);
            } else {
                rendered(call, pending, reply);
            }
        } catch (Throwable t) {
            pending.fail(new SynthesisException(Status.Code.INTERNAL, "RENDER_FAILED", "handling the answer of renderer "
                    + call.rendererId() + " for agent " + pending.agent + " failed: " + t, t));
        }
    }

    private void rendered(Call call, PendingRender pending, RenderResponse r) {
        RendererSlot slot = call.slot();
        synchronized (lock) {
            if (call.requestId().equals(pending.ownerCall)) {
                runningByKey.remove(pending.coalescingKey(), slot);
            }
            if (call.current(pending)) {
                slot.inFlight = null;
                slot.served++;
                slot.consecutiveRestarts = 0;
                slot.failures.end();
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

    /**
     * A render call failed ({@code failure} says how): the caller is answered, retried elsewhere or sent to
     * the fallback, and the renderer stays, is killed as hung or is replaced, by {@code kind}.
     */
    private void renderFailed(Call call, PendingRender pending, RenderFailureKind kind, String failure, Throwable cause) {
        RendererSlot slot = call.slot();
        String renderer = "renderer " + call.rendererId();
        boolean toFallback;
        synchronized (lock) {
            if (!call.requestId().equals(pending.ownerCall)) {
                return; // taken back when its renderer ended: whoever took it answers it
            }
            pending.ownerCall = null;
            boolean current = call.current(pending);
            runningByKey.remove(pending.coalescingKey(), slot);
            if (current) {
                slot.inFlight = null;
                slot.failed++;
                slot.lastError = failure;
            }
            switch (kind) {
                case CALLER_ERROR -> {
                    pending.fail(new SynthesisException(Status.Code.INVALID_ARGUMENT, "INVALID_FIELD", failure, null));
                    toFallback = false;
                }
                case OVERRAN -> {
                    timeouts++;
                    String overran = "passed the " + config.requestDeadline().toMillis() + " ms request deadline";
                    pending.fallbackReason = renderer + " " + overran;
                    if (current) {
                        lifecycle.replace(slot, ExitKind.EXIT_HANG_KILLED, "a render " + overran + ": killed as hung");
                    }
                    toFallback = true;
                }
                case STORAGE_FAULT -> {
                    // The workspace's storage failed, not the renderer: another renderer or the fallback would
                    // meet the same fault (a locked database after another busy timeout each).
                    Status status = Status.fromThrowable(cause);
                    pending.fail(new SynthesisException(status.getCode(), RenderFailures.reasonOf(cause).name(),
                            status.getDescription(), cause));
                    toFallback = false;
                }
                case DEADLINE_IN_QUEUE -> {
                    timeouts++;
                    pending.fallbackReason = "the request deadline passed while it waited in the queue of " + renderer;
                    toFallback = true;
                }
                default -> {
                    if (current && kind == RenderFailureKind.PROTOCOL_VIOLATION) {
                        lifecycle.replace(slot, ExitKind.EXIT_PROTOCOL_VIOLATION, failure);
                    } else if (current && kind == RenderFailureKind.RENDERER_FAULT
                            && slot.failures.extend(failure, config.failureStreakLimit())) {
                        lifecycle.replace(slot, ExitKind.EXIT_FAILING_RENDERS, slot.failures.describe());
                    }
                    // A retiring (recycled) process's failure leaves its slot open: the slot has a new process.
                    pending.excludedSlot = slot.generation == call.generation() ? slot.index : -1;
                    pending.fallbackReason = renderer + " failed it (" + failure + ")";
                    toFallback = !retryElsewhere(pending);
                }
            }
            if (current) {
                pump(slot);
            }
        }
        lifecycle.changed();
        if (toFallback) {
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
            slot.inFlight.fallbackReason = "renderer " + slot.rendererId + " ended while rendering it";
            orphans.add(slot.inFlight);
            slot.inFlight = null;
        }
        while (!slot.queue.isEmpty()) {
            PendingRender p = slot.queue.poll();
            queuedByKey.remove(p.coalescingKey(), p);
            p.fallbackReason = "renderer " + slot.rendererId + " ended while it waited for it";
            orphans.add(p);
        }
        List<PendingRender> toFallback = new ArrayList<>();
        for (PendingRender p : orphans) {
            p.ownerCall = null;
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

    /** Renders in process, with one WARN line per render saying why; called without the lock. */
    private void runFallback(PendingRender pending) {
        String reason;
        synchronized (lock) {
            fallbacks++;
            reason = pending.fallbackReason;
        }
        CompletableFuture<SynthesisResult> render;
        try {
            render = fallback.render(pending.agent, pending.maxTokens, Math.max(0, pending.attempts - 1));
        } catch (Throwable t) {
            render = CompletableFuture.failedFuture(t);
        }
        render.whenComplete((r, t) -> {
            if (t == null) {
                log.warn("agent {}: answered by the in-process fallback in {} ms, because {}", pending.agent,
                        Math.round(r.renderMs()), reason);
                pending.complete(r);
                return;
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            log.warn("agent {}: the in-process fallback failed too ({}); it was asked because {}", pending.agent,
                    cause.toString(), reason);
            String why = "; the renderers could not serve it: " + reason;
            pending.fail(cause instanceof SynthesisException s
                    ? new SynthesisException(s.code(), s.reason(), s.getMessage() + why, s.getCause())
                    : new SynthesisException(Status.Code.INTERNAL, "RENDER_FAILED",
                            "fallback render of agent " + pending.agent + " failed: " + cause + why, cause));
        });
    }

    PoolTotals totals() {
        return PoolTotals.newBuilder().setRetries(retries).setFallbacks(fallbacks).setTimeouts(timeouts)
                .setRejections(rejections).setRenders(renders).setCoalesced(coalesced).build();
    }
}
