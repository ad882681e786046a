package io.memoryd.tools.bench;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.tools.generate.WorkspaceGenerator;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.renderer.launch.CdsArchive;
import io.memoryd.renderer.launch.RendererCommandLine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The renderer benchmark behind {@code scripts/bench-renderer}: spawn-to-READY per JVM flag set (median of
 * N spawns after one discarded) and the IPC overhead of a render over the Unix socket against the same
 * warm render in process (medians of M). Prints Markdown on stdout, progress on stderr.
 */
public final class RendererBench {

    /** Calls before measuring: a daemon's renderers are long-lived, so their gRPC and render paths are JIT-warm. */
    private static final int WARM_UP = 300;

    private RendererBench() {
    }

    static final String USAGE = """
            usage: bench-renderer [--work DIR] [--spawns 5] [--renders 50] [--artifacts 1000]
              spawn-to-READY of a renderer per JVM flag set (median of --spawns after one discarded) and the IPC
              overhead of a render over the Unix socket (median of --renders); Markdown on stdout
            """;

    static final OptionSpec SPEC = OptionSpec.none().valued("--work", "--spawns", "--renders", "--artifacts");

    private static final CommandRunner CLI = new CommandRunner("bench-renderer", SPEC, USAGE, RendererBench.class);

    public static void main(String[] args) {
        CLI.exit(args, RendererBench::bench);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return CLI.run(args, out, err, RendererBench::bench);
    }

    private static int bench(CommandArgs a, PrintStream out, PrintStream err) throws Exception {
        Path work = Path.of(a.get("--work", "bench-out")).toAbsolutePath();
        int spawns = a.getInt("--spawns", 5, 1);
        int renders = a.getInt("--renders", 50, 1);
        int artifacts = a.getInt("--artifacts", 1000, 3);
        Path home = work.resolve("renderer-ws-" + artifacts);
        if (!Files.isDirectory(home.resolve("memory"))) {
            WorkspaceGenerator.generate(home, artifacts / 3, 1, 7, Instant.now().truncatedTo(ChronoUnit.SECONDS), err);
        }
        Path socket = Path.of("/tmp", "memoryd-bench-" + ProcessHandle.current().pid(), "r.sock");
        String classpath = System.getProperty("java.class.path");
        CdsArchive cds = new CdsArchive(work.resolve("cds"));
        if (cds.flags(classpath).isEmpty()) {
            err.println("bench-renderer: training the AppCDS archive: " + cds.train(classpath, home, socket));
        }
        List<String> base = RendererCommandLine.BASE_FLAGS;
        List<String> c1 = List.of("-XX:TieredStopAtLevel=1");
        out.println("| renderer JVM flags | spawn → READY (median of " + spawns + ") |");
        out.println("|---|---|");
        for (var variant : List.of(
                List.of("base (SerialGC, -Xmx256m)", concat(base)),
                List.of("base + TieredStopAtLevel=1", concat(base, c1)),
                List.of("base + AppCDS", concat(base, cds.flags(classpath))),
                List.of("base + AppCDS + TieredStopAtLevel=1", concat(base, cds.flags(classpath), c1)))) {
            @SuppressWarnings("unchecked")
            List<String> flags = (List<String>) variant.get(1);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i <= spawns; i++) {
                double ms = spawnToReady(flags, classpath, home, socket);
                if (i > 0) {
                    times.add(ms);
                }
            }
            out.printf("| %s | %.0f ms |%n", variant.get(0), median(times));
        }
        out.println();
        ipcOverhead(concat(base, cds.flags(classpath)), "base + AppCDS", classpath, home, socket, renders, out);
        ipcOverhead(concat(base, cds.flags(classpath), c1), "base + AppCDS + TieredStopAtLevel=1", classpath, home,
                socket, renders, out);
        return 0;
    }

    private static double spawnToReady(List<String> flags, String classpath, Path home, Path socket) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(RendererCommandLine.build(flags, classpath, home, socket, "bench", List.of()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            double ms = (System.nanoTime() - start) / 1e6;
            if (line == null || !line.startsWith("READY ")) {
                throw new IllegalStateException("renderer did not start: " + line);
            }
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
            return ms;
        } finally {
            p.destroyForcibly();
        }
    }

    private static void ipcOverhead(List<String> flags, String label, String classpath, Path home, Path socket,
            int renders, PrintStream out) throws Exception {
        List<Double> local = new ArrayList<>();
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(home))) {
            for (int i = 0; i < renders + WARM_UP; i++) {
                long t = System.nanoTime();
                ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
                if (i >= WARM_UP) {
                    local.add((System.nanoTime() - t) / 1e6);
                }
            }
        }
        Process p = new ProcessBuilder(RendererCommandLine.build(flags, classpath, home, socket, "bench", List.of()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        UnixSocketChannels channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
        ManagedChannel channel = null;
        try {
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            channel = channels.builder(socket).directExecutor().build();
            var stub = RendererServiceGrpc.newBlockingStub(channel);
            List<Double> remote = new ArrayList<>();
            List<Double> server = new ArrayList<>();
            List<Double> overheads = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < renders + WARM_UP; i++) {
                long t = System.nanoTime();
                RenderResponse r = stub.render(RenderRequest.newBuilder().setRequestId("b" + i).build());
                if (i >= WARM_UP) {
                    remote.add((System.nanoTime() - t) / 1e6);
                    server.add(r.getTimings().getRenderMs());
                    overheads.add(remote.get(remote.size() - 1) - r.getTimings().getRenderMs()
                            - r.getTimings().getQueueWaitMs());
                }
                bytes = r.getContent().length();
            }
            out.printf("IPC (%s renderer, %d-byte projection, medians of %d after " + WARM_UP + " warm-up calls):"
                            + " per-call IPC overhead (socket round trip minus the renderer's own render and queue"
                            + " wait) %.2f ms; round trip %.2f ms, renderer's render %.2f ms; the bench JVM's own"
                            + " in-process render %.2f ms.%n%n",
                    label, bytes, renders, median(overheads), median(remote), median(server), median(local));
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            channels.close();
            p.getOutputStream().close();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> part : parts) {
            out.addAll(part);
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
