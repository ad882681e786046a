package io.memoryd.daemon.supervisor;

import com.google.errorprone.annotations.ThreadSafe;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.ManagedChannel;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor of the renderer processes. It starts them, hands renders to its {@link RenderDispatcher},
 * kills hung ones, restarts dead ones with backoff only after they were reaped, gives up on a slot for a
 * while after too many restarts (DEGRADED), and has its {@link RendererRecycler} replace healthy ones past
 * their limits by starting the replacement first, so capacity never dips. Each slot's lifecycle is the
 * state machine of {@link RendererSlot}.
 *
 * <p>Thread-safety: one lock, this pool's monitor, guards the pool, its slots, its dispatcher and its
 * recycler, so that a decision reading several of them (which renderer takes a render, whether a slot
 * restarts or degrades, the pool's mode) is atomic. The lock only decides; the slow work runs after it is
 * let go and its outcome is applied under the lock again, checked against the slot's generation so a late
 * one is ignored: renderer JVMs are forked by {@link RendererLaunches} (by {@link #start}'s caller, else
 * on the launch thread), render calls are started by {@link RenderCalls}, channels are opened and shut
 * outside it, and a hung renderer's thread dump is taken on the timer thread ({@link ProcessStopper}).
 * {@link #mode()} is read without the lock.
 */
@ThreadSafe
public final class RendererPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RendererPool.class);

    private final PoolConfig config;
    private final RendererChannels channels;
    private final Path runDir;
    private final List<RendererSlot> slots;
    /** How long a renderer whose renders fail by the transport's error has to turn out dead before it is replaced. */
    private static final long EXIT_GRACE_MILLIS = 300;

    private final ScheduledExecutorService scheduler = timer();
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "memoryd-pool-callback");
        t.setDaemon(true);
        return t;
    });
    private final PoolStatusListeners listeners = new PoolStatusListeners(callbacks, this::status);
    private final RendererLaunches launches;
    private final ProcessStopper stopper;
    private final StartGuard startGuard;
    private final RenderDispatcher dispatcher;
    private final RendererRecycler recycler;
    private final RendererStatusPoller poller;
    @GuardedBy("this") private boolean closing;
    /** The mode as of the last state change, readable without the pool's lock (health calls read it). */
    private volatile PoolMode publishedMode;

    public RendererPool(PoolConfig config, RendererLauncher launcher, RendererChannels channels,
            FallbackRenderer fallback, Path runDir) {
        this.config = config;
        this.channels = channels;
        this.runDir = runDir;
        List<RendererSlot> all = new ArrayList<>();
        for (int i = 0; i < config.renderers(); i++) {
            all.add(new RendererSlot(i, this));
        }
        this.slots = List.copyOf(all);
        this.launches = new RendererLaunches(launcher);
        this.stopper = new ProcessStopper(scheduler, config.killGrace());
        this.startGuard = new StartGuard(scheduler, config.readinessDeadline(), this::startFailed);
        Events events = new Events();
        this.dispatcher = new RenderDispatcher(this, slots, config, fallback, scheduler, callbacks, events);
        this.recycler = new RendererRecycler(this, config, runDir, launches, channels, dispatcher, startGuard, stopper,
                callbacks, events);
        this.poller = new RendererStatusPoller(this, slots, callbacks, recycler::maybeRecycle);
        synchronized (this) {
            this.publishedMode = currentMode();
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "memoryd-pool-timer");
            t.setDaemon(true);
            return t;
        });
        // Every render schedules its deadline check and cancels it when answered: drop those at once, not
        // a deadline later, so thousands of renders a second leave no pile of dead checks.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** What the dispatcher and the recycler tell the process side. */
    private final class Events implements RenderDispatcher.Lifecycle, RendererRecycler.Pool {
        @Override
        public void replace(RendererSlot slot, ExitKind why, String detail) {
            synchronized (RendererPool.this) {
                log.warn("renderer {} (pid {}) is replaced ({}): {}", slot.rendererId(), slot.handle().pid(), why,
                        detail);
                stopProcess(slot, why, detail);
            }
        }

        @Override
        public void replaceUnlessItEnds(RendererSlot slot, ExitKind why, String detail) {
            RendererHandle process;
            synchronized (RendererPool.this) {
                process = slot.handle();
            }
            try {
                scheduler.schedule(() -> {
                    synchronized (RendererPool.this) {
                        if (closing || slot.handle() != process || !slot.ready() || process.exited().isDone()) {
                            return; // ended by itself, or replaced already
                        }
                        replace(slot, why, detail);
                    }
                    changed();
                }, EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the pool is closing: its renderers are being stopped anyway
            }
        }

        @Override
        public void served(RendererSlot slot) {
            recycler.maybeRecycle(slot);
        }

        @Override
        public void adopted(RendererSlot slot, int generation, RendererHandle process) {
            watchExit(slot, generation, process);
        }

        @Override
        public void changed() {
            RendererPool.this.changed();
        }

        @Override
        public boolean closing() {
            synchronized (RendererPool.this) {
                return closing;
            }
        }
    }

    /**
     * Starts every renderer at once: the processes are forked in this thread (which must not hold the
     * pool's lock), one after another, and boot side by side. Completes when each is READY or has failed
     * its first start.
     */
    public CompletableFuture<Void> start() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        List<RendererLaunches.Launch> forks = new ArrayList<>();
        synchronized (this) {
            for (RendererSlot slot : slots) {
                CompletableFuture<Void> started = new CompletableFuture<>();
                forks.add(decideLaunch(slot, started));
                starts.add(started.exceptionally(t -> null));
            }
        }
        forks.forEach(RendererLaunches.Launch::run);
        long poll = config.recycle().pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(poller::poll, poll, poll, TimeUnit.MILLISECONDS);
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    }

    /** Renders a projection through the pool; never completes with an empty result. */
    public CompletableFuture<SynthesisResult> synthesize(AgentId agent, int maxTokens) {
        return dispatcher.synthesize(agent, maxTokens);
    }

    /**
     * Decides a new process for the slot (STARTING, next generation) and returns its fork, to be run once
     * the lock is let go; {@code started} completes when it is READY or gone.
     */
    @GuardedBy("this")
    private RendererLaunches.Launch decideLaunch(RendererSlot slot, CompletableFuture<Void> started) {
        int generation = slot.beginStart(System.currentTimeMillis());
        Path socket = RendererSlot.socket(runDir, slot.index(), generation);
        return launches.decide(slot.rendererId(), socket,
                (process, failure) -> launched(slot, generation, socket, process, failure, started));
    }

    /** The slot's process was forked, or could not be: applied under the lock, on the thread that forked. */
    private void launched(RendererSlot slot, int generation, Path socket, RendererHandle process, Throwable failure,
            CompletableFuture<Void> started) {
        if (failure != null) {
            synchronized (this) {
                slot.launchFailed(generation, failure.getMessage());
                if (!closing) {
                    scheduleRestart(slot);
                }
            }
            changed();
            started.completeExceptionally(failure);
            return;
        }
        boolean closingNow;
        synchronized (this) {
            slot.launched(generation, process);
            closingNow = closing;
            if (closingNow) {
                slot.stop(ExitKind.EXIT_SHUTDOWN, null); // forked while the pool closed: it ends at once
            }
        }
        log.info("renderer {} starting (pid {})", RendererSlot.rendererId(slot.index(), generation), process.pid());
        watchExit(slot, generation, process);
        if (closingNow) {
            stopper.terminateThenKill(process);
            started.completeExceptionally(new IllegalStateException("the pool closed while it was forked"));
            return;
        }
        startGuard.watch(process);
        process.ready().thenAcceptAsync(ignored -> becameReady(slot, generation, process, socket), callbacks)
                // A process that dies before its handshake ends its start too, whatever its launcher does with ready().
                .applyToEither(process.exited().thenApply(code -> (Void) null), v -> v)
                .whenComplete((v, t) -> {
                    if (t == null) {
                        started.complete(null);
                    } else {
                        started.completeExceptionally(t);
                    }
                });
        changed();
    }

    private void watchExit(RendererSlot slot, int generation, RendererHandle process) {
        process.exited().whenCompleteAsync((code, t) -> exited(slot, generation, code == null ? -1 : code), callbacks);
    }

    /** A starting process (a slot's, or a successor's) missed its deadline or broke its handshake: kill it. */
    private void startFailed(RendererHandle handle, String why) {
        synchronized (this) {
            for (RendererSlot s : slots) {
                if (s.handle() == handle) {
                    if (s.state() != RendererState.RENDERER_STARTING) {
                        return; // READY won the race
                    }
                    s.failStart(why); // from now on a READY is too late
                }
            }
        }
        log.warn("renderer pid {}: {}; killing it as a failed start", handle.pid(), why);
        handle.kill();
        changed();
    }

    private void becameReady(RendererSlot slot, int generation, RendererHandle handle, Path socket) {
        ManagedChannel channel = channels.open(socket); // opened before the lock, shut again if it is not wanted
        boolean stale;
        boolean serving = false;
        synchronized (this) {
            stale = slot.generation() != generation || slot.handle() != handle;
            if (!stale && slot.state() == RendererState.RENDERER_STARTING) {
                slot.ready(generation, channel, System.currentTimeMillis(), config.recycle());
                serving = true;
                log.info("renderer {} ready in {} ms", slot.rendererId(), slot.startupMs());
                dispatcher.pump(slot);
            } else if (!stale) {
                String error = "READY from " + slot.rendererId() + " ignored: its start had been ended";
                slot.noteError(error);
                log.warn(error);
            }
        }
        if (!serving) {
            channel.shutdownNow();
        }
        if (stale) {
            return;
        }
        dispatcher.sendDecided();
        changed();
    }

    private void exited(RendererSlot slot, int generation, int code) {
        List<PendingRender> toFallback;
        ManagedChannel channel;
        synchronized (this) {
            if (slot.generation() != generation) {
                return;
            }
            RendererHandle process = slot.handle();
            String tail = process.stderrTail();
            channel = slot.exited(code, tail);
            ExitReason exit = slot.lastExit();
            if (exit.getKind() != ExitKind.EXIT_SHUTDOWN) {
                log.warn("renderer {} (pid {}) ended: {} {}; stderr tail:\n{}", slot.rendererId(), process.pid(),
                        exit.getKind(), exit.getCode(), tail);
            }
            recycler.abandonFor(slot, "the renderer it was to replace ended first");
            toFallback = dispatcher.rescue(slot);
            if (!closing) {
                scheduleRestart(slot);
            }
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        dispatcher.sendDecided();
        dispatcher.runFallbacks(toFallback);
        changed();
    }

    /** From STOPPED: backoff with jitter, or DEGRADED after too many restarts in the window. */
    @GuardedBy("this")
    private void scheduleRestart(RendererSlot slot) {
        long now = System.currentTimeMillis();
        int restarts = slot.restartsWithin(config.restartWindow().toMillis(), now);
        if (restarts >= config.restartIntensity()) {
            slot.degrade();
            log.warn("renderer slot {} restarted {} times in {} s: DEGRADED, next attempt in {} s", slot.index(),
                    restarts, config.restartWindow().toSeconds(), config.healInterval().toSeconds());
            scheduleLaunch(slot, RendererState.RENDERER_DEGRADED, config.healInterval().toMillis());
            return;
        }
        long delay = slot.backOff(now, config.backoffBase().toMillis(), config.backoffMax().toMillis(),
                ThreadLocalRandom.current());
        scheduleLaunch(slot, RendererState.RENDERER_BACKOFF, delay);
    }

    /** After the delay, a slot still waiting in {@code waitingIn} starts a process; forked on the launch thread. */
    private void scheduleLaunch(RendererSlot slot, RendererState waitingIn, long delayMillis) {
        scheduler.schedule(() -> {
            synchronized (this) {
                if (!closing && slot.state() == waitingIn) {
                    launches.runLater(decideLaunch(slot, new CompletableFuture<>()));
                }
            }
            changed();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Ends a renderer on purpose: thread dump when hung (on the timer thread), SIGTERM, SIGKILL after the grace. */
    @GuardedBy("this")
    private void stopProcess(RendererSlot slot, ExitKind why, String detail) {
        RendererHandle handle = slot.handle();
        if (handle == null) {
            return;
        }
        slot.stop(why, detail);
        if (why == ExitKind.EXIT_HANG_KILLED) {
            stopper.dumpThenTerminate(handle);
        } else {
            stopper.terminateThenKill(handle);
        }
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

    @GuardedBy("this")
    private PoolMode currentMode() {
        boolean anyReady = slots.stream().anyMatch(RendererSlot::ready);
        boolean anyDegraded = slots.stream().anyMatch(s -> s.state() == RendererState.RENDERER_DEGRADED);
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
    int agentsWithAffinity() {
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
        List<RendererHandle> stopped = new ArrayList<>();
        List<CompletableFuture<RendererHandle>> forking;
        synchronized (this) {
            closing = true;
            for (RendererSlot s : slots) {
                RendererHandle h = s.handle();
                if (h != null && !h.exited().isDone()) {
                    stopProcess(s, ExitKind.EXIT_SHUTDOWN, null);
                    stopped.add(h);
                }
            }
            stopped.addAll(recycler.close());
            // Read under the lock: a fork applied after this sees the pool closing and stops its process itself.
            forking = launches.underWay();
        }
        List<CompletableFuture<?>> ends = new ArrayList<>();
        stopped.forEach(h -> ends.add(h.exited()));
        forking.forEach(f -> ends.add(f.thenCompose(
                h -> h == null ? CompletableFuture.completedFuture(null) : h.exited())));
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
                    .get(config.killGrace().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            stopped.forEach(RendererHandle::kill);
            forking.forEach(f -> {
                RendererHandle h = f.getNow(null);
                if (h != null) {
                    h.kill();
                }
            });
        }
        launches.close();
        scheduler.shutdownNow();
        callbacks.shutdown();
    }
}
