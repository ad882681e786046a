package io.memoryd.daemon;

import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.memoryd.daemon.api.ApiWorkQueue;
import io.memoryd.daemon.api.MemoryApiService;
import io.memoryd.daemon.health.DaemonHealthService;
import io.memoryd.daemon.health.ResponsivenessProbe;
import io.memoryd.daemon.supervisor.FallbackRenderer;
import io.memoryd.daemon.supervisor.PoolConfig;
import io.memoryd.daemon.supervisor.RecyclePolicy;
import io.memoryd.daemon.supervisor.ProcessRendererLauncher;
import io.memoryd.daemon.supervisor.RendererChannels;
import io.memoryd.daemon.supervisor.UnixRendererChannels;
import io.memoryd.daemon.supervisor.RendererHandle;
import io.memoryd.daemon.supervisor.RendererLauncher;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.watch.WatchOptions;
import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.process.socket.SocketPathException;
import io.memoryd.process.socket.UnixSocketServer;
import io.memoryd.renderer.launch.CdsArchive;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memoryd daemon: takes the workspace's daemon lock (one daemon per workspace), prepares the private
 * run directory, opens the workspace, starts the renderer pool, serves the hook API, health and
 * reflection on a Unix socket in the run directory, and prints {@code READY <socket>} on stdout once the
 * pool has started. SIGTERM/SIGINT drain and stop everything; renderers outlive no daemon.
 */
public final class DaemonMain {

    /** Printed above the daemon usage by {@code scripts/memoryd --help}. */
    public static final String USAGE_HEADER = """
            memoryd: with no command (or "daemon") runs the daemon; "render" prints a projection rendered in this
            process (see "memoryd render --help").

            """;

    static final String USAGE = """
            usage: memoryd daemon [--home DIR] [--renderers N] [--socket PATH] [--request-deadline-ms N]
                                  [--readiness-deadline-ms N] [--heal-interval-ms N] [--tcp-port N]
                                  [--recycle-after-renders N] [--recycle-after-minutes N] [--renderer-arg ARG]...
                                  [--safety-net-seconds N] [--no-watch] [--max-agents N]

            Runs in the foreground, one daemon per workspace (it locks <home>/.memoryd/daemon.lock first). Serves
            memoryd.v1.MemoryService and DaemonService, grpc.health.v1.Health and server reflection on a Unix
            socket (default <run dir>/daemon.sock) that answers processes of this user only. The run directory
            is <home>/.memoryd/run, or $XDG_RUNTIME_DIR/memoryd-<hash> (else /tmp/memoryd-<user>-<hash>) when
            socket paths there would be too long; it must be a directory of this user with mode 0700.
            Prints "READY <socket>" on stdout when the renderer pool has started (followed by
            "127.0.0.1:<port>" with --tcp-port, which also serves everything on loopback TCP, 0 picking a free
            port; calls there need "authorization: Bearer <token>" with the token in <run dir>/tcp.token,
            0600, new at every start); logs go to stderr (MEMORYD_LOG_LEVEL=DEBUG for more).
            A renderer is replaced (its successor started first) after --recycle-after-renders renders
            (default 20000) or --recycle-after-minutes (default 360), or when its live heap passes 80% of its
            limit. --renderer-arg passes an argument to every renderer.
            The daemon and each renderer watch memory/ (one inotify descriptor each), so a render indexes only
            the files that changed; a full fingerprint pass still runs every --safety-net-seconds (default 600).
            Hand-made Markdown notes in memory/ become durable notes of agent "default" as they are written.
            --no-watch turns watching off (every render then stats every artifact; notes are not ingested).
            The daemon and each renderer keep per-agent state (index caches, projection memos) for at most
            --max-agents idle agents (default 256), least recently used let go first; one that comes back starts
            cold and renders the same. Bounds: a connection may have 64 calls open at once (more wait in the
            client); a request may be at most 10 MiB (larger: RESOURCE_EXHAUSTED). Synthesize calls wait in a
            queue of 128; writes (WriteArtifact, RemoveSession, Reindex, PurgeNoise) run on 2 threads of their
            own behind a queue of 32. A full queue answers RESOURCE_EXHAUSTED (QUEUE_FULL); a call whose
            deadline passes while it waits is answered DEADLINE_EXCEEDED (DEADLINE_PASSED) without running.
            Exit codes: 0 after SIGTERM/SIGINT; 1 when it cannot start (a run directory or socket path that is
            not private or usable is named in one line on stderr); 2 for bad arguments; 3 when another daemon
            already serves the workspace ("memoryd: already running for <home> (pid N)").
            If the socket file is deleted or replaced while the daemon runs, it logs that and exits with status 1
            (after draining, like SIGTERM), since no client can reach it any more.
            """;

    /** Synthesize's blocking first step (the once-per-agent noise purge): threads and waiting calls. */
    private static final int SYNTHESIZE_THREADS = 2;
    private static final int SYNTHESIZE_QUEUE = 128;
    /** Writes, removals, reindexes and purges: their own threads, so they never hold up a synthesize. */
    private static final int WRITE_THREADS = 2;
    private static final int WRITE_QUEUE = 32;

    private DaemonMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "memoryd-daemon-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(DaemonMain.class);
        try {
            run(args, log);
        } catch (IllegalArgumentException e) {
            System.err.println("memoryd: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (DaemonStartRefused e) {
            System.err.println("memoryd: " + e.getMessage());
            System.exit(e.exitCode());
        } catch (SocketPathException e) {
            System.err.println("memoryd: " + e.getMessage());
            System.exit(DaemonStartRefused.EXIT_REFUSED);
        } catch (Throwable t) {
            log.error("memoryd failed to start: {}", t.getMessage(), t);
            System.exit(1);
        }
    }

    private static void run(String[] args, Logger log) throws Exception {
        long started = System.currentTimeMillis();
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Path root = WorkspaceRoots.resolve(value(args, "--home", null), System.getenv(), System.getProperty("user.home"));
        int renderers = Integer.parseInt(value(args, "--renderers", "2"));
        int maxAgents = maxAgents(args);
        PoolConfig config = PoolConfig.defaults(renderers).withMaxAgents(maxAgents)
                .withRequestDeadline(Duration.ofMillis(Long.parseLong(value(args, "--request-deadline-ms", "30000"))))
                .withReadinessDeadline(Duration.ofMillis(Long.parseLong(value(args, "--readiness-deadline-ms", "20000"))))
                .withHealInterval(Duration.ofMillis(Long.parseLong(value(args, "--heal-interval-ms", "30000"))));
        RecyclePolicy recycle = config.recycle();
        config = config.withRecycle(new RecyclePolicy(
                Long.parseLong(value(args, "--recycle-after-renders", Long.toString(recycle.maxRenders()))),
                recycle.maxHeapFraction(),
                Duration.ofMinutes(Long.parseLong(value(args, "--recycle-after-minutes",
                        Long.toString(recycle.maxAge().toMinutes())))),
                recycle.pollInterval(), recycle.jitter()));

        boolean watch = !List.of(args).contains("--no-watch");
        String safetyNet = value(args, "--safety-net-seconds", "600");
        Duration safetyNetInterval = Duration.ofSeconds(Long.parseLong(safetyNet));
        int tcpPort = tcpPort(args);
        List<String> rendererArgs = new java.util.ArrayList<>(values(args, "--renderer-arg"));
        rendererArgs.addAll(watch ? List.of("--safety-net-seconds", safetyNet) : List.of("--no-watch"));
        rendererArgs.addAll(List.of("--max-agents", Integer.toString(maxAgents)));

        // The lock comes before anything that touches the workspace, the run directory or a socket: a second
        // daemon must leave the first one's renderers, sockets and pid files alone.
        DaemonLock lock = DaemonLock.acquire(root);
        Path runDir = RunDirectory.choose(root);
        RunDirectory.prepare(runDir, root);
        Path socket = Path.of(value(args, "--socket", runDir.resolve("daemon.sock").toString()));
        // The daemon watches too (its fallback renders use its index) and is the one process that ingests notes.
        MemoryWorkspace workspace = MemoryWorkspace.open(WorkspaceOptions.defaults(root).withWatch(watch
                ? WatchOptions.watching(true).withSafetyNetInterval(safetyNetInterval) : WatchOptions.OFF)
                .withMaxAgents(maxAgents));

        String classpath = System.getProperty("java.class.path");
        CdsArchive cds = new CdsArchive(workspace.layout().privateDir().resolve("cds"));
        RendererLauncher processes = new ProcessRendererLauncher(root, classpath,
                () -> ProcessRendererLauncher.flags(cds.flags(classpath)), rendererArgs);
        RendererLauncher launcher = (id, rendererSocket) -> {
            RendererHandle h = processes.launch(id, rendererSocket);
            RunDirectory.recordPid(rendererSocket, h.pid());
            h.exited().whenComplete((code, t) -> RunDirectory.forget(rendererSocket));
            return h;
        };
        RendererChannels channels = new UnixRendererChannels();
        FallbackRenderer fallback = new FallbackRenderer(workspace::renderTimed, 16);
        RendererPool pool = new RendererPool(config, launcher, channels, fallback, runDir);

        AtomicReference<DaemonStatus> status = new AtomicReference<>(DaemonStatus.DAEMON_STARTING);
        HealthStatusManager grpcHealth = new HealthStatusManager();
        grpcHealth.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memoryd-responsiveness");
            t.setDaemon(true);
            return t;
        });
        ResponsivenessProbe probe = new ResponsivenessProbe();
        ApiWorkQueue synthesis = new ApiWorkQueue("synthesize", SYNTHESIZE_THREADS, SYNTHESIZE_QUEUE);
        ApiWorkQueue writes = new ApiWorkQueue("write", WRITE_THREADS, WRITE_QUEUE);
        String version = DaemonMain.class.getPackage().getImplementationVersion();
        DaemonHealthService health = new DaemonHealthService(started, version == null ? "dev" : version,
                root.toString(), pool, probe, status::get);
        // Two event loops: hooks and operators come on separate connections, and a connection busy with
        // synthesize traffic must not delay a health call on another.
        UnixSocketServer server = UnixSocketServer.start(socket, "daemon", 2,
                new MemoryApiService(workspace, pool, synthesis, writes), health, grpcHealth.getHealthService(),
                ProtoReflectionServiceV1.newInstance());
        // The tick runs on the event loop that runs the handlers: its lag is what a health call would see.
        probe.start(timer, server.servingLoops());
        Path tokenFile = LoopbackToken.file(runDir);
        Files.deleteIfExists(tokenFile); // an earlier daemon's: without --tcp-port no token is valid
        LoopbackTcpServer tcp = tcpPort < 0 ? null : LoopbackTcpServer.start(tcpPort,
                new BearerTokenInterceptor(LoopbackToken.create(runDir, new SecureRandom()), tokenFile),
                new MemoryApiService(workspace, pool, synthesis, writes), health, grpcHealth.getHealthService(),
                ProtoReflectionServiceV1.newInstance());
        log.info("resources at startup: {}", compact(health.freshResources().toString()));
        timer.scheduleWithFixedDelay(health::refresh, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(new DaemonSocketWatch(server, System::exit), 500, 500,
                java.util.concurrent.TimeUnit.MILLISECONDS);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            status.set(DaemonStatus.DAEMON_DRAINING);
            grpcHealth.enterTerminalState();
            log.info("stopping: draining requests, then the renderers");
            server.shutdown();
            if (tcp != null) {
                tcp.close();
            }
            try {
                server.awaitTermination(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.close();
            server.close();
            fallback.close();
            channels.close();
            workspace.close();
            log.info("resources at shutdown: {}", compact(health.freshResources().toString()));
            try {
                Files.deleteIfExists(tokenFile);
                // Last: a daemon started now finds no renderer or socket of this one.
                lock.close();
            } catch (IOException e) {
                log.warn("stopping: {}", e.getMessage());
            }
        }, "memoryd-daemon-stop"));
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> System.exit(0));
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> System.exit(0));

        pool.start().join();
        status.set(DaemonStatus.DAEMON_SERVING);
        grpcHealth.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        log.info("pool ready in {} ms: {}", System.currentTimeMillis() - started, compact(pool.status().toString()));
        log.info("resources with the pool ready: {}", compact(health.freshResources().toString()));
        logResourcesAfterFirstRender(pool, health, log);
        if (log.isDebugEnabled()) {
            timer.scheduleAtFixedRate(() -> log.debug("resources: {}", compact(health.freshResources().toString())),
                    60, 60, java.util.concurrent.TimeUnit.SECONDS);
        }
        stdout.println("READY " + socket + (tcp == null ? "" : " 127.0.0.1:" + tcp.port()));
        if (cds.flags(classpath).isEmpty() && CdsArchive.supports(classpath)) {
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
    }

    private static void logResourcesAfterFirstRender(RendererPool pool, DaemonHealthService health, Logger log) {
        java.util.concurrent.atomic.AtomicBoolean logged = new java.util.concurrent.atomic.AtomicBoolean();
        pool.addListener(new java.util.function.Consumer<>() {
            @Override
            public void accept(io.memoryd.proto.v1.RendererPoolStatus s) {
                boolean rendered = s.getSlotsList().stream().anyMatch(slot -> slot.getRendersServed() > 0)
                        || s.getTotals().getFallbacks() > 0;
                if (rendered && logged.compareAndSet(false, true)) {
                    log.info("resources after the first render: {}", compact(health.freshResources().toString()));
                    pool.removeListener(this);
                }
            }
        });
    }

    private static int maxAgents(String[] args) {
        String raw = value(args, "--max-agents", Integer.toString(PoolConfig.DEFAULT_MAX_AGENTS));
        try {
            int n = Integer.parseInt(raw);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-agents must be a whole number of at least 1: " + raw);
        }
    }

    private static int tcpPort(String[] args) {
        String port = value(args, "--tcp-port", null);
        if (port == null) {
            return -1;
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tcp-port must be a port number (0..65535, 0 picks a free one): "
                    + port);
        }
    }

    private static String compact(String proto) {
        return proto.replaceAll("\\s+", " ").trim();
    }

    private static String value(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static List<String> values(String[] args, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                out.add(args[i + 1]);
            }
        }
        return out;
    }
}
