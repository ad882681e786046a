package io.memoryd.memory.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.write.WrittenArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only names matching the strict listing rule are indexed (docs/format.md §2.2, §10 case 5). */
class ListingRuleTest {

    @TempDir
    Path root;

    private static WrittenArtifact writeSession(TestWorkspace t) {
        return t.ws.writer().writeSummary(TestWorkspace.session("default", "sess-1", "/home/u/proj",
                "2026-04-29T10:00:00.000Z", "Fixed the parser."));
    }

    private static List<String> paths(TestWorkspace t) {
        return t.column("SELECT source_path FROM memory_artifacts ORDER BY source_path");
    }

    @Test
    @DisplayName("§10 case 5: notes--summary.md, .tmp- files and sub-folder copies are ignored by reindex")
    void reindexIgnoresNamesOutsideTheListingRule() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact w = writeSession(t);
            String summary = t.read(w.artifactPath());
            String name = t.file(w.artifactPath()).getFileName().toString();
            t.write("memory/notes--summary.md", summary);
            t.write("memory/" + name + ".tmp-4242-1777370400000", summary);
            t.write("memory/" + name + ".tmp-4242-1777370400000-7", summary);
            t.write("memory/sub/" + name, summary);
            t.write("memory/archive/2026-04-01T00-00-00.000Z--aaaaaaaaaaaaaaaa--summary.md", summary);
            List<String> before = paths(t);
            t.execute("DELETE FROM memory_artifacts");
            t.ws.resetProcessState();
            t.ws.reindex(null);
            assertEquals(before, paths(t));
            assertEquals(List.of(w.artifactPath(), w.manifestPath()).stream().sorted().toList(), paths(t));
            assertTrue(Files.exists(t.file("memory/notes--summary.md")));
        }
    }

    @Test
    @DisplayName("§2.2: files outside the listing rule are ignored silently (no warnings about them)")
    void ignoresNonArtifactNamesSilently() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeSession(t);
            t.write("memory/notes--summary.md", "not an artifact");
            t.write("memory/README.md", "hand-made note");
            try (LogCapture log = LogCapture.of(ArtifactIndexer.class)) {
                t.render("default");
                assertTrue(log.messages().stream().noneMatch(m -> m.startsWith("WARN")), () -> log.messages().toString());
            }
        }
    }

    @Test
    @DisplayName("§2.2: the writers' temp files never match the listing rule and none are left behind")
    void writersLeaveNoTempFiles() throws Exception {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            writeSession(t);
            t.ws.writer().writeCompaction(TestWorkspace.session("default", "sess-1", "/home/u/proj",
                    "2026-04-29T10:00:00.000Z", "Compacted."));
            t.render("default");
            try (var files = Files.list(t.memoryDir())) {
                List<String> tmp = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
                assertEquals(List.of(), tmp);
            }
        }
    }
}
