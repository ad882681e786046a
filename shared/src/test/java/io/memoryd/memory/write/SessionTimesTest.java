package io.memoryd.memory.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ArtifactFileName;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Session times are accepted in every shape docs/format.md §9.1 allows and written canonically: the file names
 * always match the listing rule, so a session never drops out of the index at the next full pass.
 */
class SessionTimesTest {

    @TempDir
    Path root;

    private static SessionInput input(String sessionId, String capturedAt, String startedAt, String endedAt) {
        return new SessionInput(AgentId.DEFAULT, sessionId, sessionId, "/home/u/proj", "codex", capturedAt, startedAt,
                endedAt, "Fixed the retry loop in platform/daemon/src/retry.ts for " + sessionId + ".");
    }

    private static FrontMatter frontMatter(TestWorkspace t, String relativePath) {
        return FrontMatterCodec.parse(t.read(relativePath)).frontMatter();
    }

    @ParameterizedTest(name = "captured_at \"{0}\" names and dates the session {1}")
    @CsvSource(delimiter = '|', value = {
        "2026-04-29t10:00:00.000z|2026-04-29T10:00:00.000Z",
        "2026-04-29|2026-04-29T00:00:00.000Z",
        "2026-04-29 10:00|2026-04-29T10:00:00.000Z",
        "2026-04-29T12:00:00.123456+02:00|2026-04-29T10:00:00.123Z",
        "2026-04-29T10:00:00|2026-04-29T10:00:00.000Z",
    })
    @DisplayName("a lenient captured_at is written canonically in every file name and front matter of the session")
    void writesALenientCaptureTimeCanonically(String capturedAt, String canonical) {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact w = t.ws.writer().writeSummary(input("sess-1", capturedAt, capturedAt, capturedAt));

            String prefix = "memory/" + canonical.replace(':', '-') + "--" + SessionToken.of("default", "sess-1") + "--";
            assertEquals(prefix + "summary.md", w.artifactPath());
            assertEquals(prefix + "manifest.md", w.manifestPath());
            assertTrue(ArtifactFileName.matches(Path.of(w.artifactPath()).getFileName().toString()));
            FrontMatter summary = frontMatter(t, w.artifactPath());
            for (String key : List.of("captured_at", "started_at", "ended_at")) {
                assertEquals(canonical, summary.get(key), key);
            }
            FrontMatter manifest = frontMatter(t, w.manifestPath());
            for (String key : List.of("captured_at", "started_at", "ended_at", "updated_at")) {
                assertEquals(canonical, manifest.get(key), key);
            }
            assertEquals(prefix + "summary.md", manifest.get("summary_path"));
        }
    }

    @Test
    @DisplayName("sessions captured with a lowercase t and date-only stay in the projection after a full index pass")
    void lenientlyTimedSessionsSurviveTheNextFullPass() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            t.ws.writer().writeSummary(input("lower-t", "2026-04-29t10:00:00.000z", null, "2026-04-29t10:00:00.000z"));
            t.ws.writer().writeTranscript(input("date-only", "2026-04-28", null, "2026-04-28"));

            t.ws.resetProcessState();
            String content = t.render("default").content();

            assertTrue(content.contains("session=lower-t"), content);
            assertTrue(content.contains("session=date-only"), content);
            assertEquals(2, t.count("SELECT count(*) FROM memory_artifacts WHERE source_kind IN ('summary',"
                    + " 'transcript') AND is_deleted = 0"));
        }
    }

    @Test
    @DisplayName("a time without a zone is the workspace's local time, written as the UTC instant")
    void aTimeWithoutZoneIsTheLocalZonesTime() {
        WorkspaceOptions options = WorkspaceOptions.defaults(root).withFsync(false)
                .withClock(MutableClock.at("2026-04-30T12:00:00.000Z"));
        options = new WorkspaceOptions(options.root(), options.clock(), ZoneId.of("Europe/Berlin"), false,
                options.maxArtifactBytes(), null, true);
        try (MemoryWorkspace ws = MemoryWorkspace.open(options)) {
            WrittenArtifact w = ws.writer().writeSummary(input("berlin", "2026-04-29T12:00:00", null, null));

            assertTrue(w.artifactPath().startsWith("memory/2026-04-29T10-00-00.000Z--"), w.artifactPath());
        }
    }

    @ParameterizedTest(name = "{0} \"{1}\" is refused naming the field")
    @CsvSource(delimiter = '|', value = {
        "captured_at|yesterday",
        "captured_at|''",
        "started_at|soon",
        "ended_at|2026-13-01",
    })
    @DisplayName("a session time that is not a time is refused, naming the field, before anything is written")
    void refusesATimeThatIsNotATime(String field, String value) throws IOException {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            String ok = "2026-04-29T10:00:00.000Z";
            SessionInput bad = input("sess-1", field.equals("captured_at") ? value : ok,
                    field.equals("started_at") ? value : ok, field.equals("ended_at") ? value : ok);

            InvalidTimeException e = assertThrows(InvalidTimeException.class, () -> t.ws.writer().writeSummary(bad));

            assertEquals(field, e.field());
            assertEquals(field + ": must be an ISO-8601 time, got \"" + value + "\"", e.getMessage());
            try (Stream<Path> files = Files.list(t.memoryDir())) {
                assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".md")).toList());
            }
            assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts"));
        }
    }

    @Test
    @DisplayName("a manifest dated leniently (by another writer) names the session's new files by its canonical time")
    void aLenientlyDatedManifestNamesNewFilesCanonically() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            String manifestPath = t.ws.writer().writeSummary(input("sess-1", "2026-04-29T10:00:00.000Z", null, null))
                    .manifestPath();
            t.write(manifestPath, t.read(manifestPath).replace("captured_at: \"2026-04-29T10:00:00.000Z\"",
                    "captured_at: \"2026-04-29t12:00:00+02:00\""));

            WrittenArtifact w = t.ws.writer().writeTranscript(input("sess-1", "2026-04-29T11:00:00.000Z", null, null));

            assertTrue(w.artifactPath().startsWith("memory/2026-04-29T10-00-00.000Z--"), w.artifactPath());
            assertEquals("2026-04-29T10:00:00.000Z", frontMatter(t, w.artifactPath()).get("captured_at"));
        }
    }

    @Test
    @DisplayName("a manifest whose captured_at is not a time is logged by path; the write's own time names the file")
    void aManifestWhoseCaptureTimeIsNotATimeFallsBackToTheWritesTime() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            String manifestPath = t.ws.writer().writeSummary(input("sess-1", "2026-04-29T10:00:00.000Z", null, null))
                    .manifestPath();
            t.write(manifestPath, t.read(manifestPath).replace("captured_at: \"2026-04-29T10:00:00.000Z\"",
                    "captured_at: \"unknown\""));

            try (LogCapture logs = LogCapture.of(ArtifactWriter.class)) {
                WrittenArtifact w = t.ws.writer().writeTranscript(input("sess-1", "2026-04-29T11:00:00.000Z", null,
                        null));

                assertTrue(w.artifactPath().startsWith("memory/2026-04-29T11-00-00.000Z--"), w.artifactPath());
                assertTrue(logs.anyContains(t.file(manifestPath).toString()), logs.messages().toString());
            }
        }
    }
}
