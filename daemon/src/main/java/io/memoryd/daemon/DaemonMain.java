package io.memoryd.daemon;

import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
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
import io.memoryd.renderer.UnixSocketServer;
import io.memoryd.renderer.launch.CdsArchive;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memoryd daemon: opens the workspace, starts the renderer pool, serves the hook API, health and
 * reflection on a Unix socket in the private run directory, and prints {@code READY <socket>} on stdout
 * once the pool has started. SIGTERM/SIGINT drain and stop everything; renderers outlive no daemon.
 */
public final class DaemonMain {

    /** Printed above the daemon usage by {@code scripts/memoryd --help}. */
    public static final String USAGE_HEADER = """
            memoryd: with no command (or "daemon") runs the daemon; "render", "generate", "bench-render" run the
            memory-core tools (see "memoryd render --help").

            """;

    static final String USAGE = """
            usage: memoryd daemon [--home DIR] [--renderers N] [--socket PATH] [--request-deadline-ms N]
                                  [--readiness-deadline-ms N] [--heal-interval-ms N] [--tcp-port N]
                                  [--recycle-after-renders N] [--recycle-after-minutes N] [--renderer-arg ARG]...
                                  [--safety-net-seconds N] [--no-watch]

            Runs in the foreground. Serves memoryd.v1.MemoryService and DaemonService, grpc.health.v1.Health and
            server reflection on a Unix socket (default <home>/.memoryd/run/daemon.sock). Prints
            "READY <socket>" on stdout when the renderer pool has started (followed by "127.0.0.1:<port>" with
            --tcp-port, which also serves everything on loopback TCP; 0 picks a free port); logs go to stderr
            (MEMORYD_LOG_LEVEL=DEBUG for more). A renderer is replaced (its successor started first) after
            --recycle-after-renders renders (default 20000) or --recycle-after-minutes (default 360), or when
            its live heap passes 80% of its limit. --renderer-arg passes an argument to every renderer.
            The daemon and each renderer watch memory/ (one inotify descriptor each), so a render indexes only
            the files that changed; a full fingerprint pass still runs every --safety-net-seconds (default 600).
            Hand-made Markdown notes in memory/ become durable notes of agent "default" as they are written.
            --no-watch turns watching off (every render then stats every artifact; notes are not ingested).
            If the socket file is deleted or replaced while the daemon runs, it logs that and exits with status 1
            (after draining, like SIGTERM), since no client can reach it any more.
            """;

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
        PoolConfig config = PoolConfig.defaults(renderers)
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
        List<String> rendererArgs = new java.util.ArrayList<>(values(args, "--renderer-arg"));
        rendererArgs.addAll(watch ? List.of("--safety-net-seconds", safetyNet) : List.of("--no-watch"));
        // The daemon watches too (its fallback renders use its index) and is the one process that ingests notes.
        MemoryWorkspace workspace = MemoryWorkspace.open(WorkspaceOptions.defaults(root).withWatch(watch
                ? WatchOptions.watching(true).withSafetyNetInterval(Duration.ofSeconds(Long.parseLong(safetyNet)))
                : WatchOptions.OFF));
        Path runDir = RunDirectory.choose(workspace.layout().root());
        RunDirectory.prepare(runDir);
        Path socket = Path.of(value(args, "--socket", runDir.resolve("daemon.sock").toString()));

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
        ExecutorService work = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "memoryd-work");
            t.setDaemon(true);
            return t;
        });
        String version = DaemonMain.class.getPackage().getImplementationVersion();
        DaemonHealthService health = new DaemonHealthService(started, version == null ? "dev" : version,
                root.toString(), pool, probe, status::get);
        // Two event loops: hooks and operators come on separate connections, and a connection busy with
        // synthesize traffic must not delay a health call on another.
        UnixSocketServer server = UnixSocketServer.start(socket, "daemon", 2,
                new MemoryApiService(workspace, pool, work), health, grpcHealth.getHealthService(),
                ProtoReflectionServiceV1.newInstance());
        // The tick runs on the event loop that runs the handlers: its lag is what a health call would see.
        probe.start(timer, server.servingLoops());
        LoopbackTcpServer tcp = tcpPort(args) < 0 ? null : LoopbackTcpServer.start(tcpPort(args),
                new MemoryApiService(workspace, pool, work), health, grpcHealth.getHealthService(),
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
            work.execute(() -> {
                try {
                    log.info("AppCDS archive for renderers: {}", cds.train(classpath, root, runDir.resolve("cds.sock"))
                            ? "created, used from the next renderer start" : "not created");
                } catch (Exception e) {
                    log.warn("AppCDS training failed: {}", e.getMessage());
                } catch (Throwable t) {
                    log.warn("AppCDS training failed: {}", t.toString());
                }
            });
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
