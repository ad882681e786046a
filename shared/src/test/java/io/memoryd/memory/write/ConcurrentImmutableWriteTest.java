package io.memoryd.memory.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.ImmutableArtifactException;
import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/format.md §2.8 under concurrency: two writes of one immutable artifact (same agent, session and kind) with
 * different text, released together, end with exactly one success and one {@code content mismatch}, and
 * the file holds the winner's text; the last rename never wins.
 */
@Timeout(120)
class ConcurrentImmutableWriteTest {

    private static final String AT = "2026-04-29T10:00:00.000Z";
    private static final int ROUNDS = 25;

    @TempDir
    Path root;

    private static SessionInput input(String sessionId, String text) {
        return new SessionInput(AgentId.DEFAULT, sessionId, sessionId, "/home/u/proj", "codex", AT, null, AT, text);
    }

    /** Races two writers of {@code write} over ROUNDS sessions, the manifest existing or not. */
    private void raceTwoWriters(boolean manifestFirst, Function<MemoryWorkspace, Writer> write) throws Exception {
        // fsync on, as in production: the window between the existence check and the publish is real.
        WorkspaceOptions options = WorkspaceOptions.defaults(root).withClock(MutableClock.at("2026-04-30T12:00:00.000Z"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (MemoryWorkspace ws = MemoryWorkspace.open(options)) {
            for (int round = 0; round < ROUNDS; round++) {
                String session = "race-" + round;
                if (manifestFirst) {
                    ws.manifests().ensure(input(session, ""));
                }
                CyclicBarrier together = new CyclicBarrier(2);
                List<String> texts = List.of("Text A of " + session + ".", "Text B of " + session + ".");
                List<Future<String>> outcomes = new ArrayList<>();
                for (String text : texts) {
                    outcomes.add(threads.submit(() -> {
                        together.await();
                        return write.apply(ws).write(input(session, text));
                    }));
                }

                List<String> won = new ArrayList<>();
                List<Throwable> refused = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    try {
                        String path = outcomes.get(i).get();
                        won.add(texts.get(i) + " -> " + path);
                    } catch (ExecutionException e) {
                        refused.add(e.getCause());
                    }
                }

                assertEquals(1, won.size(), "round " + round + ": successes " + won + ", failures " + refused);
                ImmutableArtifactException e = assertInstanceOf(ImmutableArtifactException.class, refused.get(0));
                assertEquals(ImmutableArtifactException.Reason.CONTENT_MISMATCH, e.reason(), e.getMessage());
                String winner = won.get(0).substring(0, won.get(0).indexOf(" -> "));
                String path = won.get(0).substring(won.get(0).indexOf(" -> ") + 4);
                assertEquals(root.resolve(path), e.path());
                assertEquals(winner, FrontMatterCodec.parse(Files.readString(root.resolve(path))).body().strip());
                assertEquals(ArtifactBody.sha256(winner), FrontMatterCodec.parse(Files.readString(root.resolve(path)))
                        .frontMatter().get("content_sha256"));
                assertEquals(List.of(winner), ws.database().read("rows", c -> {
                    List<String> rows = new ArrayList<>();
                    try (var ps = c.prepareStatement("SELECT content FROM memory_artifacts WHERE session_id = ?"
                            + " AND source_kind != 'manifest'")) {
                        ps.setString(1, session);
                        try (var rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rows.add(rs.getString(1));
                            }
                        }
                    }
                    return rows;
                }));
                try (var files = Files.list(root.resolve("memory"))) {
                    String token = io.memoryd.memory.artifact.SessionToken.of("default", session);
                    assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(token + "--manifest.md"))
                            .count(), "one manifest for " + session);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Writer {
        String write(SessionInput input);
    }

    @Test
    void twoSummariesOfOneSessionAtOnce_oneWinsTheOtherGetsContentMismatch() throws Exception {
        raceTwoWriters(true, ws -> in -> ws.writer().writeSummary(in).artifactPath());
    }

    @Test
    void twoFirstWritesOfOneSessionAtOnce_createOneManifestAndOneSummary() throws Exception {
        raceTwoWriters(false, ws -> in -> ws.writer().writeSummary(in).artifactPath());
    }

    @Test
    void twoCompactionsOfOneSessionAtOnce_oneWinsTheOtherGetsContentMismatch() throws Exception {
        raceTwoWriters(true, ws -> in -> ws.writer().writeCompaction(in).artifactPath());
    }

    @Test
    void twoTranscriptsOfOneSessionAtOnce_oneWinsTheOtherGetsContentMismatch() throws Exception {
        raceTwoWriters(true, ws -> in -> ws.writer().writeTranscript(in).artifactPath());
    }
}
