package io.memoryd.memory.multiprocess;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ImmutableArtifactException;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A writing process for {@link TwoProcessWriteTest}: opens the workspace (fsync on, as in production),
 * says {@code READY}, then for each line {@code WRITE <session>} on stdin writes that session's summary with
 * the text {@code <label> <session>} and answers {@code WROTE <path>}, {@code REFUSED <reason>} or
 * {@code FAILED <error>}. Ends at EOF.
 */
public final class WriteChild {

    private static final String AT = "2026-04-29T10:00:00.000Z";

    private WriteChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String label = args[1];
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(root))) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String session = line.substring("WRITE ".length());
                try {
                    String path = ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, session, session,
                            "/home/u/proj", "codex", AT, null, AT, label + " " + session)).artifactPath();
                    System.out.println("WROTE " + path);
                } catch (ImmutableArtifactException e) {
                    System.out.println("REFUSED " + e.reason().text());
                } catch (RuntimeException e) {
                    System.out.println("FAILED " + e);
                }
                System.out.flush();
            }
        }
    }
}
