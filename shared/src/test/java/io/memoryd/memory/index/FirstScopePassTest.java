package io.memoryd.memory.index;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first pass of an agent's scope skips the files another scope already found to be some other agent's
 * and that have not changed since; it still reads its own and every changed file.
 */
class FirstScopePassTest {

    private static final AgentId OTHER = new AgentId("agent-1");

    @TempDir
    Path root;
    TestWorkspace t;

    @BeforeEach
    void twoAgentsIndexedByTheDefaultScope() {
        t = TestWorkspace.open(root);
        for (int i = 0; i < 3; i++) {
            t.ws.writer().writeSummary(session("default", "d" + i, "/home/u/proj", "2026-04-29T1" + i + ":00:00.000Z",
                    "Body of d" + i + "."));
            t.ws.writer().writeSummary(session("agent-1", "a" + i, "/home/u/proj", "2026-04-29T1" + i + ":30:00.000Z",
                    "Body of a" + i + "."));
        }
        t.ws.reindex(AgentId.DEFAULT);
        t.ws.resetProcessState();
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void readsOnlyItsOwnFilesWhenTheOthersAreKnownAndUnchanged() {
        ReindexResult first = t.ws.reindex(OTHER);

        assertEquals(12, first.listed());
        assertEquals(6, first.read(), "agent-1's summaries and manifests only");
    }

    @Test
    void stillReadsAnotherAgentsFileThatChangedSince() throws Exception {
        Path defaultSummary;
        try (var files = Files.list(root.resolve("memory"))) {
            defaultSummary = files.filter(p -> p.getFileName().toString().endsWith("--summary.md"))
                    .filter(p -> readUnchecked(p).contains("agent_id: \"default\""))
                    .findFirst().orElseThrow();
        }
        Files.writeString(defaultSummary, Files.readString(defaultSummary) + "\n");

        ReindexResult first = t.ws.reindex(OTHER);

        assertEquals(7, first.read());
    }

    @Test
    void restoresItsOwnRowsEvenWhenOtherScopesKnowTheFiles() {
        t.execute("DELETE FROM memory_artifacts WHERE agent_id = 'agent-1'");

        t.ws.reindex(OTHER);

        assertEquals(6, t.count("SELECT count(*) FROM memory_artifacts WHERE agent_id = 'agent-1'"));
    }

    private static String readUnchecked(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
