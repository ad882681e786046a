package io.memoryd.daemon.supervisor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import io.grpc.Status;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor of the renderer processes. It starts them, routes renders (same agent to the same idle
 * renderer, else the least loaded; one render in flight per renderer, the rest queued here so nothing is
 * lost when one dies), coalesces callers of a still-queued render, retries once elsewhere when a renderer
 * fails, kills hung ones at the request deadline, restarts dead ones with backoff only after they were
 * reaped, gives up on a slot for a while after too many restarts (DEGRADED), and falls back to the
 * in-process renderer when no renderer can serve.
 */
public final class RendererPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RendererPool.class);

    private final PoolConfig config;
    private final RendererLauncher launcher;
    private final RendererChannels channels;
    private final FallbackRenderer fallback;
    private final Path runDir;
    private final List<RendererSlot> slots = new ArrayList<>();
    private final Map<String, PendingRender> queuedByKey = new HashMap<>();
    /** Renders being rendered now, by coalescing key: a new caller waits for the next render, not a parallel one. */
    private final Map<String, RendererSlot> runningByKey = new HashMap<>();
    private final Map<String, Integer> affinity = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memoryd-pool-timer");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "memoryd-pool-callback");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<RendererPoolStatus>> listeners = new CopyOnWriteArrayList<>();
    private long retries;
    private long fallbacks;
    private long timeouts;
    private long rejections;
    private long renders;
    private long coalesced;
    private boolean closing;

    public RendererPool(PoolConfig config, RendererLauncher launcher, RendererChannels channels,
            FallbackRenderer fallback, Path runDir) {
        this.config = config;
        this.launcher = launcher;
        this.channels = channels;
        this.fallback = fallback;
        this.runDir = runDir;
        for (int i = 0; i < config.renderers(); i++) {
            slots.add(new RendererSlot(i));
        }
    }

    /** Starts every renderer at once; completes when each is READY or has failed its first start. */
    public CompletableFuture<Void> start() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        synchronized (this) {
            for (RendererSlot slot : slots) {
                starts.add(launch(slot).exceptionally(t -> null));
            }
        }
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    }

    /** Renders a projection through the pool; never completes with an empty result. */
    public CompletableFuture<SynthesisResult> synthesize(AgentId agent, int maxTokens) {
        CompletableFuture<SynthesisResult> result = new CompletableFuture<>();
        PendingRender fallbackNow = null;
        synchronized (this) {
            if (closing) {
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
                enqueue(slot, pending);
            }
        }
        if (fallbackNow != null) {
            runFallback(fallbackNow);
        }
        return result;
    }

    private void enqueue(RendererSlot slot, PendingRender pending) {
        slot.queue.add(pending);
        queuedByKey.putIfAbsent(pending.coalescingKey(), pending);
        affinity.put(pending.agent.value(), slot.index);
        pump(slot);
    }

    private int queuedTotal() {
        int n = 0;
        for (RendererSlot s : slots) {
            n += s.queue.size();
        }
        return n;
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

    /** Sends the slot's next render when it has none in flight. Caller holds the lock. */
    private void pump(RendererSlot slot) {
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
        changed();
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
        synchronized (this) {
            runningByKey.remove(pending.coalescingKey(), slot);
            if (slot.generation == generation && slot.inFlight == pending) {
                slot.inFlight = null;
                slot.served++;
                slot.consecutiveRestarts = 0;
                slot.recordLatency(r.getTimings().getRenderMs());
                pump(slot);
            }
        }
        changed();
        double waitMs = (System.nanoTime() - pending.createdNanos) / 1e6 - r.getTimings().getRenderMs();
        pending.complete(new SynthesisResult(new Projection(r.getContent(), r.getFileCount(), r.getIndexBlock()),
                false, r.getRendererId(), r.getPid(), Math.max(0, waitMs), r.getTimings().getReindexMs(),
                r.getTimings().getRenderMs(), pending.attempts - 1, false));
    }

    private void renderFailed(RendererSlot slot, int generation, PendingRender pending, Throwable t) {
        Status status = Status.fromThrowable(t);
        boolean toFallback = false;
        synchronized (this) {
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
                        log.warn("renderer {} (pid {}) passed the {} ms request deadline: killing it as hung",
                                slot.rendererId, slot.handle.pid(), config.requestDeadline().toMillis());
                        stopProcess(slot, ExitKind.EXIT_HANG_KILLED, true);
                    }
                    toFallback = true;
                }
                case INVALID_ARGUMENT -> {
                    pending.fail(new SynthesisException(Status.Code.INVALID_ARGUMENT, "INVALID_FIELD",
                            status.getDescription(), t));
                    return;
                }
                default -> {
                    pending.excludedSlot = slot.index;
                    toFallback = !retryElsewhere(pending);
                    if (current) {
                        pump(slot);
                    }
                }
            }
        }
        changed();
        if (toFallback) {
            runFallback(pending);
        }
    }

    /** Re-queues a render on another ready renderer, once; false when it must go to the fallback. */
    private boolean retryElsewhere(PendingRender pending) {
        if (pending.attempts >= 2 || closing) {
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

    private void runFallback(PendingRender pending) {
        synchronized (this) {
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

    /** Starts a new process in the slot. Caller holds the lock. */
    private CompletableFuture<Void> launch(RendererSlot slot) {
        slot.generation++;
        int generation = slot.generation;
        slot.rendererId = "r" + slot.index + "-g" + generation;
        slot.state = RendererState.RENDERER_STARTING;
        slot.intendedExit = null;
        slot.launchedAtMillis = System.currentTimeMillis();
        Path socket = runDir.resolve("r" + slot.index + ".sock");
        try {
            slot.handle = launcher.launch(slot.rendererId, socket);
        } catch (Exception e) {
            slot.handle = null;
            slot.lastError = "launch failed: " + e.getMessage();
            slot.lastExit = exit(ExitKind.EXIT_FAILED_START, 0, e.getMessage());
            scheduleRestart(slot);
            return CompletableFuture.failedFuture(e);
        }
        RendererHandle handle = slot.handle;
        log.info("renderer {} starting (pid {})", slot.rendererId, handle.pid());
        scheduler.schedule(() -> {
            synchronized (this) {
                if (slot.generation == generation && slot.state == RendererState.RENDERER_STARTING) {
                    log.warn("renderer {} missed its {} ms readiness deadline", slot.rendererId,
                            config.readinessDeadline().toMillis());
                    slot.intendedExit = ExitKind.EXIT_FAILED_START;
                    handle.kill();
                }
            }
        }, config.readinessDeadline().toMillis(), TimeUnit.MILLISECONDS);
        handle.exited().whenCompleteAsync((code, t) -> exited(slot, generation, code == null ? -1 : code), callbacks);
        CompletableFuture<Void> readyOrGone = handle.ready().thenAcceptAsync(
                ignored -> becameReady(slot, generation, socket), callbacks);
        // A process that dies before its handshake ends its start too, whatever its launcher does with ready().
        return readyOrGone.applyToEither(handle.exited().thenApply(code -> (Void) null), v -> v);
    }

    private void becameReady(RendererSlot slot, int generation, Path socket) {
        synchronized (this) {
            if (slot.generation != generation || slot.state != RendererState.RENDERER_STARTING) {
                return;
            }
            slot.channel = channels.open(socket);
            slot.stub = io.memoryd.proto.renderer.v1.RendererServiceGrpc.newFutureStub(slot.channel);
            slot.readyAtMillis = System.currentTimeMillis();
            slot.startupMs = slot.readyAtMillis - slot.launchedAtMillis;
            slot.state = RendererState.RENDERER_READY;
            log.info("renderer {} ready in {} ms", slot.rendererId, slot.startupMs);
            // Renders that found no renderer went to the fallback; new ones now come here.
            pump(slot);
        }
        changed();
    }

    private void exited(RendererSlot slot, int generation, int code) {
        List<PendingRender> orphans = new ArrayList<>();
        synchronized (this) {
            if (slot.generation != generation) {
                return;
            }
            ExitKind kind = slot.intendedExit;
            if (kind == null) {
                kind = code > 128 ? ExitKind.EXIT_KILLED_BY_SIGNAL : ExitKind.EXIT_EXITED;
            }
            int reported = kind == ExitKind.EXIT_KILLED_BY_SIGNAL ? code - 128 : code;
            String tail = slot.handle == null ? "" : slot.handle.stderrTail();
            slot.lastExit = exit(kind, reported, kind == ExitKind.EXIT_SHUTDOWN ? "" : lastLines(tail, 5));
            if (kind != ExitKind.EXIT_SHUTDOWN) {
                log.warn("renderer {} (pid {}) ended: {} {}; stderr tail:\n{}", slot.rendererId,
                        slot.handle == null ? -1 : slot.handle.pid(), kind, reported, tail);
            }
            if (slot.channel != null) {
                slot.channel.shutdownNow();
                slot.channel = null;
            }
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
            orphans = toFallback;
            if (closing) {
                slot.state = RendererState.RENDERER_STOPPED;
            } else {
                scheduleRestart(slot);
            }
        }
        for (PendingRender p : orphans) {
            runFallback(p);
        }
        changed();
    }

    /** Backoff with jitter, or DEGRADED after too many restarts in the window. Caller holds the lock. */
    private void scheduleRestart(RendererSlot slot) {
        long now = System.currentTimeMillis();
        while (!slot.restartTimes.isEmpty() && slot.restartTimes.peekFirst() < now - config.restartWindow().toMillis()) {
            slot.restartTimes.pollFirst();
        }
        if (slot.restartTimes.size() >= config.restartIntensity()) {
            slot.state = RendererState.RENDERER_DEGRADED;
            log.warn("renderer slot {} restarted {} times in {} s: DEGRADED, next attempt in {} s", slot.index,
                    slot.restartTimes.size(), config.restartWindow().toSeconds(), config.healInterval().toSeconds());
            scheduler.schedule(() -> {
                synchronized (this) {
                    if (!closing && slot.state == RendererState.RENDERER_DEGRADED) {
                        slot.restartTimes.clear();
                        slot.consecutiveRestarts = 0;
                        launch(slot);
                    }
                }
                changed();
            }, config.healInterval().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        slot.restartTimes.addLast(now);
        long base = config.backoffBase().toMillis() << Math.min(20, slot.consecutiveRestarts);
        long delay = Math.min(config.backoffMax().toMillis(), base);
        delay += ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        slot.consecutiveRestarts++;
        slot.state = RendererState.RENDERER_BACKOFF;
        scheduler.schedule(() -> {
            synchronized (this) {
                if (!closing && slot.state == RendererState.RENDERER_BACKOFF) {
                    launch(slot);
                }
            }
            changed();
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Ends a renderer on purpose: thread dump when hung, SIGTERM, SIGKILL after the grace. */
    private void stopProcess(RendererSlot slot, ExitKind why, boolean dump) {
        RendererHandle handle = slot.handle;
        if (handle == null) {
            return;
        }
        slot.intendedExit = why;
        slot.state = RendererState.RENDERER_STOPPING;
        if (dump) {
            handle.threadDump();
        }
        handle.terminate();
        scheduler.schedule(() -> {
            if (!handle.exited().isDone()) {
                handle.kill();
            }
        }, config.killGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ExitReason exit(ExitKind kind, int code, String detail) {
        return ExitReason.newBuilder().setKind(kind).setCode(code).setDetail(detail == null ? "" : detail)
                .setAt(IsoTime.format(Instant.now())).build();
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }

    /** The pool as operators see it. */
    public synchronized RendererPoolStatus status() {
        long now = System.currentTimeMillis();
        RendererPoolStatus.Builder b = RendererPoolStatus.newBuilder().setMode(mode())
                .setTotals(PoolTotals.newBuilder().setRetries(retries).setFallbacks(fallbacks).setTimeouts(timeouts)
                        .setRejections(rejections).setRenders(renders).setCoalesced(coalesced));
        for (RendererSlot s : slots) {
            b.addSlots(s.status(now));
        }
        return b.build();
    }

    private PoolMode mode() {
        boolean anyReady = slots.stream().anyMatch(RendererSlot::ready);
        boolean anyDegraded = slots.stream().anyMatch(s -> s.state == RendererState.RENDERER_DEGRADED);
        if (!anyReady && (slots.isEmpty() || anyDegraded)) {
            return PoolMode.POOL_FALLBACK_ONLY;
        }
        return anyDegraded ? PoolMode.POOL_DEGRADED : PoolMode.POOL_NORMAL;
    }

    /** Calls {@code listener} with the pool status after every state change. */
    public void addListener(Consumer<RendererPoolStatus> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<RendererPoolStatus> listener) {
        listeners.remove(listener);
    }

    /** Tells watchers the pool changed; asynchronous, so callers may hold the lock. */
    private void changed() {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            callbacks.execute(() -> {
                RendererPoolStatus s = status();
                for (Consumer<RendererPoolStatus> l : listeners) {
                    l.accept(s);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nobody to tell
        }
    }

    /** Stops every renderer (SIGTERM, SIGKILL after the grace) and waits for them to be reaped. */
    @Override
    public void close() {
        List<CompletableFuture<Integer>> exits = new ArrayList<>();
        synchronized (this) {
            closing = true;
            for (RendererSlot s : slots) {
                if (s.handle != null && !s.handle.exited().isDone()) {
                    stopProcess(s, ExitKind.EXIT_SHUTDOWN, false);
                    exits.add(s.handle.exited());
                }
            }
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(config.killGrace().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            synchronized (this) {
                slots.stream().filter(s -> s.handle != null).forEach(s -> s.handle.kill());
            }
        }
        scheduler.shutdownNow();
        callbacks.shutdown();
    }
}
