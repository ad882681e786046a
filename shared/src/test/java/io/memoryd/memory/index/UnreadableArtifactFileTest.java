package io.memoryd.memory.index;

import static io.memoryd.memory.index.BadArtifactFixture.assertRenderSkips;
import static io.memoryd.memory.index.BadArtifactFixture.badSummaryName;
import static io.memoryd.memory.index.BadArtifactFixture.validBadSummary;
import static io.memoryd.memory.index.BadArtifactFixture.writeGoodSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files named like artifacts that are not plain, readable UTF-8 files within the size limit: the index skips
 * them with a log line naming the path, deletes nothing, and the render goes on with everything else.
 */
class UnreadableArtifactFileTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("bad input: an artifact with non-UTF-8 bytes is skipped, logged by path, and left in place")
    void skipsArtifactWithNonUtf8Bytes() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            byte[] valid = validBadSummary("Body with a bad byte here: X").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Arrays.copyOf(valid, valid.length);
            bytes[bytes.length - 2] = (byte) 0xFF;
            Path bad = Files.write(t.memoryDir().resolve(badSummaryName()), bytes);
            assertRenderSkips(t, bad, "not valid UTF-8");
            assertTrue(Arrays.equals(bytes, Files.readAllBytes(bad)));
        }
    }

    @Test
    @DisplayName("bad input: a 50 MB artifact is refused by the size limit without being read, and left in place")
    void refusesFiftyMegabyteArtifact() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = t.memoryDir().resolve(badSummaryName());
            try (RandomAccessFile raf = new RandomAccessFile(bad.toFile(), "rw")) {
                raf.write(validBadSummary("Big.").getBytes(StandardCharsets.UTF_8));
                raf.setLength(50L * 1000 * 1000);
            }
            assertRenderSkips(t, bad, "over the " + ArtifactFileReader.DEFAULT_MAX_BYTES + "-byte artifact limit");
            assertEquals(50L * 1000 * 1000, Files.size(bad));
        }
    }

    @Test
    @DisplayName("bad input: a real, otherwise valid artifact of 16 MiB + 1 byte is refused by the default limit")
    void refusesValidArtifactJustOverTheDefaultLimit() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            String head = validBadSummary("x").replace("\n---\nx\n", "\n---\n");
            String body = "y".repeat((int) (ArtifactFileReader.DEFAULT_MAX_BYTES + 1 - head.length() - 1));
            String text = validBadSummary(body);
            assertEquals(ArtifactFileReader.DEFAULT_MAX_BYTES + 1, text.getBytes(StandardCharsets.UTF_8).length);
            Path bad = Files.writeString(t.memoryDir().resolve(badSummaryName()), text);
            assertRenderSkips(t, bad, "artifact limit");
        }
    }

    @Test
    @DisplayName("bad input: an artifact over a configured maxArtifactBytes is refused; the rest still renders")
    void refusesArtifactOverAConfiguredLimit() throws Exception {
        MutableClock clock = MutableClock.at("2026-04-30T12:00:00.000Z");
        try (TestWorkspace t = TestWorkspace.open(root, clock)) {
            writeGoodSession(t);
        }
        Path bad = Files.writeString(root.resolve("memory").resolve(badSummaryName()),
                validBadSummary("A body long enough to pass the limit. ".repeat(200)));
        WorkspaceOptions options = new WorkspaceOptions(root, clock, ZoneOffset.UTC, false, 4096, null, true);
        try (MemoryWorkspace ws = MemoryWorkspace.open(options); LogCapture log = LogCapture.of(ArtifactIndexer.class)) {
            String content = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS).content();
            assertTrue(content.contains("| session=sess-good |"), content);
            assertTrue(!content.contains("sess-bad"), content);
            assertTrue(log.anyContains(bad + ": ") && log.anyContains("over the 4096-byte artifact limit"),
                    () -> log.messages().toString());
        }
        assertTrue(Files.size(bad) > 4096);
    }

    @Test
    @DisplayName("bad input: a symlink named like an artifact is not followed, logged by path, and not deleted")
    void skipsSymlinkNamedLikeAnArtifact() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path target = root.resolve("elsewhere/real-summary.md");
            t.write("elsewhere/real-summary.md", validBadSummary("A valid summary outside memory/."));
            Path link = Files.createSymbolicLink(t.memoryDir().resolve(badSummaryName()), target);
            assertRenderSkips(t, link, "symbolic link", target);
            assertTrue(Files.isSymbolicLink(link));
            assertEquals(validBadSummary("A valid summary outside memory/."), t.read("elsewhere/real-summary.md"));
        }
    }

    @Test
    @DisplayName("bad input: a directory named like an artifact is skipped, logged by path, and kept with its content")
    void skipsDirectoryNamedLikeAnArtifact() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path dir = Files.createDirectory(t.memoryDir().resolve(badSummaryName()));
            Files.writeString(dir.resolve("inner.md"), validBadSummary("Inside a directory."));
            assertRenderSkips(t, dir, "not a regular file");
            assertTrue(Files.isRegularFile(dir.resolve("inner.md")));
        }
    }

    @Test
    @DisplayName("bad input: an unreadable artifact (chmod 000) is skipped, logged by path, and left in place")
    void skipsUnreadableArtifact() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeGoodSession(t);
            Path bad = Files.writeString(t.memoryDir().resolve(badSummaryName()), validBadSummary("Secret."));
            Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("---------"));
            Assumptions.assumeFalse(Files.isReadable(bad), "running as root: chmod 000 does not stop reads");
            assertRenderSkips(t, bad, "cannot read");
        }
    }
}
