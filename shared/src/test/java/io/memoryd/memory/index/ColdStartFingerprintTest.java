package io.memoryd.memory.index;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.WrittenArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/format.md §10 case 19 with the cold start of §4.9: after a restart a
 * file is re-read only when its persisted fingerprint is missing or differs.
 */
class ColdStartFingerprintTest {

    @TempDir
    Path root;
    TestWorkspace t;
    WrittenArtifact written;

    @BeforeEach
    void indexOneSession() {
        t = TestWorkspace.open(root);
        written = t.ws.writer().writeSummary(session("default", "s1", "/home/u/proj", "2026-04-29T10:00:00.000Z",
                "Body of s1."));
        t.ws.reindex(AgentId.DEFAULT);
        t.clock.advance(Duration.ofMinutes(10));
    }

    @AfterEach
    void close() {
        t.close();
    }

    private String summaryColumn(String column) {
        return t.column("SELECT " + column + " FROM memory_artifacts WHERE source_kind = 'summary'").get(0);
    }

    private Path summaryFile() {
        return t.file(written.artifactPath());
    }

    @Test
    @DisplayName("after a restart an unchanged file with a persisted fingerprint is not re-read")
    void restartDoesNotReReadUnchangedFiles() {
        String updatedAt = summaryColumn("updated_at");
        t.ws.resetProcessState();

        ReindexResult result = t.ws.reindex(AgentId.DEFAULT);

        assertEquals(0, result.read());
        assertEquals(updatedAt, summaryColumn("updated_at"));
    }

    @Test
    @DisplayName("§10 case 19: a row without a persisted fingerprint (reference row) is re-read and refreshed")
    void restartReReadsRowsWithoutFingerprint() throws IOException {
        t.execute("UPDATE memory_artifacts SET source_mtime_ms = NULL, updated_at = '2000-01-01T00:00:00.000Z'");
        t.execute("DELETE FROM memoryd_index_fingerprints");
        t.ws.resetProcessState();

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(FileFingerprint.of(summaryFile()).mtimeMillis(), Double.parseDouble(summaryColumn("source_mtime_ms")));
        assertEquals("2026-04-30T12:10:00.000Z", summaryColumn("updated_at"));
    }

    @Test
    @DisplayName("§10 case 19: an mtime bumped by +2 s is picked up after a restart")
    void restartPicksUpMtimeBumpOfTwoSeconds() throws IOException {
        bumpAndCheck(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("§10 case 19: an mtime bumped by +500 ms is picked up after a restart")
    void restartPicksUpMtimeBumpOfHalfASecond() throws IOException {
        bumpAndCheck(Duration.ofMillis(500));
    }

    private void bumpAndCheck(Duration bump) throws IOException {
        FileTime before = Files.getLastModifiedTime(summaryFile());
        Files.setLastModifiedTime(summaryFile(), FileTime.fromMillis(before.toMillis() + bump.toMillis()));
        t.ws.resetProcessState();

        t.ws.reindex(AgentId.DEFAULT);

        assertEquals(FileFingerprint.of(summaryFile()).mtimeMillis(), Double.parseDouble(summaryColumn("source_mtime_ms")));
    }

    @Test
    @DisplayName("a same-size edit with the mtime set back is still caught after a restart (ctime)")
    void restartCatchesSameMtimeEdit() throws IOException {
        FileTime mtime = Files.getLastModifiedTime(summaryFile());
        String text = Files.readString(summaryFile());
        String edited = text.replace("Session proj captured", "Session proj CAPTURED");
        assertEquals(text.length(), edited.length());
        Files.writeString(summaryFile(), edited);
        Files.setLastModifiedTime(summaryFile(), mtime);
        t.ws.resetProcessState();

        t.ws.reindex(AgentId.DEFAULT);

        assertNotEquals(-1, summaryColumn("memory_sentence").indexOf("CAPTURED"));
    }

    @Test
    @DisplayName("a replaced file (new inode) is re-read after a restart")
    void restartReReadsReplacedFile() throws IOException {
        String edited = Files.readString(summaryFile()).replace("Session proj captured", "Session proj recorded");
        Path replacement = summaryFile().resolveSibling("replacement.tmp");
        Files.writeString(replacement, edited);
        Files.move(replacement, summaryFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        t.ws.resetProcessState();

        t.ws.reindex(AgentId.DEFAULT);

        assertNotEquals(-1, summaryColumn("memory_sentence").indexOf("recorded"));
    }
}
