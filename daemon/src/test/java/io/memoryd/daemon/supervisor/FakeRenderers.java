package io.memoryd.daemon.supervisor;

import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.RenderEngine;
import io.memoryd.renderer.RenderProgress;
import io.memoryd.renderer.RendererService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scripted renderers for supervisor tests: each "process" is an in-process gRPC server running the real
 * {@link RendererService} over a scripted engine; tests crash them, block their renders, or make them
 * fail to start. Scripts are per renderer id ({@code r0-g1}: slot 0, first process): its own engine, its
 * own service in place of {@link RendererService}, or a channel that reaches nothing (a deleted socket).
 * A launch can be held (a slow fork), and every launch and renderer call can be checked for running
 * under a watched lock.
 */
final class FakeRenderers implements RendererLauncher, RendererChannels {

    /** Recycling that never happens. */
    static final RecyclePolicy NO_RECYCLING = new RecyclePolicy(Long.MAX_VALUE, 2.0, Duration.ofDays(365),
            Duration.ofSeconds(60), 0);

    /** A pool configuration for tests: 10 s request deadline, millisecond backoff, DEGRADED after 3 restarts. */
    static PoolConfig quickConfig(int renderers, int maxQueued, RecyclePolicy recycle) {
        return new PoolConfig(renderers, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(100),
                Duration.ofMillis(1), Duration.ofMillis(5), 3, Duration.ofSeconds(60), Duration.ofSeconds(60), maxQueued,
                recycle).withFailureStreakLimit(3);
    }

    /** Records renders; blocks them while {@link #hold} is closed; throws {@link #failure} when set. */
    final class Engine implements RenderEngine {
        @Override
        public RenderResult render(AgentId agent, int maxTokens) {
            renders.add(agent.value());
            started.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return new RenderResult(new Projection("# Working Memory Summary\n\nfor " + agent, 1, ""), 0, 1_000_000);
        }
    }

    /**
     * A fake process; {@link #crash} ends it as a SIGKILL would. {@link #killed} opens at the first
     * SIGTERM or SIGKILL, which end it at once unless {@link #exitsOnlyWhenCrashed} is set.
     */
    final class Handle implements RendererHandle {
        final long pid = nextPid.incrementAndGet();
        final String rendererId;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Integer> exited = new CompletableFuture<>();
        final CountDownLatch killed = new CountDownLatch(1);
        final Server server;

        Handle(String rendererId, Server server) {
            this.rendererId = rendererId;
            this.server = server;
        }

        void crash(int code) {
            if (server != null) {
                server.shutdownNow();
            }
            exited.complete(code);
            ready.completeExceptionally(new IllegalStateException("fake renderer exited with " + code));
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        @Override
        public void threadDump() {
        }

        @Override
        public void terminate() {
            signalled(143);
        }

        @Override
        public void kill() {
            signalled(137);
        }

        private void signalled(int code) {
            killed.countDown();
            if (!exitsOnlyWhenCrashed) {
                crash(code);
            }
        }

        @Override
        public String stderrTail() {
            return "";
        }
    }

    final List<String> renders = new CopyOnWriteArrayList<>();
    final List<Handle> launched = new CopyOnWriteArrayList<>();
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile CountDownLatch started = new CountDownLatch(1);
    volatile boolean failEveryStart;
    /** New processes do not announce READY: the test completes {@link Handle#ready} itself, or never. */
    volatile boolean startsWithoutReady;
    /** SIGTERM and SIGKILL only open {@link Handle#killed}: the process ends when the test crashes it. */
    volatile boolean exitsOnlyWhenCrashed;
    /** Per renderer id: the engine its RendererService renders with, instead of the shared {@link Engine}. */
    final Map<String, RenderEngine> engines = new ConcurrentHashMap<>();
    /** Per renderer id: the progress its RendererService reports (a scripted clock, a scripted index pass). */
    final Map<String, RenderProgress> progress = new ConcurrentHashMap<>();
    /** Per renderer id: the service it runs instead of a RendererService. */
    final Map<String, BindableService> services = new ConcurrentHashMap<>();
    /** Renderer ids whose socket cannot be reached: every call fails UNAVAILABLE at once. */
    final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private final Map<Path, String> idsBySocket = new ConcurrentHashMap<>();
    volatile RuntimeException failure;
    /** Per renderer id: a launch held until the test opens the gate, and the latch its launch opens on arrival. */
    private final Map<String, CountDownLatch> launchGates = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> launchesArrived = new ConcurrentHashMap<>();
    /** A lock (the pool's) that launches and renderer calls must not run under; null: not watched. */
    volatile Object watchedLock;
    /** Launches and calls that ran while {@link #watchedLock} was held, e.g. {@code launch r0-g1}. */
    final List<String> ranUnderLock = new CopyOnWriteArrayList<>();
    /** Launches and calls checked against {@link #watchedLock}. */
    final AtomicLong checked = new AtomicLong();
    private final AtomicLong nextPid = new AtomicLong(1000);
    private final String prefix = InProcessServerBuilder.generateName();

    @Override
    public RendererHandle launch(String rendererId, Path socket) throws IOException {
        checkLock("launch " + rendererId);
        CountDownLatch gate = launchGates.get(rendererId);
        if (gate != null) {
            launchesArrived.get(rendererId).countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failEveryStart) {
            Handle h = new Handle(rendererId, null);
            launched.add(h);
            h.crash(3);
            return h;
        }
        idsBySocket.put(socket, rendererId);
        BindableService service = services.getOrDefault(rendererId, new RendererService(
                new RendererService.Identity(rendererId, 0, "test", "/ws", 0), engines.getOrDefault(rendererId, new Engine()),
                progress.getOrDefault(rendererId, new RenderProgress())));
        Server server = InProcessServerBuilder.forName(prefix + socket).directExecutor().addService(service).build().start();
        Handle h = new Handle(rendererId, server);
        launched.add(h);
        if (!startsWithoutReady) {
            h.ready.complete(null);
        }
        return h;
    }

    @Override
    public ManagedChannel open(Path socket) {
        String target = unreachable.contains(idsBySocket.get(socket)) ? prefix + "/nothing-listens-here" : prefix + socket;
        return InProcessChannelBuilder.forName(target).directExecutor().intercept(new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                checkLock("call " + method.getBareMethodName());
                return next.newCall(method, options);
            }
        }).build();
    }

    private void checkLock(String what) {
        Object lock = watchedLock;
        if (lock != null) {
            checked.incrementAndGet();
            if (Thread.holdsLock(lock)) {
                ranUnderLock.add(what + " on " + Thread.currentThread().getName());
            }
        }
    }

    /** The launch of {@code rendererId} will wait, as a slow fork would, until {@link #releaseLaunch}. */
    void holdLaunch(String rendererId) {
        launchesArrived.put(rendererId, new CountDownLatch(1));
        launchGates.put(rendererId, new CountDownLatch(1));
    }

    /** Whether the held launch of {@code rendererId} has begun (and waits) within 10 s. */
    boolean launchIsHeld(String rendererId) throws InterruptedException {
        return launchesArrived.get(rendererId).await(10, TimeUnit.SECONDS);
    }

    void releaseLaunch(String rendererId) {
        CountDownLatch gate = launchGates.get(rendererId);
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The process started with {@code rendererId}. */
    Handle handle(String rendererId) {
        return launched.stream().filter(h -> h.rendererId.equals(rendererId)).findFirst()
                .orElseThrow(() -> new AssertionError("no renderer " + rendererId + " was launched"));
    }

    void blockRenders() {
        hold = new CountDownLatch(1);
    }

    void releaseRenders() {
        hold.countDown();
    }
}
