package io.memoryd.tools.load;

import io.memoryd.tools.generate.WorkspaceGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The generated workspace a load run uses: made once per size and seed under the work directory and
 * reused by later runs (generating 30,000 artifacts takes a while); a marker file says it is complete.
 */
public final class BenchWorkspace {

    private BenchWorkspace() {
    }

    /**
     * Returns {@code work/ws-<artifacts>-a<agents>-full}, generating it first (sessions plus memories, thread
     * heads, temporal nodes, noise sessions and notes) when it is not complete.
     */
    public static Path prepare(Path work, int artifacts, int agents, long seed, PrintStream progress)
            throws IOException {
        Path home = work.resolve("ws-" + artifacts + "-a" + agents + "-full").toAbsolutePath();
        Path marker = home.resolve(".generated");
        if (Files.isRegularFile(marker)) {
            return home;
        }
        if (Files.exists(home)) {
            throw new IOException("workspace " + home + " exists but was not completely generated; delete it first");
        }
        progress.println("generating " + artifacts + " artifacts for " + agents + " agents in " + home);
        WorkspaceGenerator.generate(home, artifacts / 3, agents, seed, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                true, progress);
        Files.writeString(marker, artifacts + " artifacts, " + agents + " agents, seed " + seed + "\n");
        return home;
    }

    /** The agent ids the generator uses: {@code default}, {@code agent-1}, ... */
    public static java.util.List<String> agentIds(int agents) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        ids.add("default");
        for (int i = 1; i < agents; i++) {
            ids.add("agent-" + i);
        }
        return ids;
    }
}
