package io.memoryd.memory.head;

import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second process for {@link HeadWriterProcessTest}: writes a head through the real {@link HeadWriter},
 * and once the new content's temp file is complete (fsynced, not yet renamed) prints {@code temp <path>}
 * and waits for a line on stdin before publishing it. The test either kills it there (a crash between
 * temp write and rename) or lets it go on. Prints the outcome last. Args: root, agent, text, owner.
 */
public final class HeadWriteChild {

    private HeadWriteChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        AtomicFileWriter files = new AtomicFileWriter(true, AtomicFileWriter.FSYNC_DIRECTORY, (temp, target) -> {
            if (target.getFileName().toString().equals("MEMORY.md")) {
                System.out.println("temp " + temp);
                System.out.flush();
                stdin.readLine();
            }
        });
        try (MemoryDatabase db = MemoryDatabase.open(new WorkspaceLayout(root).databasePath())) {
            HeadWriteResult r = new HeadWriter(new WorkspaceLayout(root), db, new TokenBudget(), files,
                    Clock.systemUTC(), HeadPolicy.DEFAULTS).write(args[1], args[2], args[3]);
            System.out.println("outcome " + r.outcome() + " " + r.revision());
        }
    }
}
