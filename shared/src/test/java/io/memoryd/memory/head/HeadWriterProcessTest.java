package io.memoryd.memory.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head writer across real processes: a writer killed mid-write, and two writers of one agent. */
class HeadWriterProcessTest {

    @TempDir
    Path root;
    private Process child;

    @AfterEach
    void killChild() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private BufferedReader startChild(String text) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HeadWriteChild.class.getName(), root.toString(), "default", text, "child-writer")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads the child's "temp <path>" line: the new content is complete on disk, not yet renamed. */
    private static Path awaitTemp(BufferedReader out) throws IOException {
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("temp "), "child said " + line);
        return Path.of(line.substring(5));
    }

    private HeadWriter writer(MemoryDatabase db, Instant now) {
        return new HeadWriter(new WorkspaceLayout(root), db, new TokenBudget(), new AtomicFileWriter(false),
                Clock.fixed(now, ZoneOffset.UTC), HeadPolicy.DEFAULTS);
    }

    @Test
    @DisplayName("a writer killed -9 between its temp write and the rename leaves the old MEMORY.md intact")
    void crashBetweenTempAndRename() throws Exception {
        Path head = root.resolve("MEMORY.md");
        try (MemoryDatabase db = ReferenceHeadSchema.open(root)) {
            writer(db, Instant.now()).write("default", "# Old head", "test");
        }
        String old = Files.readString(head);
        BufferedReader out = startChild("# New head that must never be seen torn");
        Path temp = awaitTemp(out);
        assertTrue(Files.readString(temp).endsWith("# New head that must never be seen torn"));
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(old, Files.readString(head));

        try (MemoryDatabase db = MemoryDatabase.open(new WorkspaceLayout(root).databasePath())) {
            // The dead writer's lease still stands until it expires; after that the next write goes through
            // and sweeps the dead writer's temp file.
            assertEquals(HeadOutcome.BUSY, writer(db, Instant.now()).write("default", "# Next", "test").outcome());
            HeadWriteResult next = writer(db, Instant.now().plus(Duration.ofMinutes(6)))
                    .write("default", "# Next", "test");
            assertEquals(HeadOutcome.WRITTEN, next.outcome());
            assertEquals(2, next.revision());
            assertFalse(Files.exists(temp));
            assertEquals(old, Files.readString(next.backup()));
        }
    }

    @Test
    @DisplayName("two processes writing the same agent: one writes, the other is told busy")
    void twoProcessesOneAgent() throws Exception {
        try (MemoryDatabase db = ReferenceHeadSchema.open(root)) {
            BufferedReader out = startChild("# Written by the child");
            awaitTemp(out);
            HeadWriteResult mine = writer(db, Instant.now()).write("default", "# Written by the test", "test");
            assertEquals(HeadOutcome.BUSY, mine.outcome());
            assertEquals("child-writer", mine.leaseOwner());
            assertFalse(Files.exists(root.resolve("MEMORY.md")));
            try (Writer in = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write("go\n");
            }
            assertEquals("outcome WRITTEN 1", out.readLine());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
            assertTrue(Files.readString(root.resolve("MEMORY.md")).endsWith("\n\n# Written by the child"));
            assertEquals(HeadOutcome.WRITTEN, writer(db, Instant.now()).write("default", "# Then mine", "test")
                    .outcome());
        }
    }
}
