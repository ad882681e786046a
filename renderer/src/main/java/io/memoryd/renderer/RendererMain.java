package io.memoryd.renderer;

import io.memoryd.process.socket.UnixSocketServer;
import io.memoryd.memory.RenderEngine;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.watch.WatchOptions;
import java.time.Duration;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renderer process: opens its own workspace connection, serves {@link RendererService} on a Unix
 * socket and prints {@code READY <id> <pid> <socket>} on stdout once it can serve. It exits when its
 * stdin reaches EOF (the parent died) within a second, and on SIGTERM after finishing the render in
 * flight (bounded grace), closing the database and removing the socket, with exit code 0.
 */
public final class RendererMain {

    static final String USAGE = """
            usage: memoryd-renderer --home DIR --socket PATH --id ID [--grace-ms N] [--safety-net-seconds N] [--no-watch]
                                    [--max-agents N] [--fault-render-delay-ms N] [--fault-exit-at-start CODE]
                                    [--fault-render-exhaust-heap]

            Serves MEMORY.md renders of the workspace at DIR over gRPC on the Unix socket PATH (under 100 bytes,
            in a private directory) and prints one line "READY <id> <pid> <socket>" on stdout when it can serve.
            Exits when stdin reaches EOF (its parent died) or on SIGTERM (after the render in flight, up to
            --grace-ms, default 10000). Logs go to stderr. It watches memory/ so that a render indexes only what
            changed, with a full pass every --safety-net-seconds (default 600); --no-watch stats every file on
            every render. It keeps per-agent state (index cache, projection memo) for at most --max-agents idle
            agents (default 256), least recently used let go first. --fault-render-delay-ms slows every render,
            --fault-render-exhaust-heap makes every render run out of heap (fault tests).
            """;

    /** How long an orphaned renderer may take to stop before it halts. */
    static final long ORPHAN_EXIT_MILLIS = 500;

    private RendererMain() {
    }

    public static void main(String[] args) {
        String id = valueOf(args, "--id");
        if (contains(args, "--help")) {
            System.out.print(USAGE);
            return;
        }
        String home = valueOf(args, "--home");
        String socket = valueOf(args, "--socket");
        if (id == null || home == null || socket == null) {
            System.err.print(USAGE);
            System.exit(2);
        }
        long pid = ProcessHandle.current().pid();
        System.setProperty("memoryd.renderer.id", id);
        System.setProperty("memoryd.pid", Long.toString(pid));
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "memoryd-renderer-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(RendererMain.class);
        long grace = Long.parseLong(valueOf(args, "--grace-ms") == null ? "10000" : valueOf(args, "--grace-ms"));
        try {
            run(args, id, pid, Path.of(home), Path.of(socket), grace, log);
        } catch (Throwable t) {
            log.error("renderer {} failed to start: {}", id, t.getMessage(), t);
            System.exit(1);
        }
    }

    private static void run(String[] args, String id, long pid, Path home, Path socketPath, long grace, Logger log)
            throws Exception {
        long started = System.currentTimeMillis();
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // Nothing but the handshake may reach stdout: later System.out writes go to stderr.
        System.setOut(System.err);
        AtomicBoolean orphaned = new AtomicBoolean();
        ParentWatcher.start(System.in, () -> {
            orphaned.set(true);
            log.warn("stdin closed: parent is gone, exiting");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(ORPHAN_EXIT_MILLIS);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
                Runtime.getRuntime().halt(0);
            }, "memoryd-orphan-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        });

        String exitAtStart = valueOf(args, "--fault-exit-at-start");
        if (exitAtStart != null) {
            // Scripted crash before READY, for supervisor tests (a renderer that can never start).
            log.error("exiting at start with code {} as asked (--fault-exit-at-start)", exitAtStart);
            System.exit(Integer.parseInt(exitAtStart));
        }
        // Open the database and bind the socket at the same time; READY waits for both.
        WatchOptions watch = contains(args, "--no-watch") ? WatchOptions.OFF : WatchOptions.watching(false)
                .withSafetyNetInterval(Duration.ofSeconds(Long.parseLong(
                        valueOf(args, "--safety-net-seconds") == null ? "600" : valueOf(args, "--safety-net-seconds"))));
        WorkspaceOptions options = WorkspaceOptions.defaults(home).withMigrate(false).withWatch(watch);
        WorkspaceOptions capped = valueOf(args, "--max-agents") == null ? options
                : options.withMaxAgents(Integer.parseInt(valueOf(args, "--max-agents")));
        CompletableFuture<MemoryWorkspace> opening = CompletableFuture.supplyAsync(() -> MemoryWorkspace.open(capped));
        long renderDelay = Long.parseLong(valueOf(args, "--fault-render-delay-ms") == null ? "0"
                : valueOf(args, "--fault-render-delay-ms"));
        boolean exhaustHeap = contains(args, "--fault-render-exhaust-heap");
        RenderEngine engine = (agent, maxTokens) -> {
            if (renderDelay > 0) {
                // Scripted slowness for fault tests (a render that is still running when a signal arrives).
                try {
                    Thread.sleep(renderDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (exhaustHeap) {
                // Scripted heap exhaustion for fault tests: what happens on an OutOfMemoryError is under test.
                java.util.List<long[]> hog = new java.util.ArrayList<>();
                for (;;) {
                    hog.add(new long[1 << 20]);
                }
            }
            return opening.join().renderTimed(agent, maxTokens);
        };
        String version = RendererMain.class.getPackage().getImplementationVersion();
        RendererService service = new RendererService(new RendererService.Identity(id, pid,
                version == null ? "dev" : version, home.toAbsolutePath().normalize().toString(), started), engine);
        UnixSocketServer server = null;
        MemoryWorkspace workspace;
        try {
            server = UnixSocketServer.start(socketPath, "renderer-" + id, service);
            workspace = opening.join();
        } catch (Exception e) {
            if (server != null) {
                server.close();
            }
            opening.thenAccept(MemoryWorkspace::close);
            throw e instanceof java.util.concurrent.CompletionException && e.getCause() instanceof Exception cause
                    ? cause : e;
        }
        long opened = System.currentTimeMillis();
        UnixSocketServer bound = server;

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long allowed = orphaned.get() ? ORPHAN_EXIT_MILLIS / 2 : grace;
            log.info("stopping: finishing the render in flight (up to {} ms)", allowed);
            bound.shutdown();
            try {
                service.shutdown(allowed);
                bound.awaitTermination(Math.min(allowed, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bound.close();
            workspace.close();
            log.info("stopped");
        }, "memoryd-renderer-stop"));
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> System.exit(0));

        stdout.println("READY " + id + " " + pid + " " + socketPath);
        log.info("ready on {} in {} ms", socketPath, opened - started);
    }

    private static String valueOf(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static boolean contains(String[] args, String name) {
        for (String a : args) {
            if (a.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
