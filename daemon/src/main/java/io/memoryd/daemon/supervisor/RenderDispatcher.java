package io.memoryd.daemon.supervisor;

import com.google.errorprone.annotations.ThreadSafe;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.Status;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.daemon.supervisor.RenderCalls.Call;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.StatusResponse;
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
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes renders to the pool's renderers: same agent to the same idle renderer, else the least loaded;
 * one render in flight per renderer, the rest queued here so nothing is lost when one dies. Callers of a
 * still-queued render join it; callers of a running one queue behind it. A failed render is retried once
 * elsewhere, else rendered by the fallback; a storage fault of the workspace (disk full, read-only,
 * locked, corrupt) goes to its callers as it is. What the failure says about the renderer (see
 * {@link RenderFailureKind}) decides whether it stays, is killed as hung, or is replaced.
 *
 * <p>Thread-safety: its state (and the slots') is guarded by the pool's lock, which every method takes
 * (re-entrantly where the pool holds it already). Which render goes to which renderer is decided under
 * the lock; the render call itself is started only after the lock is let go ({@link RenderCalls}):
 * {@link #pump} records the call, and whoever released the lock after a pump calls {@link #sendDecided}.
 */
@ThreadSafe
final class RenderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RenderDispatcher.class);

    /** What the dispatcher asks of the process side of the pool. */
    interface Lifecycle {
        /**
         * End the slot's current process and start another, saying why: it hung (a render passed the
         * deadline), keeps failing renders, or broke the protocol.
         */
        void replace(RendererSlot slot, ExitKind why, String detail);

        /**
         * {@link #replace} after a short grace, unless the process ends meanwhile: renders failing by the
         * transport's error are often the first sign that the process died (its sockets close before its
         * exit is reaped), and then its exit is the reason to report, not the failures.
         */
        void replaceUnlessItEnds(RendererSlot slot, ExitKind why, String detail);

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
    @GuardedBy("lock") private final Map<String, PendingRender> queuedByKey = new HashMap<>();
    /** Renders being rendered now, by coalescing key: a new caller waits for the next render, not a parallel one. */
    @GuardedBy("lock") private final Map<String, RendererSlot> runningByKey = new HashMap<>();
    /** Which renderer last took each agent: bounded, least recently routed agents forgotten first. */
    @GuardedBy("lock") private final Map<String, Integer> affinity;
    private final RenderCalls calls;
    @GuardedBy("lock") private long retries;
    @GuardedBy("lock") private long fallbacks;
    @GuardedBy("lock") private long timeouts;
    @GuardedBy("lock") private long rejections;
    @GuardedBy("lock") private long renders;
    @GuardedBy("lock") private long coalesced;

    RenderDispatcher(Object lock, List<RendererSlot> slots, PoolConfig config, FallbackRenderer fallback,
            ScheduledExecutorService timer, Executor callbacks, Lifecycle lifecycle) {
        this.lock = lock;
        this.slots = slots;
        this.config = config;
        this.fallback = fallback;
        this.callbacks = callbacks;
        this.lifecycle = lifecycle;
        this.calls = new RenderCalls(lock, config.requestDeadline(), config.progressLimit(), timer, callbacks,
                new RenderCalls.Answers() {
                    @Override
                    public void answered(Call call, RenderResponse reply, Throwable failure) {
                        RenderDispatcher.this.answered(call, reply, failure);
                    }

                    @Override
                    public void progressing(Call call, StatusResponse status) {
                        RenderDispatcher.this.progressing(call, status);
                    }
                });
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
        synchronized (lock) {
            return affinity.size();
        }
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
                slot.renders().enqueue(pending);
                queuedByKey.putIfAbsent(pending.coalescingKey(), pending);
                affinity.put(agent.value(), slot.index());
                pump(slot);
            }
        }
        sendDecided();
        if (fallbackNow != null) {
            runFallback(fallbackNow);
        }
        return result;
    }

    private int queuedTotal() {
        int n = 0;
        for (RendererSlot s : slots) {
            n += s.renders().queued();
        }
        return n;
    }

    private String slotStates() {
        List<String> states = new ArrayList<>();
        for (RendererSlot s : slots) {
            states.add(s.rendererId() + " " + s.state().name().replace("RENDERER_", ""));
        }
        return states.isEmpty() ? "the pool has no renderers" : String.join(", ", states);
    }

    /** The agents whose renders go to the slot first (at most {@code max}). */
    List<String> agentsWithAffinityFor(int slotIndex, int max) {
        synchronized (lock) {
            List<String> agents = new ArrayList<>();
            for (Map.Entry<String, Integer> e : affinity.entrySet()) {
                if (e.getValue() == slotIndex && agents.size() < max) {
                    agents.add(e.getKey());
                }
            }
            return agents;
        }
    }

    /** The agent's own renderer when it is free, else the least loaded ready one; null when none is ready. */
    @GuardedBy("lock")
    private RendererSlot choose(AgentId agent, int excluded) {
        Integer preferred = affinity.get(agent.value());
        if (preferred != null && preferred != excluded) {
            RendererSlot s = slots.get(preferred);
            if (s.ready() && s.renders().load() == 0) {
                return s;
            }
        }
        RendererSlot best = null;
        for (RendererSlot s : slots) {
            if (s.ready() && s.index() != excluded && (best == null || s.renders().load() < best.renders().load())) {
                best = s;
            }
        }
        return best;
    }

    /**
     * Decides the slot's next render when it is ready and has none in flight: the render is the slot's in
     * flight from now on, and its call is started by the next {@link #sendDecided}. Cheap, under the lock.
     */
    void pump(RendererSlot slot) {
        synchronized (lock) {
            PendingRender pending = slot.renders().takeNext();
            if (pending == null) {
                return;
            }
            queuedByKey.remove(pending.coalescingKey(), pending);
            runningByKey.put(pending.coalescingKey(), slot);
            pending.attempts++;
            String rendererId = slot.rendererId();
            Call call = new Call(slot, slot.generation(), rendererId, rendererId + "-" + System.nanoTime(),
                    slot.stub(), pending);
            pending.ownerCall = call.requestId();
            calls.decide(call);
            lifecycle.changed();
        }
    }

    /** Starts the render calls decided since the last time; called without the lock (see {@link RenderCalls}). */
    void sendDecided() {
        calls.sendDecided();
    }

    /** Handles a renderer's answer; called without the lock. Whatever goes wrong here, the callers get a typed answer. */
    private void answered(Call call, RenderResponse reply, Throwable failure) {
        PendingRender pending = call.pending();
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

    /** A render past its deadline is still progressing: its figures (and what it is doing) go to the status. */
    private void progressing(Call call, StatusResponse status) {
        synchronized (lock) {
            call.slot().recordFigures(call.generation(), status);
        }
        lifecycle.changed();
    }

    private void rendered(Call call, PendingRender pending, RenderResponse r) {
        RendererSlot slot = call.slot();
        synchronized (lock) {
            if (call.requestId().equals(pending.ownerCall)) {
                runningByKey.remove(pending.coalescingKey(), slot);
            }
            if (call.current()) {
                slot.renders().served(pending, r.getTimings().getRenderMs());
                lifecycle.served(slot);
                pump(slot);
            }
        }
        sendDecided();
        lifecycle.changed();
        double waitMs = (System.nanoTime() - pending.createdNanos) / 1e6 - r.getTimings().getRenderMs();
        pending.complete(new SynthesisResult(new Projection(r.getContent(), r.getFileCount(), r.getIndexBlock()),
                false, r.getRendererId(), r.getPid(), Math.max(0, waitMs), r.getTimings().getReindexMs(),
                r.getTimings().getRenderMs(), pending.attempts - 1, false, r.getValidUntilMs(), false));
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
            boolean current = call.current();
            runningByKey.remove(pending.coalescingKey(), slot);
            if (current) {
                slot.renders().failed(pending, failure);
            }
            switch (kind) {
                case CALLER_ERROR -> {
                    pending.fail(new SynthesisException(Status.Code.INVALID_ARGUMENT, "INVALID_FIELD", failure, null));
                    toFallback = false;
                }
                case OVERRAN -> {
                    timeouts++;
                    String overran = cause instanceof HungRenderException hung ? hung.reason()
                            : "got no answer within the " + config.progressLimit().toMillis() + " ms progress limit";
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
                            && slot.renders().extendFailureStreak(failure, config.failureStreakLimit())) {
                        lifecycle.replaceUnlessItEnds(slot, ExitKind.EXIT_FAILING_RENDERS,
                                slot.renders().failureStreak());
                    }
                    // A retiring (recycled) process's failure leaves its slot open: the slot has a new process.
                    pending.excludedSlot = slot.generation() == call.generation() ? slot.index() : -1;
                    pending.fallbackReason = renderer + " failed it (" + failure + ")";
                    toFallback = !retryElsewhere(pending);
                }
            }
            if (current) {
                pump(slot);
            }
        }
        sendDecided();
        lifecycle.changed();
        if (toFallback) {
            runFallback(pending);
        }
    }

    /** Re-queues a render on another ready renderer, once; false when it must go to the fallback. */
    @GuardedBy("lock")
    private boolean retryElsewhere(PendingRender pending) {
        if (pending.attempts >= 2 || lifecycle.closing()) {
            return false;
        }
        RendererSlot other = choose(pending.agent, pending.excludedSlot);
        if (other == null) {
            return false;
        }
        retries++;
        other.renders().enqueueFirst(pending);
        pump(other);
        return true;
    }

    /**
     * Takes the renders of a slot whose process ended (the one in flight and the queued ones) and sends
     * each to another renderer, once; returns those left for the fallback, to be handed to
     * {@link #runFallbacks} once the lock is released (and calls {@link #sendDecided} then too).
     */
    List<PendingRender> rescue(RendererSlot slot) {
        synchronized (lock) {
            SlotRenders.Orphans taken = slot.renders().takeBack();
            List<PendingRender> orphans = new ArrayList<>();
            if (taken.inFlight() != null) {
                runningByKey.remove(taken.inFlight().coalescingKey(), slot);
                taken.inFlight().fallbackReason = "renderer " + slot.rendererId() + " ended while rendering it";
                orphans.add(taken.inFlight());
            }
            for (PendingRender p : taken.queued()) {
                queuedByKey.remove(p.coalescingKey(), p);
                p.fallbackReason = "renderer " + slot.rendererId() + " ended while it waited for it";
                orphans.add(p);
            }
            List<PendingRender> toFallback = new ArrayList<>();
            for (PendingRender p : orphans) {
                p.ownerCall = null;
                p.excludedSlot = slot.index();
                if (!retryElsewhere(p)) {
                    toFallback.add(p);
                }
            }
            return toFallback;
        }
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
        synchronized (lock) {
            return PoolTotals.newBuilder().setRetries(retries).setFallbacks(fallbacks).setTimeouts(timeouts)
                    .setRejections(rejections).setRenders(renders).setCoalesced(coalesced).build();
        }
    }
}
