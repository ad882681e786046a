package io.memoryd.daemon;

import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.socket.SocketPathException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The memoryd daemon's entry point: parses the command line ({@link DaemonOptions}), runs a
 * {@link DaemonRuntime} until it is stopped, and exits with its code: 0 after SIGTERM/SIGINT, 1 when it cannot
 * start or lost its socket, 2 for a bad command line, 3 when another daemon serves the workspace.
 */
public final class DaemonMain {

    /** Printed above the daemon usage by {@code scripts/memoryd --help}. */
    public static final String USAGE_HEADER = """
            memoryd: with no command (or "daemon") runs the daemon; "render" prints a projection rendered in this
            process (see "memoryd render --help").

            """;

    public static final String USAGE = """
            usage: memoryd [daemon] [--home DIR] [--renderers N] [--socket PATH] [--request-deadline-ms N]
                                    [--readiness-deadline-ms N] [--heal-interval-ms N] [--tcp-port N]
                                    [--recycle-after-renders N] [--recycle-after-minutes N] [--renderer-arg ARG]...
                                    [--safety-net-seconds N] [--no-watch] [--max-agents N]
                                    [--summarizer-cmd CMD] [--summarizer-timeout-seconds N]
                                    [--head-idle-gap-minutes N] [--head-min-interval-minutes N]
                                    [--head-check-seconds N] [--head-abandon-hours N] [--head-on-session-end]
                                    [--no-head-schedule] [--head-lease-seconds N] [--head-backups N]
                                    [--help] [--version]

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
            limit. --renderer-arg passes an argument to every renderer. A renderer whose render makes no progress
            for --request-deadline-ms (default 30000) is killed as hung and the render is answered in process;
            a render that progresses (a long first index pass reports each batch) is waited for, up to 10 minutes.
            The daemon and each renderer watch memory/ (one inotify descriptor each), so a render indexes only
            the files that changed; a full fingerprint pass still runs every --safety-net-seconds (default 600).
            Hand-made Markdown notes in memory/ become durable notes of agent "default" as they are written.
            --no-watch turns watching off (every render then stats every artifact; notes are not ingested).
            The daemon and each renderer keep per-agent state (index caches, projection memos) for at most
            --max-agents idle agents (default 256), least recently used let go first; one that comes back starts
            cold and renders the same. Bounds: a connection may have 64 calls open at once (more wait in the
            client); a request may be at most 10 MiB (larger: RESOURCE_EXHAUSTED). Synthesize calls wait in a
            queue of 128; writes (WriteArtifact, RemoveSession, Reindex, PurgeNoise, WriteHead, GetHead) run on
            2 threads of their own behind a queue of 32. A full queue answers RESOURCE_EXHAUSTED (QUEUE_FULL);
            a call whose deadline passes while it waits is answered DEADLINE_EXCEEDED (DEADLINE_PASSED) without
            running.
            Options take "--name value" or "--name=value"; --renderers is 1..64, --tcp-port 0..65535, the other
            numbers at least 1 (--head-idle-gap-minutes and --head-min-interval-minutes may be 0). --version
            prints "memoryd <version>".
            Exit codes: 0 after SIGTERM/SIGINT; 1 when it cannot start (a run directory or socket path that is
            not private or usable is named in one line on stderr); 2 for bad arguments (an unknown option, a
            value out of range: named in one line on stderr, then this text); 3 when another daemon already
            serves the workspace ("memoryd: already running for <home> (pid N)").
            Hook gateway: HTTP/1.1 + JSON on <run dir>/hooks.sock (0600, this user only), for hook commands that
            have only curl: POST /v1/synthesize, /v1/artifacts, /v1/sessions:remove, /v1/reindex, GET /v1/health,
            /v1/pool (the gRPC messages' JSON mapping; errors {"code","status","message","details"} with the
            HTTP status of the gRPC code), POST /api/hooks/synthesis (the reference's shape), and the harness
            adapters POST /v1/hooks/claude-code/{session-start,session-end,user-prompt-submit,pre-compact} and
            /v1/hooks/generic/{session-start,session-end} (the harness's own hook input as the body; header
            X-Memoryd-Agent picks the agent, default "default"). Bodies up to 10 MiB, 256 connections, 30 s a
            request. A captured session's summary is extractive unless --summarizer-cmd names a shell command
            that reads the normalised transcript on stdin and prints the summary; it runs after the hook is
            answered, for at most --summarizer-timeout-seconds (default 120), and the extractive summary is
            written whenever it fails.
            MEMORY.md: WriteHead (POST /v1/head, and the reference's POST /api/hooks/synthesis/complete) and
            Synthesize with write_head (POST /v1/synthesize {"writeHead":true}) write an agent's head file
            (<home>/MEMORY.md, or <home>/agents/<id>/MEMORY.md) through the head writer: a generated-at stamp,
            at most 5000 tokens, an atomic replace, a lease per agent in memories.db (held at most
            --head-lease-seconds, default 300; another writer's lease answers busy), the replaced file backed up
            to memory/MEMORY.backup-<time>.md beside it (the newest --head-backups, default 20, are kept).
            GetHead (GET /v1/head?agentId=A) shows an agent's head. A scheduled synthesis checks every
            --head-check-seconds (default 60) and rewrites an agent's MEMORY.md when a session has ended since
            its last run (hook session-end, or a newer indexed summary), no session has been active for
            --head-idle-gap-minutes (default 10; a session started --head-abandon-hours ago, default 12, without
            an end no longer counts), and the last run is --head-min-interval-minutes old (default 60). A render
            with no sources writes nothing; a busy lease or a failed render is retried at the next check. A
            captured compaction (and, with --head-on-session-end, a session end) rewrites it at once.
            --no-head-schedule turns the schedule off. A stop waits up to 30 s for a write in flight.
            If the socket file is deleted or replaced while the daemon runs, it logs that and exits with status 1
            (after draining, like SIGTERM), since no client can reach it any more.
            """;

    private DaemonMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    /** Parses {@code args} and serves until stopped (or answers --help/--version); returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return new CommandRunner("memoryd", DaemonOptions.SPEC, USAGE, DaemonMain.class).run(args, out, err,
                (a, o, e) -> serve(DaemonOptions.from(a, System.getenv(), System.getProperty("user.home")), o, e));
    }

    /**
     * Runs a daemon until it is stopped; returns the exit code. {@code out} gets the READY line and nothing
     * else: from here on, {@code System.out} writes go to stderr.
     */
    public static int serve(DaemonOptions options, PrintStream out, PrintStream err) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "memoryd-daemon-logback.xml");
        }
        System.setOut(System.err);
        DaemonRuntime runtime;
        try {
            runtime = DaemonRuntime.start(options, out);
        } catch (DaemonStartRefused e) {
            err.println("memoryd: " + e.getMessage());
            return e.exitCode();
        } catch (SocketPathException e) {
            err.println("memoryd: " + e.getMessage());
            return DaemonStartRefused.EXIT_REFUSED;
        } catch (Exception | Error e) {
            LoggerFactory.getLogger(DaemonMain.class).error("memoryd failed to start: {}", e.getMessage(), e);
            return CommandRunner.EXIT_FAILURE;
        }
        return runtime.awaitExit();
    }
}
