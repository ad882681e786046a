package io.memoryd.tools.bench;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the renders of one workspace inside one process and prints one JSON line: the first render (cold
 * on an empty DB, or a restart with the DB kept), warm renders, a render after {@code --changes} new
 * artifacts, and the peak RSS. {@code scripts/bench-render} runs it in fresh JVMs and takes medians.
 */
public final class BenchRun {

    private BenchRun() {
    }

    /** The options of {@code bench-run}. */
    public static final OptionSpec SPEC = OptionSpec.none().valued("--home", "--warm-runs", "--changes");

    /** {@code bench-run}: times the renders and prints one JSON line; returns the exit code. */
    public static int run(CommandArgs a, PrintStream out, PrintStream err) {
        Path root = Path.of(a.get("--home", "."));
        int warmRuns = a.getInt("--warm-runs", 5, 0);
        int changes = a.getInt("--changes", 10, 0);
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(root))) {
            long t0 = System.nanoTime();
            Projection first = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < warmRuns; i++) {
                long t = System.nanoTime();
                Projection p = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
                warm.add((System.nanoTime() - t) / 1e6);
                if (!p.content().equals(first.content())) {
                    err.println("bench-run: warm render differs from the first render");
                    return 1;
                }
            }
            String now = IsoTime.format(Instant.now());
            for (int i = 0; i < changes / 2; i++) {
                String id = "bench-change-" + System.nanoTime() + "-" + i;
                ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, id, id, "/home/dev/changed", "codex",
                        now, now, now, "A changed session body for the benchmark, number " + i + "."));
            }
            long t1 = System.nanoTime();
            ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
            double changedMs = (System.nanoTime() - t1) / 1e6;
            out.printf("{\"firstMs\":%.2f,\"warmMs\":%s,\"afterChangesMs\":%.2f,\"peakRssMb\":%d,"
                            + "\"contentBytes\":%d,\"tokens\":%d,\"fileCount\":%d}%n",
                    firstMs, warm.stream().map(d -> String.format("%.2f", d)).toList(), changedMs, peakRssMb(),
                    first.content().length(), new TokenBudget().count(first.content()), first.fileCount());
        }
        return 0;
    }

    /** VmHWM of this process in MiB, or -1 where /proc is unavailable. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
