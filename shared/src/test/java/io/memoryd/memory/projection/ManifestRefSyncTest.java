package io.memoryd.memory.projection;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.lock.ScopeLocks;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.write.WrittenArtifact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/format.md §10 cases 36–37 and §6.11: ref sync never touches another agent's manifests. */
class ManifestRefSyncTest {

    private static final String REFERENCED_TAIL = """
            memory_md_refs:
              - "Session Ledger (Last 30 Days)"
            """;

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

    private WrittenArtifact summary(String agent, String sessionId, String at) {
        return t.ws.writer().writeSummary(session(agent, sessionId, "/home/u/proj", at, "Body " + sessionId));
    }

    @Test
    @DisplayName("§10 case 36: a ledger-referenced manifest carries the ledger ref and note")
    void referencedManifestCarriesRefAndNote() {
        WrittenArtifact w = summary("default", "s1", "2026-04-29T10:00:00.000Z");

        t.render("default");

        String manifest = t.read(w.manifestPath());
        assertTrue(manifest.contains(REFERENCED_TAIL), manifest);
        assertTrue(manifest.contains("revision: 2\n"), manifest);
        assertTrue(manifest.endsWith("---\n## Session Ledger (Last 30 Days)\n\n"
                + "This session currently appears in the working memory ledger.\n"), manifest);
        assertTrue(manifest.contains("content_sha256: \"a56e257121e1198a6de45d2d4b243debb0595d26c01e3a8995a57e3994f15d5e\""));
    }

    @Test
    @DisplayName("§10 case 36: a session that drops out of the ledger has its refs and note cleared")
    void droppedSessionLosesRefs() {
        WrittenArtifact old = summary("default", "s1", "2026-04-20T10:00:00.000Z");
        summary("default", "s2", "2026-04-29T10:00:00.000Z");
        t.render("default");
        t.clock.advance(Duration.ofDays(21));

        t.render("default");

        String manifest = t.read(old.manifestPath());
        assertTrue(manifest.contains("memory_md_refs:\nupdated_at"), manifest);
        assertTrue(manifest.endsWith("hash_scope: \"body-normalized-v1\"\n---\n\n"), manifest);
        assertTrue(manifest.contains("revision: 3\n"), manifest);
    }

    @Test
    @DisplayName("§10 case 37: rendering alice after a change does not clear bob's manifest refs")
    void previousRefsArePerAgent() {
        WrittenArtifact alice = summary("alice", "a1", "2026-04-20T10:00:00.000Z");
        WrittenArtifact bob = summary("bob", "b1", "2026-04-20T10:00:00.000Z");
        t.render("alice");
        t.render("bob");
        t.clock.advance(Duration.ofDays(21));

        t.render("alice");

        assertTrue(t.read(alice.manifestPath()).contains("memory_md_refs:\nupdated_at"));
        assertTrue(t.read(bob.manifestPath()).contains(REFERENCED_TAIL));
    }

    @Test
    @DisplayName("a full manifest scan (no change set) only touches the rendering agent's manifests")
    void fullScanIsScopedToTheAgent() {
        WrittenArtifact alice = summary("alice", "a1", "2026-04-29T10:00:00.000Z");
        WrittenArtifact bob = summary("bob", "b1", "2026-04-29T10:00:00.000Z");
        t.render("alice");
        t.render("bob");
        ManifestRefSync sync = new ManifestRefSync(t.ws.layout(), t.ws.database(), t.ws.manifests(),
                new ScopeLocks(t.ws.layout().lockDir()), t.clock);

        int rewritten = sync.sync("alice", Set.of(), Optional.empty(), Set.of());

        assertEquals(1, rewritten);
        assertTrue(t.read(alice.manifestPath()).contains("memory_md_refs:\nupdated_at"));
        assertTrue(t.read(bob.manifestPath()).contains(REFERENCED_TAIL));
    }

    @Test
    @DisplayName("§6.11: a warm render after the cold one rewrites no manifest")
    void warmRenderRewritesNothing() {
        WrittenArtifact w = summary("default", "s1", "2026-04-29T10:00:00.000Z");
        t.render("default");
        String after = t.read(w.manifestPath());

        t.render("default");
        t.ws.resetProcessState();
        t.render("default");

        assertEquals(after, t.read(w.manifestPath()));
    }
}
