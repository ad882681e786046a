package io.memoryd.memory.projection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.memory.write.WrittenArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/format.md §6.4 and §5.6: which of a session's rows each ledger value comes from. The sentence is
 * {@code coerceSentence(picked)}: validated against, and recomputed from, the picked row's own content,
 * project, harness and kind. The displayed project and the noise check's project are the group's (first
 * row with a non-empty project); session key, harness and manifest are the picked row's; the session id
 * is the first row's. Each session here has a summary (the picked row, captured at 08:00) and a newer
 * transcript (09:00, so it is the group's first row).
 */
class LedgerRowRulesTest {

    private static final String SUMMARY_AT = "2026-04-29T08:00:00.000Z";
    private static final String TRANSCRIPT_AT = "2026-04-29T09:00:00.000Z";

    @TempDir
    Path root;
    TestWorkspace t;

    @BeforeEach
    void open() {
        t = TestWorkspace.open(root);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private static SessionInput row(String project, String harness, String at, String text) {
        return new SessionInput(AgentId.DEFAULT, "s1", "s1", project, harness, at, null, at, text);
    }

    /** Writes the session's newer transcript and its summary (the picked row); returns the summary. */
    private WrittenArtifact session(SessionInput summary, SessionInput transcript) {
        t.ws.writer().writeTranscript(transcript);
        return t.ws.writer().writeSummary(summary);
    }

    /** Replaces the stored sentence in an artifact's front matter, as a reference writer might have left it. */
    private void storeSentence(WrittenArtifact artifact, String sentence) throws IOException {
        Path file = t.file(artifact.artifactPath());
        Files.writeString(file, Files.readString(file).replaceFirst("memory_sentence: \"[^\"]*\"",
                "memory_sentence: \"" + sentence + "\""));
    }

    /** Changes rows the way another writer of the shared database could, after the files were indexed. */
    private void updateIndexedRows(String sql) {
        t.render("default");
        t.execute(sql);
    }

    private String ledger() {
        String content = t.render("default").content();
        return content.substring(content.indexOf("## Session Ledger"));
    }

    @Test
    void fallbackSentence_usesPickedRowsProjectNotTheGroups() throws IOException {
        WrittenArtifact summary = session(row(null, "codex", SUMMARY_AT, "Merged PR #512 after review."),
                row("/home/u/proj", "codex", TRANSCRIPT_AT, "user: ship it"));
        storeSentence(summary, "Worked on task.");

        String ledger = ledger();

        assertTrue(ledger.contains("| session=s1 | project=/home/u/proj | Session PR#512 captured durable summary"
                + " context, preserved lineage metadata"), ledger);
        assertFalse(ledger.contains("Session proj captured"), ledger);
    }

    @Test
    void storedSentence_isValidatedAgainstPickedRowsProjectAnchor() throws IOException {
        String sentence = "Reworked the alpha nightly export so that its batches finish well before the team"
                + " reviews them each morning.";
        WrittenArtifact summary = session(row("/a/alpha", "codex", SUMMARY_AT, "Nightly export reworked."),
                row("/b/beta", "codex", TRANSCRIPT_AT, "user: export"));
        storeSentence(summary, sentence);

        String ledger = ledger();

        assertTrue(ledger.contains("| project=/b/beta | " + sentence + " [["), ledger);
    }

    @Test
    void fallbackSentence_usesPickedRowsHarnessAndKind() throws IOException {
        WrittenArtifact summary = session(row(null, "claude-code", SUMMARY_AT, "Nothing concrete happened."),
                row(null, "codex", TRANSCRIPT_AT, "user: hello"));
        storeSentence(summary, "Reviewed code.");

        String ledger = ledger();

        assertTrue(ledger.contains("| project=none | Session claude-code captured durable summary context"), ledger);
    }

    @Test
    void noise_usesGroupProjectSoARealProjectOverridesTheTestHarness() {
        session(row(null, "test", SUMMARY_AT, "Merged PR #7."), row("/home/u/real", "codex", TRANSCRIPT_AT, "user: go"));

        assertTrue(ledger().contains("| session=s1 | project=/home/u/real |"));
    }

    @Test
    void noise_usesPickedRowsHarnessNotAnotherRows() {
        session(row(null, "codex", SUMMARY_AT, "Merged PR #7."), row(null, "test", TRANSCRIPT_AT, "user: go"));

        assertTrue(ledger().contains("| session=s1 | project=none |"));
    }

    @Test
    void noise_usesPickedRowsSessionKey() {
        session(row(null, "codex", SUMMARY_AT, "Merged PR #7."), row(null, "codex", TRANSCRIPT_AT, "user: go"));
        updateIndexedRows("UPDATE memory_artifacts SET session_key = 'test-run' WHERE source_kind = 'summary'");

        assertFalse(ledger().contains("session="), "a picked row with a synthetic key is noise");
    }

    @Test
    void sessionColumn_showsFirstRowsSessionIdWhenPickedKeyIsNull() {
        session(row("/p", "codex", SUMMARY_AT, "Merged PR #7."), row("/p", "codex", TRANSCRIPT_AT, "user: go"));
        updateIndexedRows("UPDATE memory_artifacts SET session_key = CASE source_kind WHEN 'summary' THEN NULL"
                + " ELSE session_key END, session_id = CASE source_kind WHEN 'transcript' THEN 'from-transcript'"
                + " ELSE session_id END");

        assertTrue(ledger().contains("| session=from-transcript | project=/p |"));
    }

    @Test
    void session_isSkippedWhenPickedRowHasNoSentenceEvenIfAnotherRowHasOne() throws IOException {
        WrittenArtifact summary = session(row("/p", "codex", SUMMARY_AT, "Merged PR #7."),
                row("/p", "codex", TRANSCRIPT_AT, "user: go"));
        storeSentence(summary, "");

        assertTrue(ledger().contains("- no in-window sessions yet."));
    }

    @Test
    void manifestLink_isPickedRowsManifestPath() {
        WrittenArtifact summary = session(row("/p", "codex", SUMMARY_AT, "Merged PR #7."),
                row("/p", "codex", TRANSCRIPT_AT, "user: go"));
        updateIndexedRows("UPDATE memory_artifacts SET manifest_path = 'memory/other--manifest.md'"
                + " WHERE source_kind = 'transcript'");

        String ledger = ledger();

        assertTrue(ledger.contains("[[" + summary.manifestPath() + "|manifest]]"), ledger);
        assertFalse(ledger.contains("other--manifest.md"), ledger);
    }
}
