package io.memoryd.memory.index;

import static io.memoryd.memory.testing.TestWorkspace.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.db.DatabaseException;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's write path across batch boundaries: the next batch is parsed while the current one is
 * written, each batch commits its rows together with their fingerprints, and a pass that fails part-way
 * leaves the batches before the failure committed and consistent, so the next pass reads only the rest.
 */
class BatchedIndexWriteTest {

    /** Large enough that a batch is parsed on the worker pool, not inline. */
    private static final int BATCH = 64;

    @TempDir
    Path root;
    TestWorkspace t;
    MemoryDatabase db;
    ArtifactIndexer indexer;
    List<Path> files;

    @BeforeEach
    void writeSessionsAndForgetTheirRows() {
        t = TestWorkspace.open(root);
        for (int i = 0; i < 70; i++) {
            t.ws.writer().writeSummary(session("default", "s" + i, "/home/u/proj",
                    String.format("2026-04-29T%02d:%02d:00.000Z", i / 60, i % 60), "Body of session " + i + "."));
        }
        // the writer indexed what it wrote; start from an empty index as a first run would
        t.execute("DELETE FROM memory_artifacts");
        t.execute("DELETE FROM memoryd_index_fingerprints");
        db = MemoryDatabase.open(t.ws.layout().databasePath());
        files = new ArtifactDirectory(t.ws.layout().memoryDir()).list();
        indexer = newIndexer();
    }

    private ArtifactIndexer newIndexer() {
        return new ArtifactIndexer(t.ws.layout(), db, new ArtifactFileReader(ArtifactFileReader.DEFAULT_MAX_BYTES),
                t.clock, ArtifactChanges.NONE, IndexProgress.NONE, BATCH);
    }

    @AfterEach
    void close() {
        indexer.close();
        db.close();
        t.close();
    }

    @Test
    @DisplayName("a pass over several batches indexes every file once and persists every fingerprint")
    void indexesEveryFileAcrossBatches() {
        assertTrue(files.size() > 2 * BATCH, "the workspace spans several batches: " + files.size());

        ReindexResult first = indexer.reindex(ArtifactIndexer.GLOBAL_SCOPE);

        assertEquals(files.size(), first.read());
        assertEquals(files.size(), first.upserted());
        assertEquals(files.size(), t.count("SELECT count(*) FROM memory_artifacts"));
        assertEquals(files.size(), t.count("SELECT count(*) FROM memoryd_index_fingerprints"));
        indexer.reset();
        assertEquals(0, indexer.reindex(ArtifactIndexer.GLOBAL_SCOPE).read(), "a restart re-reads nothing");
    }

    @Test
    @DisplayName("a write failing in the third batch keeps the first two committed with their fingerprints;"
            + " the next pass reads only the rest")
    void failureMidPassKeepsEarlierBatchesAndTheNextPassDoesTheRest() {
        String failing = files.get(2 * BATCH + 1).getFileName().toString();
        t.execute("CREATE TRIGGER fail_one BEFORE INSERT ON memory_artifacts WHEN NEW.source_path LIKE '%"
                + failing + "' BEGIN SELECT RAISE(ABORT, 'injected write failure'); END");

        assertThrows(DatabaseException.class, () -> indexer.reindex(ArtifactIndexer.GLOBAL_SCOPE));

        assertEquals(2 * BATCH, t.count("SELECT count(*) FROM memory_artifacts"));
        assertEquals(2 * BATCH, t.count("SELECT count(*) FROM memoryd_index_fingerprints"));
        assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts a WHERE NOT EXISTS (SELECT 1 FROM"
                + " memoryd_index_fingerprints f WHERE f.source_path = a.source_path)"), "every row is vouched for");

        t.execute("DROP TRIGGER fail_one");
        indexer.close();
        indexer = newIndexer(); // a new process: only the persisted fingerprints are known
        ReindexResult rerun = indexer.reindex(ArtifactIndexer.GLOBAL_SCOPE);

        assertEquals(files.size() - 2 * BATCH, rerun.read());
        assertEquals(files.size(), t.count("SELECT count(*) FROM memory_artifacts"));
        assertEquals(files.size(), t.count("SELECT count(*) FROM memoryd_index_fingerprints"));
    }
}
