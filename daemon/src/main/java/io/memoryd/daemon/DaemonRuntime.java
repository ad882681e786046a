package io.memoryd.daemon;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.memoryd.daemon.api.ApiWorkQueue;
import io.memoryd.daemon.api.MemoryApiService;
import io.memoryd.daemon.api.ProjectionCache;
import io.memoryd.daemon.api.WorkspaceProjectionSources;
import io.memoryd.daemon.gateway.ApiJson;
import io.memoryd.daemon.gateway.ApiRoutes;
import io.memoryd.daemon.gateway.GatewayLimits;
import io.memoryd.daemon.gateway.GatewayRoutes;
import io.memoryd.daemon.gateway.HarnessHookRoute;
import io.memoryd.daemon.hooks.SessionCapture;
import io.memoryd.daemon.api.HeadCalls;
import io.memoryd.daemon.gateway.ReferenceHeadRoute;
import io.memoryd.daemon.head.HeadScheduler;
import io.memoryd.daemon.head.PoolHeadJob;
import io.memoryd.daemon.head.SessionEvents;
import io.memoryd.daemon.head.WorkspaceSignals;
import io.memoryd.memory.head.HeadWriter;
import io.memoryd.daemon.hooks.SummarizerQueue;
import java.time.Clock;
import io.memoryd.daemon.gateway.HookGatewayServer;
import io.memoryd.daemon.gateway.ReferenceSynthesisRoute;
import io.netty.handler.codec.http.HttpMethod;
import io.memoryd.daemon.health.DaemonHealthService;
import io.memoryd.daemon.health.ResponsivenessProbe;
import io.memoryd.daemon.supervisor.FallbackRenderer;
import io.memoryd.daemon.supervisor.ProcessRendererLauncher;
import io.memoryd.daemon.supervisor.RendererChannels;
import io.memoryd.daemon.supervisor.RendererHandle;
import io.memoryd.daemon.supervisor.RendererLauncher;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.daemon.supervisor.UnixRendererChannels;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.process.cli.MemorydVersion;
import io.memoryd.process.socket.UnixSocketServer;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.renderer.launch.CdsArchive;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running daemon: starts everything in order ({@link #start}), serves until it is asked to stop
 * (SIGTERM or SIGINT: exit code 0; its socket file deleted or replaced: 1), then stops everything in the one
 * order written down at {@link #stop}, which the JVM's shutdown hook follows too. Thread-safety: start-up and
 * stop hold this object's lock, so a stop waits for a start-up in progress (which gives up waiting for the
 * renderers once a stop is asked for) and runs once; {@link #requestExit} may be called from any thread.
 */
public final class DaemonRuntime {

    /** Exit code after SIGTERM or SIGINT. */
    public static final int EXIT_STOPPED = 0;

    private static final Logger log = LoggerFactory.getLogger(DaemonRuntime.class);

    /** Synthesize's blocking first step (the once-per-agent noise purge): threads and waiting calls. */
    private static final int SYNTHESIZE_THREADS = 2;
    private static final int SYNTHESIZE_QUEUE = 128;
    /** Projections the daemon keeps (one per agent and max_tokens asked), least recently used out first. */
    private static final int PROJECTION_CACHE_ENTRIES = 64;
    /** Writes, removals, reindexes and purges: their own threads, so they never hold up a synthesize. */
    private static final int WRITE_THREADS = 2;
    private static final int WRITE_QUEUE = 32;
    /** Captured sessions waiting for --summarizer-cmd; one past it gets its extractive summary at once. */
    private static final int SUMMARIZER_QUEUE = 64;
    /** How long calls in flight get to finish once the daemon stops taking new ones. */
    public static final long DRAIN_MILLIS = 10_000;

    private final DaemonOptions options;
    private final long startedAt = System.currentTimeMillis();
    private final CompletableFuture<Integer> exitRequest = new CompletableFuture<>();
    private final AtomicReference<DaemonStatus> status = new AtomicReference<>(DaemonStatus.DAEMON_STARTING);
    private final HealthStatusManager grpcHealth = new HealthStatusManager();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memoryd-responsiveness");
        t.setDaemon(true);
        return t;
    });

    @GuardedBy("this") private DaemonLock lock;
    @GuardedBy("this") private Path tokenFile;
    @GuardedBy("this") private MemoryWorkspace workspace;
    @GuardedBy("this") private RendererChannels channels;
    @GuardedBy("this") private FallbackRenderer fallback;
    @GuardedBy("this") private RendererPool pool;
    @GuardedBy("this") private ApiWorkQueue synthesis;
    @GuardedBy("this") private ApiWorkQueue writes;
    @GuardedBy("this") private DaemonHealthService health;
    @GuardedBy("this") private UnixSocketServer server;
    @GuardedBy("this") private HookGatewayServer gateway;
    @GuardedBy("this") private SessionCapture capture;
    @GuardedBy("this") private HeadScheduler headScheduler;
    @GuardedBy("this") private LoopbackTcpServer tcp;
    @GuardedBy("this") private boolean stopped;

    private DaemonRuntime(DaemonOptions options) {
        this.options = options;
    }

    /**
     * Starts a daemon and prints {@code READY <socket> [127.0.0.1:<port>]} on {@code ready} once its
     * renderer pool has started (nothing when a stop was asked for before). What was started before a
     * failure is stopped again before the failure is thrown.
     *
     * @throws DaemonStartRefused when another daemon holds the workspace or the run directory is unsafe
     */
    public static DaemonRuntime start(DaemonOptions options, PrintStream ready) throws Exception {
        DaemonRuntime runtime = new DaemonRuntime(options);
        try {
            runtime.startUp(ready);
        } catch (Exception | Error e) {
            runtime.stop();
            throw e;
        }
        return runtime;
    }

    /** Waits until a stop is asked for, stops in order, and returns the exit code asked for. */
    public int awaitExit() {
        int code = exitRequest.join();
        stop();
        return code;
    }

    /** Asks the daemon to stop with {@code code}; the first request decides the code. Any thread. */
    public void requestExit(int code) {
        exitRequest.complete(code);
    }

    private synchronized void startUp(PrintStream ready) throws Exception {
        // The lock comes before anything that touches the workspace, the run directory or a socket: a second
        // daemon must leave the first one's renderers, sockets and pid files alone.
        lock = DaemonLock.acquire(options.root());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requestExit(EXIT_STOPPED); // lets a start-up in progress stop waiting for the renderers
            stop();
        }, "memoryd-daemon-stop"));
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> requestExit(EXIT_STOPPED));
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> requestExit(EXIT_STOPPED));

        Path root = options.root();
        Path runDir = RunDirectory.choose(root);
        RunDirectory.prepare(runDir, root);
        Path socket = options.socketIn(runDir);
        Path hooksSocket = RunDirectory.hooksSocket(runDir);
        workspace = MemoryWorkspace.open(options.workspaceOptions());

        String classpath = System.getProperty("java.class.path");
        CdsArchive cds = new CdsArchive(workspace.layout().privateDir().resolve("cds"));
        RendererLauncher processes = new ProcessRendererLauncher(root, classpath,
                () -> ProcessRendererLauncher.flags(cds.flags(classpath)), options.rendererCommandArgs());
        RendererLauncher launcher = (id, rendererSocket) -> {
            RendererHandle h = processes.launch(id, rendererSocket);
            RunDirectory.recordPid(rendererSocket, h.pid());
            h.exited().whenComplete((code, t) -> RunDirectory.forget(rendererSocket));
            return h;
        };
        channels = new UnixRendererChannels();
        MemoryWorkspace opened = workspace; // a method reference reads the field once, outside the lock
        fallback = new FallbackRenderer(opened::renderTimed, 16);
        pool = new RendererPool(options.poolConfig(), launcher, channels, fallback, runDir);

        grpcHealth.setStatus("", ServingStatus.NOT_SERVING);
        ResponsivenessProbe probe = new ResponsivenessProbe();
        synthesis = new ApiWorkQueue("synthesize", SYNTHESIZE_THREADS, SYNTHESIZE_QUEUE);
        writes = new ApiWorkQueue("write", WRITE_THREADS, WRITE_QUEUE);
        health = new DaemonHealthService(startedAt, MemorydVersion.of(DaemonRuntime.class), root.toString(),
                hooksSocket.toString(), pool, probe, status::get);
        // Two event loops: hooks and operators come on separate connections, and a connection busy with
        // synthesize traffic must not delay a health call on another.
        HeadWriter heads = workspace.headWriter(options.headPolicy());
        RendererPool startedPool = pool;
        headScheduler = !options.headScheduling() ? null : new HeadScheduler(
                new PoolHeadJob(startedPool, heads, opened::purgeNoiseOnce,
                        options.requestDeadline().plusSeconds(30)),
                new WorkspaceSignals(workspace.database()), options.headSchedule(), Clock.systemUTC());
        HeadCalls headCalls = new HeadCalls(heads, headScheduler, writes);
        ProjectionCache projections = new ProjectionCache(Clock.systemUTC(), new WorkspaceProjectionSources(opened),
                PROJECTION_CACHE_ENTRIES);
        MemoryApiService api = new MemoryApiService(workspace, pool, synthesis, writes, headCalls, projections);
        server = UnixSocketServer.start(socket, "daemon", 2, api, health, grpcHealth.getHealthService(),
                ProtoReflectionServiceV1.newInstance());
        // The hook gateway answers on the same event loops and calls the same service objects.
        ApiJson json = new ApiJson();
        ApiRoutes apiRoutes = new ApiRoutes(api, health, json);
        SummarizerQueue summarizer = options.summarizerCommand() == null ? null
                : SummarizerQueue.forWorkspace(workspace, options.summarizerCommand(), options.summarizerTimeout(),
                        SUMMARIZER_QUEUE);
        capture = new SessionCapture(workspace, summarizer, Clock.systemUTC());
        int recovered = capture.recoverPendingSummaries();
        if (recovered > 0) {
            log.info("wrote {} summaries a summarizer had not finished before the last stop", recovered);
        }
        GatewayRoutes routes = apiRoutes.addTo(new GatewayRoutes(json))
                .add(HttpMethod.POST, ReferenceSynthesisRoute.PATH, new ReferenceSynthesisRoute(apiRoutes, json))
                .add(HttpMethod.POST, ReferenceHeadRoute.PATH, new ReferenceHeadRoute(apiRoutes, json))
                .addPrefix(HttpMethod.POST, HarnessHookRoute.PREFIX, new HarnessHookRoute(apiRoutes, capture, writes,
                        headScheduler == null ? SessionEvents.NONE : headScheduler));
        gateway = HookGatewayServer.start(hooksSocket, server.loops(), routes, json, GatewayLimits.DEFAULTS);
        log.info("hook gateway (HTTP/JSON) on {}", hooksSocket);
        // The tick runs on the event loop that runs the handlers: its lag is what a health call would see.
        probe.start(timer, server.servingLoops());
        tokenFile = LoopbackToken.file(runDir);
        Files.deleteIfExists(tokenFile); // an earlier daemon's: without --tcp-port no token is valid
        if (options.tcpPort() != DaemonOptions.NO_TCP) {
            tcp = LoopbackTcpServer.start(options.tcpPort(),
                    new BearerTokenInterceptor(LoopbackToken.create(runDir, new SecureRandom()), tokenFile),
                    new MemoryApiService(workspace, pool, synthesis, writes, headCalls, projections), health,
                    grpcHealth.getHealthService(), ProtoReflectionServiceV1.newInstance());
        }
        log.info("resources at startup: {}", compact(health.freshResources().toString()));
        DaemonHealthService started = health;
        timer.scheduleWithFixedDelay(started::refresh, 500, 500, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(new DaemonSocketWatch(server, this::requestExit), 500, 500,
                TimeUnit.MILLISECONDS);

        CompletableFuture.anyOf(pool.start(), exitRequest).join();
        if (exitRequest.isDone()) {
            log.info("asked to stop before the renderer pool had started");
            return;
        }
        if (headScheduler != null) {
            headScheduler.start();
        }
        status.set(DaemonStatus.DAEMON_SERVING);
        grpcHealth.setStatus("", ServingStatus.SERVING);
        log.info("pool ready in {} ms: {}", System.currentTimeMillis() - startedAt, compact(pool.status().toString()));
        log.info("resources with the pool ready: {}", compact(health.freshResources().toString()));
        logResourcesAfterFirstRender(pool, health);
        if (log.isDebugEnabled()) {
            DaemonHealthService h = health;
            timer.scheduleAtFixedRate(() -> log.debug("resources: {}", compact(h.freshResources().toString())),
                    60, 60, TimeUnit.SECONDS);
        }
        ready.println("READY " + socket + (tcp == null ? "" : " 127.0.0.1:" + tcp.port()));
        trainCdsArchive(cds, classpath, root, runDir);
    }

    /**
     * Stops what runs, in this order (each step skipped when start-up did not get that far):
     * <ol>
     *   <li>health says DRAINING and gRPC health NOT_SERVING, so that probes see the daemon going;</li>
     *   <li>the Unix socket server takes no new calls, the hook gateway no new connections (its socket
     *       file goes), and the TCP server closes; calls in flight get up to 10 s to finish;</li>
     *   <li>the timer stops (health refresh, socket watch, responsiveness probe), then the head scheduler,
     *       which waits up to its bound for a MEMORY.md write in flight;</li>
     *   <li>the renderer pool stops its renderers (SIGTERM, SIGKILL after the grace) and reaps them;</li>
     *   <li>the hook gateway closes its connections, the Unix socket server closes for good (its socket file
     *       goes, and the event loops both served on stop), then the fallback renderer, the
     *       renderer channels and the API queues;</li>
     *   <li>the session capture closes: summaries its summarizer had not run yet are written extractive;</li>
     *   <li>the workspace closes (watchers, database);</li>
     *   <li>the TCP token file is deleted;</li>
     *   <li>last, the daemon lock is released: a daemon started now finds no renderer, socket or token of this
     *       one.</li>
     * </ol>
     * Runs once; later calls return at once.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        status.set(DaemonStatus.DAEMON_DRAINING);
        grpcHealth.enterTerminalState();
        if (server != null) {
            log.info("stopping: draining requests, then the renderers");
            server.shutdown();
        }
        if (gateway != null) {
            gateway.stopAccepting();
        }
        if (tcp != null) {
            tcp.close();
        }
        if (server != null) {
            try {
                server.awaitTermination(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdownNow();
        if (headScheduler != null) {
            headScheduler.close(); // waits (bounded) for a MEMORY.md write in flight, before the renderers go
        }
        if (pool != null) {
            pool.close();
        }
        closeAll(gateway, server, fallback, channels, synthesis, writes, capture, workspace);
        if (health != null) {
            log.info("resources at shutdown: {}", compact(health.freshResources().toString()));
        }
        try {
            if (tokenFile != null) {
                Files.deleteIfExists(tokenFile);
            }
            if (lock != null) {
                lock.close();
            }
        } catch (IOException e) {
            log.warn("stopping: {}", e.getMessage());
        }
    }

    private static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                // One part that fails to close must not keep the others (and the lock) held.
                log.warn("stopping: closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Renderers start about twice as fast from an AppCDS archive; made once per class path, off the serving path. */
    private static void trainCdsArchive(CdsArchive cds, String classpath, Path root, Path runDir) {
        if (!cds.flags(classpath).isEmpty() || !CdsArchive.supports(classpath)) {
            return;
        }
        // On a thread of its own: it takes a while, and must hold up no API call.
        Thread training = new Thread(() -> {
            try {
                log.info("AppCDS archive for renderers: {}", cds.train(classpath, root, runDir.resolve("cds.sock"))
                        ? "created, used from the next renderer start" : "not created");
            } catch (Exception e) {
                log.warn("AppCDS training failed: {}", e.getMessage());
            } catch (Throwable t) {
                log.warn("AppCDS training failed: {}", t.toString());
            }
        }, "memoryd-cds-training");
        training.setDaemon(true);
        training.start();
    }

    private static void logResourcesAfterFirstRender(RendererPool pool, DaemonHealthService health) {
        AtomicBoolean logged = new AtomicBoolean();
        pool.addListener(new Consumer<>() {
            @Override
            public void accept(RendererPoolStatus s) {
                boolean rendered = s.getSlotsList().stream().anyMatch(slot -> slot.getRendersServed() > 0)
                        || s.getTotals().getFallbacks() > 0;
                if (rendered && logged.compareAndSet(false, true)) {
                    log.info("resources after the first render: {}", compact(health.freshResources().toString()));
                    pool.removeListener(this);
                }
            }
        });
    }

    private static String compact(String proto) {
        return proto.replaceAll("\\s+", " ").trim();
    }
}
