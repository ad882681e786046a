package io.memoryd.tools.load;

import io.memoryd.daemon.health.FdInventory;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.proto.v1.FdCounts;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.SynthesizeRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench-watch}: what watching {@code memory/} buys, through the real daemon at several
 * workspace sizes: warm synthesize, synthesize after 10 changed files, the delay from a note's write to
 * its first appearance in a projection, and the FDs and RSS of every memoryd process. The FD check passes
 * when each process holds the same number of descriptors (within 5) at every size.
 */
public final class WatchBenchCommand {

    static final String USAGE = """
            usage: bench-watch [--sizes 1000,30000,100000] [--runs 9] [--work DIR] [--json]
              For each size: a generated workspace (made once under --work), a daemon with 2 renderers, then
              the first synthesize of default and then of agent-1 (each scope's first pass), warm synthesize (median of --runs), synthesize after 10 changed files (5 new sessions written by
              another process; median of 5), note write -> visible in a projection (median of 3), and open
              FDs / inotify descriptors / RSS of the daemon and each renderer. Prints a Markdown table; exit 0
              when every process's FD count is within 5 across the sizes.
            """;

    private WatchBenchCommand() {
    }

    /** The figures of one size. */
    record SizeResult(int artifacts, double coldMs, double secondAgentFirstMs, double warmP50, double changedP50,
            double noteP50,
            int daemonFds, int daemonInotify, List<Integer> rendererFds, List<Integer> rendererInotify,
            double totalRssMb) {
    }

    static final OptionSpec SPEC = OptionSpec.none().valued("--sizes", "--runs", "--work").flags("--json");

    private static final CommandRunner CLI = new CommandRunner("bench-watch", SPEC, USAGE, WatchBenchCommand.class);

    public static void main(String[] args) {
        CLI.exit(args, WatchBenchCommand::benchWatch);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return CLI.run(argv, out, err, WatchBenchCommand::benchWatch);
    }

    private static int benchWatch(CommandArgs a, PrintStream out, PrintStream err) throws Exception {
        Path work = Path.of(a.get("--work", "bench-out")).toAbsolutePath();
        int runs = a.getInt("--runs", 9, 1);
        List<SizeResult> results = new ArrayList<>();
        for (int n : a.getIntList("--sizes", "1000,30000,100000", 3)) {
            Path home = BenchWorkspace.prepare(work, n, 4, 42, err);
            results.add(measure(home, n, runs, err));
        }
        boolean flat = fdsFlat(results);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", ReportFiles.machine());
        for (SizeResult r : results) {
            String k = "n" + r.artifacts() + "_";
            json.put(k + "cold_ms", r.coldMs());
            json.put(k + "warm_p50_ms", r.warmP50());
            json.put(k + "after_10_changed_p50_ms", r.changedP50());
            json.put(k + "note_visible_p50_ms", r.noteP50());
            json.put(k + "daemon_fds", r.daemonFds());
            json.put(k + "daemon_inotify", r.daemonInotify());
            json.put(k + "renderer_fds", r.rendererFds().toString());
            json.put(k + "renderer_inotify", r.rendererInotify().toString());
            json.put(k + "total_rss_mb", r.totalRssMb());
        }
        json.put("fds_flat_within_5", flat);
        out.print(a.has("--json") ? ReportFiles.json(json, List.of()) : table(results, flat));
        return flat ? 0 : 1;
    }

    private static SizeResult measure(Path home, int artifacts, int runs, PrintStream err) throws Exception {
        err.println("bench-watch: " + artifacts + " artifacts: starting the daemon");
        try (DaemonTarget d = DaemonTarget.start(home, List.of("--renderers", "2"), 300)) {
            SynthesizeRequest request = SynthesizeRequest.newBuilder().setAgentId("default").build();
            long t0 = System.nanoTime();
            d.memory(600_000).synthesize(request);
            double cold = (System.nanoTime() - t0) / 1e6;
            // Another agent's first render: its scope has no cache yet and must find its own files.
            long t1 = System.nanoTime();
            d.memory(600_000).synthesize(SynthesizeRequest.newBuilder().setAgentId("agent-1").build());
            double secondAgent = (System.nanoTime() - t1) / 1e6;
            for (int i = 0; i < 30; i++) { // both renderers and the JIT warm
                d.memory(600_000).synthesize(request);
            }
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                warm.add(timed(d, request));
            }
            List<Double> changed = new ArrayList<>();
            try (MemoryWorkspace writer = MemoryWorkspace.open(WorkspaceOptions.defaults(home).withFsync(false))) {
                for (int round = 0; round < 5; round++) {
                    for (int s = 0; s < 5; s++) {
                        String at = IsoTime.format(Instant.now().minusSeconds(60L * (round * 5 + s + 1)));
                        String id = "bench-" + System.nanoTime();
                        writer.writer().writeSummary(new SessionInput(AgentId.DEFAULT, id, id, "/home/dev/bench",
                                "codex", at, at, at, "Bench change " + id + " on the watcher."));
                    }
                    changed.add(timed(d, request));
                }
            }
            List<Double> notes = new ArrayList<>();
            Path noteFile = home.resolve("memory").resolve("bench-note.md");
            for (int i = 0; i < 3; i++) {
                String marker = "marker" + System.nanoTime();
                long written = System.nanoTime();
                Files.writeString(noteFile, "## Bench note\n\nThe watcher must surface " + marker
                        + " in the Durable Notes of the next projection without any poller at all.\n");
                while (!d.memory(60_000).synthesize(request).getContent().contains(marker)) {
                    if (System.nanoTime() - written > 30_000_000_000L) {
                        throw new IOException("note " + marker + " not visible within 30 s");
                    }
                }
                notes.add((System.nanoTime() - written) / 1e6);
            }
            Files.deleteIfExists(noteFile);
            HealthResponse h = d.health();
            List<Integer> rFds = new ArrayList<>();
            List<Integer> rInotify = new ArrayList<>();
            long rss = h.getResources().getRssBytes();
            for (RendererSlotStatus s : d.pool().getSlotsList()) {
                rFds.add(fds(s.getPid(), false));
                rInotify.add(fds(s.getPid(), true));
                rss += s.getRssBytes();
            }
            SizeResult r = new SizeResult(artifacts, cold, secondAgent, LatencySeries.median(warm),
                    LatencySeries.median(changed),
                    LatencySeries.median(notes), fds(h.getPid(), false), fds(h.getPid(), true), rFds, rInotify,
                    rss / 1048576.0);
            err.println("bench-watch: " + r);
            return r;
        }
    }

    private static double timed(DaemonTarget d, SynthesizeRequest request) {
        long t0 = System.nanoTime();
        d.memory(60_000).synthesize(request);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Open descriptors of a process (only inotify ones when {@code inotify}), from /proc. */
    static int fds(long pid, boolean inotify) {
        FdCounts counts = FdInventory.count(pid);
        return inotify ? counts.getInotify() : counts.getTotal();
    }

    static boolean fdsFlat(List<SizeResult> results) {
        if (results.size() < 2) {
            return true;
        }
        SizeResult first = results.get(0);
        for (SizeResult r : results) {
            if (Math.abs(r.daemonFds() - first.daemonFds()) > 5) {
                return false;
            }
            for (int i = 0; i < Math.min(r.rendererFds().size(), first.rendererFds().size()); i++) {
                if (Math.abs(r.rendererFds().get(i) - first.rendererFds().get(i)) > 5) {
                    return false;
                }
            }
        }
        return true;
    }

    static String table(List<SizeResult> results, boolean flat) {
        StringBuilder t = new StringBuilder("| artifacts | cold | agent-1 first | warm p50 | after 10 changed p50 | note visible p50 |"
                + " daemon FDs (inotify) | renderer FDs (inotify) | total RSS |\n|---|---|---|---|---|---|---|---|---|\n");
        for (SizeResult r : results) {
            t.append(String.format(Locale.ROOT, "| %,d | %.0f ms | %.0f ms | %.1f ms | %.1f ms | %.0f ms | %d (%d) | %s (%s) | %.0f MB |%n",
                    r.artifacts(), r.coldMs(), r.secondAgentFirstMs(), r.warmP50(), r.changedP50(), r.noteP50(),
                    r.daemonFds(),
                    r.daemonInotify(), r.rendererFds(), r.rendererInotify(), r.totalRssMb()));
        }
        t.append(flat ? "\nFD check: PASS (every process within 5 descriptors across the sizes)\n"
                : "\nFD check: FAIL (a process's descriptors grew with the workspace)\n");
        return t.toString();
    }
}
