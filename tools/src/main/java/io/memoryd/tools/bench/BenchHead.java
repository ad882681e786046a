package io.memoryd.tools.bench;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.head.HeadOutcome;
import io.memoryd.memory.head.HeadPolicy;
import io.memoryd.memory.head.HeadWriter;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.OptionSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times the head writer on a real workspace (production options: fsync on): renders agent {@code default}
 * once, then writes that projection as MEMORY.md {@code --writes} times, each with a changed last line so
 * that every write is a full one (lease, backup, atomic replace with fsyncs, commit, retention of 20
 * backups), and as many times unchanged; {@code --no-fsync} shows what the fsyncs cost. Prints one JSON line with medians and p95s. It writes MEMORY.md,
 * backups and the head row into the workspace: run it on a copy ({@code scripts/bench-head} makes one).
 */
public final class BenchHead {

    /** The options of {@code bench-head}. */
    public static final OptionSpec SPEC = OptionSpec.none().valued("--home", "--writes", "--warmup")
            .flags("--no-fsync");

    private BenchHead() {
    }

    /** {@code bench-head}: times head writes and prints one JSON line; returns the exit code. */
    public static int run(CommandArgs a, PrintStream out, PrintStream err) {
        Path root = Path.of(a.get("--home", "."));
        int writes = a.getInt("--writes", 50, 1);
        int warmup = a.getInt("--warmup", 20, 0);
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(root)
                .withFsync(!a.has("--no-fsync")))) {
            Projection p = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
            HeadWriter heads = ws.headWriter(HeadPolicy.DEFAULTS);
            List<Double> changed = new ArrayList<>();
            List<Double> unchanged = new ArrayList<>();
            for (int i = 0; i < warmup + writes; i++) {
                String text = p.content() + "\n<!-- bench write " + i + " -->";
                long t0 = System.nanoTime();
                HeadOutcome first = heads.write("default", text, "bench-head").outcome();
                long t1 = System.nanoTime();
                HeadOutcome second = heads.write("default", text, "bench-head").outcome();
                long t2 = System.nanoTime();
                if (first != HeadOutcome.WRITTEN || second != HeadOutcome.UNCHANGED) {
                    err.println("bench-head: unexpected outcomes " + first + ", " + second);
                    return 1;
                }
                if (i >= warmup) {
                    changed.add((t1 - t0) / 1e6);
                    unchanged.add((t2 - t1) / 1e6);
                }
            }
            out.printf("{\"projectionBytes\":%d,\"fileCount\":%d,\"writes\":%d,\"writtenP50Ms\":%.2f,"
                            + "\"writtenP95Ms\":%.2f,\"writtenMaxMs\":%.2f,\"unchangedP50Ms\":%.2f,"
                            + "\"unchangedP95Ms\":%.2f}%n",
                    p.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, p.fileCount(), writes,
                    pct(changed, 50), pct(changed, 95), Collections.max(changed), pct(unchanged, 50),
                    pct(unchanged, 95));
        }
        return 0;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
