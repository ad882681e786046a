package io.memoryd.renderer;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.MemorydVersion;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.socket.UnixSocketServer;
import io.memoryd.memory.RenderEngine;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.index.IndexProgress;
import io.memoryd.memory.watch.WatchOptions;
import java.time.Duration;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
                                    [--max-agents N] [--fault-render-delay-ms N] [--fault-index-batch-delay-ms N]
                                    [--fault-exit-at-start CODE] [--fault-render-exhaust-heap] [--help] [--version]

            Serves MEMORY.md renders of the workspace at DIR over gRPC on the Unix socket PATH (under 100 bytes,
            in a private directory) and prints one line "READY <id> <pid> <socket>" on stdout when it can serve.
            Exits when stdin reaches EOF (its parent died) or on SIGTERM (after the render in flight, up to
            --grace-ms, default 10000). Logs go to stderr. It watches memory/ so that a render indexes only what
            changed, with a full pass every --safety-net-seconds (default 600); --no-watch stats every file on
            every render. It keeps per-agent state (index cache, projection memo) for at most --max-agents idle
            agents (default 256), least recently used let go first. --fault-render-delay-ms slows every render
            before it starts (no progress), --fault-index-batch-delay-ms slows each batch of an index pass (a long
            first index that progresses),
            --fault-render-exhaust-heap makes every render run out of heap (fault tests),
            --fault-exit-at-start exits with CODE before READY. Exit codes: 0 after EOF or SIGTERM; 1 when it
            cannot start; 2 for a bad command line (named on stderr, then this text).
            """;

    static final OptionSpec SPEC = OptionSpec.none()
            .valued("--home", "--socket", "--id", "--grace-ms", "--safety-net-seconds", "--max-agents",
                    "--fault-render-delay-ms", "--fault-index-batch-delay-ms", "--fault-exit-at-start")
            .flags("--no-watch", "--fault-render-exhaust-heap");

    /**
     * The renderer's command line, checked.
     *
     * @param safetyNet how often a full fingerprint pass runs while watching, or null with --no-watch
     * @param maxAgents idle agents to keep state for, or 0 for the workspace's default
     * @param exitAtStart the exit code to end with before READY (fault tests), or -1
     * @param batchDelayMillis how long each stored batch of an index pass is followed by a pause (fault tests), or 0
     */
    record Options(String id, Path home, Path socket, long graceMillis, Duration safetyNet, int maxAgents,
            long renderDelayMillis, int exitAtStart, boolean exhaustHeap, long batchDelayMillis) {

        static Options from(CommandArgs a) {
            return new Options(a.required("--id"), Path.of(a.required("--home")), Path.of(a.required("--socket")),
                    a.getLong("--grace-ms", 10_000, 0, Long.MAX_VALUE),
                    a.has("--no-watch") ? null
                            : Duration.ofSeconds(a.getLong("--safety-net-seconds", 600, 1, Long.MAX_VALUE)),
                    a.getInt("--max-agents", 0, 1),
                    a.getLong("--fault-render-delay-ms", 0, 0, Long.MAX_VALUE),
                    a.getInt("--fault-exit-at-start", -1, 0, 255),
                    a.has("--fault-render-exhaust-heap"),
                    a.getLong("--fault-index-batch-delay-ms", 0, 0, Long.MAX_VALUE));
        }
    }

    /** The index passes report to {@code progress}; each stored batch then pauses {@code batchDelayMillis} (fault tests). */
    private static IndexProgress indexProgress(RenderProgress progress, long batchDelayMillis) {
        if (batchDelayMillis == 0) {
            return progress;
        }
        return (scope, done, total) -> {
            progress.indexed(scope, done, total);
            // Scripted slowness for fault tests: a long index pass that keeps progressing.
            try {
                Thread.sleep(batchDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** How long an orphaned renderer may take to stop before it halts. */
    static final long ORPHAN_EXIT_MILLIS = 500;

    private RendererMain() {
    }

    public static void main(String[] args) {
        int code = run(List.of(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err);
        if (code != 0) {
            System.exit(code);
        }
        // Otherwise serving (or --help/--version answered): the server's threads keep the JVM alive until EOF
        // on stdin or SIGTERM.
    }

    /** Parses {@code args} and starts serving (or answers --help/--version); returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return new CommandRunner("memoryd-renderer", SPEC, USAGE, RendererMain.class).run(args, out, err,
                RendererMain::start);
    }

    private static int start(CommandArgs args, PrintStream stdout, PrintStream stderr) {
        Options options = Options.from(args);
        long pid = ProcessHandle.current().pid();
        // Read by RendererLogging, which logback runs at the first logger below.
        System.setProperty(RendererLogging.ID_PROPERTY, options.id());
        System.setProperty(RendererLogging.PID_PROPERTY, Long.toString(pid));
        Logger log = LoggerFactory.getLogger(RendererMain.class);
        try {
            serve(options, pid, stdout, log);
            return 0;
        } catch (Throwable t) {
            log.error("renderer {} failed to start: {}", options.id(), t.getMessage(), t);
            return 1;
        }
    }

    private static void serve(Options options, long pid, PrintStream stdout, Logger log) throws Exception {
        long started = System.currentTimeMillis();
        String id = options.id();
        Path home = options.home();
        Path socketPath = options.socket();
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

        if (options.exitAtStart() >= 0) {
            // Scripted crash before READY, for supervisor tests (a renderer that can never start).
            log.error("exiting at start with code {} as asked (--fault-exit-at-start)", options.exitAtStart());
            System.exit(options.exitAtStart());
        }
        // Open the database and bind the socket at the same time; READY waits for both.
        WatchOptions watch = options.safetyNet() == null ? WatchOptions.OFF
                : WatchOptions.watching(false).withSafetyNetInterval(options.safetyNet());
        RenderProgress progress = new RenderProgress();
        WorkspaceOptions workspaceOptions = WorkspaceOptions.defaults(home).withMigrate(false).withWatch(watch)
                .withIndexProgress(indexProgress(progress, options.batchDelayMillis()));
        WorkspaceOptions capped = options.maxAgents() == 0 ? workspaceOptions
                : workspaceOptions.withMaxAgents(options.maxAgents());
        CompletableFuture<MemoryWorkspace> opening = CompletableFuture.supplyAsync(() -> MemoryWorkspace.open(capped));
        long renderDelay = options.renderDelayMillis();
        boolean exhaustHeap = options.exhaustHeap();
        long grace = options.graceMillis();
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
        RendererService service = new RendererService(new RendererService.Identity(id, pid,
                MemorydVersion.of(RendererMain.class), home.toAbsolutePath().normalize().toString(), started), engine,
                progress);
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
}
