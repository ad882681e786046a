package io.memoryd.daemon.supervisor;

import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor of the renderer processes. It starts them, hands renders to its {@link RenderDispatcher},
 * kills hung ones, restarts dead ones with backoff only after they were reaped, gives up on a slot for a
 * while after too many restarts (DEGRADED), and recycles healthy ones past their limits by starting the
 * replacement first, so capacity never dips.
 */
public final class RendererPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RendererPool.class);
    /** Agents a recycled renderer's successor renders before it takes over (the rest start cold). */
    private static final int WARM_UP_AGENTS = 16;

    private final PoolConfig config;
    private final RendererLauncher launcher;
    private final RendererChannels channels;
    private final Path runDir;
    private final List<RendererSlot> slots = new ArrayList<>();
    private final RenderDispatcher dispatcher;
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
    private final PoolStatusListeners listeners = new PoolStatusListeners(callbacks, this::status);
    private final RendererStatusPoller poller;
    private final SuccessorWarmUp warmUp;
    private final StartGuard startGuard;
    /** Processes replaced by recycling that are still finishing their last render. */
    private final Set<RendererHandle> retiring = new HashSet<>();
    /** The slot being recycled now; one at a time, so at most one extra process runs. */
    private RendererSlot recycling;
    private boolean closing;
    /** The mode as of the last state change, readable without the pool's lock (health calls read it). */
    private volatile PoolMode publishedMode;

    public RendererPool(PoolConfig config, RendererLauncher launcher, RendererChannels channels,
            FallbackRenderer fallback, Path runDir) {
        this.config = config;
        this.launcher = launcher;
        this.channels = channels;
        this.runDir = runDir;
        for (int i = 0; i < config.renderers(); i++) {
            slots.add(new RendererSlot(i));
        }
        this.dispatcher = new RenderDispatcher(this, slots, config, fallback, callbacks, new Events());
        this.poller = new RendererStatusPoller(this, slots, callbacks, this::maybeRecycle);
        this.warmUp = new SuccessorWarmUp(channels, config.requestDeadline());
        this.startGuard = new StartGuard(scheduler, config.readinessDeadline(), this::startFailed);
        this.publishedMode = currentMode();
    }

    /** What the dispatcher tells the process side. Runs under the pool's lock. */
    private final class Events implements RenderDispatcher.Lifecycle {
        @Override
        public void replace(RendererSlot slot, ExitKind why, String detail) {
            log.warn("renderer {} (pid {}) is replaced ({}): {}", slot.rendererId, slot.handle.pid(), why, detail);
            slot.intendedExitDetail = detail;
            stopProcess(slot, why, why == ExitKind.EXIT_HANG_KILLED);
        }

        @Override
        public void served(RendererSlot slot) {
            slot.processServed++;
            maybeRecycle(slot);
        }

        @Override
        public void changed() {
            RendererPool.this.changed();
        }

        @Override
        public boolean closing() {
            return closing;
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
        long poll = config.recycle().pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(poller::poll, poll, poll, TimeUnit.MILLISECONDS);
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    }

    /** Renders a projection through the pool; never completes with an empty result. */
    public CompletableFuture<SynthesisResult> synthesize(AgentId agent, int maxTokens) {
        return dispatcher.synthesize(agent, maxTokens);
    }

    private Path socketFor(RendererSlot slot, int generation) {
        return runDir.resolve("r" + slot.index + "-" + generation + ".sock");
    }

    /** Starts a new process in the slot. Caller holds the lock. */
    private CompletableFuture<Void> launch(RendererSlot slot) {
        slot.generation++;
        int generation = slot.generation;
        slot.rendererId = "r" + slot.index + "-g" + generation;
        slot.state = RendererState.RENDERER_STARTING;
        slot.intendedExit = null;
        slot.intendedExitDetail = null;
        slot.launchedAtMillis = System.currentTimeMillis();
        slot.resetProcessFigures();
        Path socket = socketFor(slot, generation);
        RendererHandle handle;
        try {
            handle = launcher.launch(slot.rendererId, socket);
        } catch (Exception e) {
            slot.handle = null;
            slot.lastError = "launch failed: " + e.getMessage();
            slot.lastExit = ExitReasons.of(ExitKind.EXIT_FAILED_START, 0, e.getMessage());
            scheduleRestart(slot);
            return CompletableFuture.failedFuture(e);
        }
        slot.handle = handle;
        log.info("renderer {} starting (pid {})", slot.rendererId, handle.pid());
        startGuard.watch(handle);
        handle.exited().whenCompleteAsync((code, t) -> exited(slot, generation, code == null ? -1 : code), callbacks);
        CompletableFuture<Void> readyOrGone = handle.ready().thenAcceptAsync(
                ignored -> becameReady(slot, generation, handle, socket), callbacks);
        // A process that dies before its handshake ends its start too, whatever its launcher does with ready().
        return readyOrGone.applyToEither(handle.exited().thenApply(code -> (Void) null), v -> v);
    }

    /** A starting process (a slot's, or a successor's) missed its deadline or broke its handshake: kill it. */
    private void startFailed(RendererHandle handle, String why) {
        synchronized (this) {
            for (RendererSlot s : slots) {
                if (s.handle == handle && s.state == RendererState.RENDERER_STARTING) {
                    s.state = RendererState.RENDERER_STOPPING; // from now on a READY is too late
                    s.intendedExit = ExitKind.EXIT_FAILED_START;
                    s.lastError = s.intendedExitDetail = "failed start: " + why;
                } else if (s.handle == handle) {
                    return; // READY won the race
                }
            }
        }
        log.warn("renderer pid {}: {}; killing it as a failed start", handle.pid(), why);
        handle.kill();
        changed();
    }

    private void becameReady(RendererSlot slot, int generation, RendererHandle handle, Path socket) {
        synchronized (this) {
            if (slot.generation != generation || slot.handle != handle) {
                return;
            }
            if (slot.state == RendererState.RENDERER_STARTING) {
                serveFrom(slot, socket, slot.launchedAtMillis);
                log.info("renderer {} ready in {} ms", slot.rendererId, slot.startupMs);
            } else {
                log.warn(slot.lastError = "READY from " + slot.rendererId + " ignored: its start had been ended");
            }
        }
        changed();
    }

    /** Connects to the slot's (new) process and starts sending it renders. Caller holds the lock. */
    private void serveFrom(RendererSlot slot, Path socket, long launchedAtMillis) {
        slot.channel = channels.open(socket);
        slot.stub = RendererServiceGrpc.newFutureStub(slot.channel);
        slot.readyAtMillis = System.currentTimeMillis();
        slot.startupMs = slot.readyAtMillis - launchedAtMillis;
        slot.state = RendererState.RENDERER_READY;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        slot.recycleAtRenders = config.recycle().jitteredRenders(random);
        slot.recycleAtAgeMillis = config.recycle().jitteredAgeMillis(random);
        dispatcher.pump(slot);
    }

    private void exited(RendererSlot slot, int generation, int code) {
        List<PendingRender> toFallback;
        synchronized (this) {
            if (slot.generation != generation) {
                return;
            }
            String tail = slot.handle == null ? "" : slot.handle.stderrTail();
            slot.lastExit = ExitReasons.ofExit(slot.intendedExit, slot.intendedExitDetail, code, tail);
            if (slot.lastExit.getKind() != ExitKind.EXIT_SHUTDOWN) {
                log.warn("renderer {} (pid {}) ended: {} {}; stderr tail:\n{}", slot.rendererId,
                        slot.handle == null ? -1 : slot.handle.pid(), slot.lastExit.getKind(), slot.lastExit.getCode(), tail);
            }
            if (slot.channel != null) {
                slot.channel.shutdownNow();
                slot.channel = null;
            }
            abandonSuccessor(slot, "the renderer it was to replace ended first");
            toFallback = dispatcher.rescue(slot);
            if (closing) {
                slot.state = RendererState.RENDERER_STOPPED;
            } else {
                scheduleRestart(slot);
            }
        }
        dispatcher.runFallbacks(toFallback);
        changed();
    }

    /** Backoff with jitter, or DEGRADED after too many restarts in the window. Caller holds the lock. */
    private void scheduleRestart(RendererSlot slot) {
        long now = System.currentTimeMillis();
        if (slot.restartsWithin(config.restartWindow().toMillis(), now) >= config.restartIntensity()) {
            slot.state = RendererState.RENDERER_DEGRADED;
            log.warn("renderer slot {} restarted {} times in {} s: DEGRADED, next attempt in {} s", slot.index,
                    slot.restartTimes.size(), config.restartWindow().toSeconds(), config.healInterval().toSeconds());
            scheduleLaunch(slot, RendererState.RENDERER_DEGRADED, config.healInterval().toMillis());
            return;
        }
        long delay = slot.recordRestart(now, config.backoffBase().toMillis(), config.backoffMax().toMillis(),
                ThreadLocalRandom.current());
        slot.state = RendererState.RENDERER_BACKOFF;
        scheduleLaunch(slot, RendererState.RENDERER_BACKOFF, delay);
    }

    private void scheduleLaunch(RendererSlot slot, RendererState waitingIn, long delayMillis) {
        scheduler.schedule(() -> {
            synchronized (this) {
                if (!closing && slot.state == waitingIn) {
                    if (waitingIn == RendererState.RENDERER_DEGRADED) {
                        slot.restartTimes.clear();
                        slot.consecutiveRestarts = 0;
                    }
                    launch(slot);
                }
            }
            changed();
        }, delayMillis, TimeUnit.MILLISECONDS);
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
        terminateThenKill(handle);
    }

    private void terminateThenKill(RendererHandle handle) {
        handle.terminate();
        scheduler.schedule(() -> {
            if (!handle.exited().isDone()) {
                handle.kill();
            }
        }, config.killGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the slot's replacement when its process is past a recycle limit. Caller holds the lock. */
    private void maybeRecycle(RendererSlot slot) {
        if (closing || recycling != null || !slot.ready() || slot.successor != null) {
            return;
        }
        String reason = config.recycle().dueReason(slot.processServed, slot.recycleAtRenders,
                System.currentTimeMillis() - slot.readyAtMillis, slot.recycleAtAgeMillis, slot.heapAfterGc,
                slot.heapMax);
        if (reason == null) {
            return;
        }
        int generation = slot.generation + 1;
        String id = "r" + slot.index + "-g" + generation;
        Path socket = socketFor(slot, generation);
        long launchedAt = System.currentTimeMillis();
        RendererHandle successor;
        try {
            successor = launcher.launch(id, socket);
        } catch (Exception e) {
            slot.lastError = "recycle: launching the replacement failed: " + e.getMessage();
            return;
        }
        log.info("recycling renderer {} ({}): replacement {} starting (pid {})", slot.rendererId, reason, id,
                successor.pid());
        recycling = slot;
        slot.successor = successor;
        startGuard.watch(successor);
        List<String> agents = dispatcher.agentsWithAffinityFor(slot.index, WARM_UP_AGENTS);
        successor.ready().thenComposeAsync(ignored -> warmUp.warm(id, socket, agents), callbacks)
                .thenRunAsync(() -> promote(slot, successor, id, socket, launchedAt, reason), callbacks);
        successor.exited().whenCompleteAsync((code, t) -> {
            synchronized (this) {
                if (slot.successor == successor) {
                    abandonSuccessor(slot, "the replacement exited with " + code + " before READY");
                }
            }
        }, callbacks);
    }

    /** Drops a replacement that will not take over. Caller holds the lock. */
    private void abandonSuccessor(RendererSlot slot, String why) {
        if (slot.successor == null) {
            return;
        }
        log.warn("recycling renderer slot {} abandoned: {}", slot.index, why);
        slot.lastError = "recycle abandoned: " + why;
        slot.successor.kill();
        slot.successor = null;
        recycling = null;
    }

    /** The replacement is READY: it takes the slot; the old process finishes its render and stops. */
    private void promote(RendererSlot slot, RendererHandle successor, String id, Path socket, long launchedAt,
            String reason) {
        synchronized (this) {
            if (slot.successor != successor || closing || !slot.ready()) {
                if (slot.successor == successor) {
                    abandonSuccessor(slot, closing ? "shutting down" : "the slot is no longer serving");
                }
                return;
            }
            RendererHandle old = slot.handle;
            var oldChannel = slot.channel;
            // The old process's calls keep their own callbacks (older generation): a render in flight is
            // answered by it before it exits on SIGTERM, or retried elsewhere if it fails.
            slot.generation++;
            slot.rendererId = id;
            slot.handle = successor;
            slot.successor = null;
            slot.inFlight = null;
            slot.intendedExit = null;
            slot.resetProcessFigures();
            slot.lastExit = ExitReasons.of(ExitKind.EXIT_RECYCLED, 0, reason);
            recycling = null;
            retiring.add(old);
            int generation = slot.generation;
            successor.exited().whenCompleteAsync((code, t) -> exited(slot, generation, code == null ? -1 : code),
                    callbacks);
            serveFrom(slot, socket, launchedAt);
            log.info("renderer {} took over slot {} in {} ms; stopping pid {}", id, slot.index, slot.startupMs,
                    old.pid());
            old.exited().whenCompleteAsync((code, t) -> {
                oldChannel.shutdownNow();
                synchronized (this) {
                    retiring.remove(old);
                }
            }, callbacks);
            terminateThenKill(old);
        }
        changed();
    }

    /** The pool as operators see it. */
    public synchronized RendererPoolStatus status() {
        long now = System.currentTimeMillis();
        RendererPoolStatus.Builder b = RendererPoolStatus.newBuilder().setMode(currentMode()).setTotals(dispatcher.totals());
        for (RendererSlot s : slots) {
            b.addSlots(s.status(now));
        }
        return b.build();
    }

    private PoolMode currentMode() {
        boolean anyReady = slots.stream().anyMatch(RendererSlot::ready);
        boolean anyDegraded = slots.stream().anyMatch(s -> s.state == RendererState.RENDERER_DEGRADED);
        if (!anyReady && (slots.isEmpty() || anyDegraded)) {
            return PoolMode.POOL_FALLBACK_ONLY;
        }
        return anyDegraded ? PoolMode.POOL_DEGRADED : PoolMode.POOL_NORMAL;
    }

    /**
     * The pool's mode as of its last state change. Health calls read this rather than {@link #status()}, so
     * they never wait for the pool's lock behind a dispatch.
     */
    public PoolMode mode() {
        return publishedMode;
    }

    /** How many agents the dispatcher remembers a renderer for (bounded by the config's maxAgents). */
    synchronized int agentsWithAffinity() {
        return dispatcher.agentsWithAffinity();
    }

    /** Calls {@code listener} with the pool status after every state change. */
    public void addListener(Consumer<RendererPoolStatus> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<RendererPoolStatus> listener) {
        listeners.remove(listener);
    }

    private void changed() {
        synchronized (this) {
            publishedMode = currentMode();
        }
        listeners.changed();
    }

    /** Stops every renderer (SIGTERM, SIGKILL after the grace) and waits for them to be reaped. */
    @Override
    public void close() {
        List<RendererHandle> all = new ArrayList<>();
        synchronized (this) {
            closing = true;
            for (RendererSlot s : slots) {
                if (s.handle != null && !s.handle.exited().isDone()) {
                    stopProcess(s, ExitKind.EXIT_SHUTDOWN, false);
                    all.add(s.handle);
                }
                if (s.successor != null) {
                    all.add(s.successor);
                    s.successor.kill();
                }
            }
            all.addAll(retiring);
        }
        try {
            CompletableFuture.allOf(all.stream().map(RendererHandle::exited).toArray(CompletableFuture[]::new))
                    .get(config.killGrace().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            all.forEach(RendererHandle::kill);
        }
        scheduler.shutdownNow();
        callbacks.shutdown();
    }
}
