package io.memoryd.tools.generate;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * Writes a deterministic benchmark workspace through the project's own writers: N/3 sessions, each with
 * a summary (~2.5 KB), a transcript (~4 KB) and a manifest, captured evenly over the last 30 days. Files
 * are not fsynced (a crash only means generating again). {@code --size-factor N} makes summaries and
 * transcripts N times larger.
 */
public final class WorkspaceGenerator {

    private static final String[] WORDS = ("renderer index manifest ledger session token budget socket daemon "
            + "supervisor watcher artifact summary transcript compaction projection migration schema query batch "
            + "fingerprint cache latency heap thread queue deadline retry fallback health metric build test fix "
            + "refactor review deploy config parser codec checksum hash agent harness workspace note memory")
            .split(" ");
    private static final String[] PATHS = {"platform/daemon/src/retry.ts", "platform/core/src/db.ts",
            "packages/cli/src/main.ts", "README.md", "web/src/app.tsx", "libs/codec/src/lib.rs"};

    private WorkspaceGenerator() {
    }

    /** The options of {@code generate}. */
    public static final OptionSpec SPEC = OptionSpec.none()
            .valued("--artifacts", "--agents", "--seed", "--out", "--now", "--size-factor").flags("--plain");

    /** {@code generate}: writes the workspace and prints what it wrote; returns the exit code. */
    public static int run(CommandArgs a, PrintStream out, PrintStream err) {
        if (!a.has("--artifacts") || !a.has("--out")) {
            throw new UsageException("generate needs --artifacts N (N >= 3) and --out DIR");
        }
        int artifacts = a.getInt("--artifacts", -1, 3);
        String outDir = a.get("--out", null);
        int agents = a.getInt("--agents", 1, 1);
        long seed = a.getInt("--seed", 42);
        Instant now = a.get("--now", null) == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS)
                : Instant.parse(a.get("--now", null));
        int sizeFactor = a.getInt("--size-factor", 1, 1);
        long started = System.nanoTime();
        int sessions = generate(Path.of(outDir), artifacts / 3, agents, seed, now, !a.has("--plain"), sizeFactor,
                err);
        out.println("generated " + sessions * 3 + " artifacts (" + sessions + " sessions, " + agents + " agents) in "
                + Path.of(outDir).toAbsolutePath() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return 0;
    }

    /** Generates {@code sessions} sessions and nothing else (the render benchmark's workload). */
    public static int generate(Path root, int sessions, int agents, long seed, Instant now, PrintStream progress) {
        return generate(root, sessions, agents, seed, now, false, progress);
    }

    /**
     * Generates {@code sessions} sessions; with {@code extras} also memories, thread heads, temporal nodes,
     * noise sessions and notes, so that every projection section has content. Returns the sessions written.
     */
    public static int generate(Path root, int sessions, int agents, long seed, Instant now, boolean extras,
            PrintStream progress) {
        return generate(root, sessions, agents, seed, now, extras, 1, progress);
    }

    /**
     * As above, with summaries and transcripts {@code sizeFactor} times their usual size (the benchmark of
     * heavier artifacts); a factor of 1 writes exactly what the other overloads write.
     */
    public static int generate(Path root, int sessions, int agents, long seed, Instant now, boolean extras,
            int sizeFactor, PrintStream progress) {
        if (sizeFactor < 1) {
            throw new IllegalArgumentException("sizeFactor must be at least 1: " + sizeFactor);
        }
        Random random = new Random(seed);
        Duration window = Duration.ofDays(30).minusHours(1);
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(root).withFsync(false))) {
            for (int i = 0; i < sessions; i++) {
                AgentId agent = i % agents == 0 ? AgentId.DEFAULT : new AgentId("agent-" + (i % agents));
                Instant at = now.minus(window.multipliedBy(i + 1).dividedBy(sessions + 1));
                String iso = IsoTime.format(at);
                String project = "/home/dev/project-" + (i % 17);
                String sessionId = "session-" + seed + "-" + i;
                SessionInput input = new SessionInput(agent, sessionId, sessionId, project,
                        i % 2 == 0 ? "claude-code" : "codex", iso, iso, iso, "");
                ws.writer().writeSummary(input.withText(text(random, 2500 * sizeFactor, "")));
                ws.writer().writeTranscript(input.withText(text(random, 4000 * sizeFactor, "user: ")));
                if ((i + 1) % 1000 == 0) {
                    progress.println("generate: " + (i + 1) + "/" + sessions + " sessions");
                }
            }
            if (extras) {
                GeneratedExtras.write(ws, agents, now);
            }
        }
        return sessions;
    }

    private static String text(Random random, int bytes, String linePrefix) {
        StringBuilder out = new StringBuilder(bytes + 100);
        int line = 0;
        while (out.length() < bytes) {
            out.append(linePrefix.isEmpty() ? "" : (line++ % 2 == 0 ? "user: " : "assistant: "));
            int words = 8 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                out.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            if (random.nextInt(4) == 0) {
                out.append(PATHS[random.nextInt(PATHS.length)]).append(' ');
            }
            out.setLength(out.length() - 1);
            out.append(".\n");
        }
        return out.toString();
    }
}
