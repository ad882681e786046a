package io.memoryd.memory.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.ArtifactFileName;
import io.memoryd.memory.artifact.ArtifactKind;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.testing.LogCapture;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Shared steps of the bad-input tests: a good session, a bad file next to it, and the checks after a render. */
final class BadArtifactFixture {

    static final String GOOD_SESSION = "sess-good";
    static final String BAD_SESSION = "sess-bad";
    private static final String BAD_AT = "2026-04-28T10:00:00.000Z";

    private BadArtifactFixture() {
    }

    /** Writes the session that must keep rendering whatever else is in {@code memory/}. */
    static void writeGoodSession(TestWorkspace t) {
        t.ws.writer().writeSummary(TestWorkspace.session("default", GOOD_SESSION, "/home/u/proj",
                "2026-04-29T10:00:00.000Z", "Fixed the parser."));
    }

    /** The file name the bad session's summary would have. */
    static String badSummaryName() {
        return ArtifactFileName.of(BAD_AT, SessionToken.of("default", BAD_SESSION), ArtifactKind.SUMMARY);
    }

    /** A complete, valid summary document for the bad session (so only the file's form can keep it out). */
    static String validBadSummary(String body) {
        String prefix = "memory/" + BAD_AT.replace(':', '-') + "--" + SessionToken.of("default", BAD_SESSION) + "--";
        FrontMatter fm = FrontMatter.builder()
                .put("kind", "summary")
                .put("agent_id", "default")
                .put("session_id", BAD_SESSION)
                .put("session_key", BAD_SESSION)
                .put("project", "/home/u/bad")
                .put("harness", "codex")
                .put("captured_at", BAD_AT)
                .put("started_at", null)
                .put("ended_at", BAD_AT)
                .put("manifest_path", prefix + "manifest.md")
                .put("source_node_id", null)
                .put("content_sha256", ArtifactBody.normalizedSha256(body))
                .put("hash_scope", "body-normalized-v1")
                .put("memory_sentence", "Session bad captured durable summary context, preserved lineage metadata,"
                        + " and recorded this artifact for MEMORY.md projection and later drill-down.")
                .put("memory_sentence_version", "memory_sentence_v1")
                .put("memory_sentence_quality", "fallback")
                .put("memory_sentence_generated_at", BAD_AT)
                .build();
        return FrontMatterCodec.document(fm, ArtifactBody.normalize(body));
    }

    /** Every entry under {@code dir}, links not followed. */
    static List<Path> snapshot(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Size and mtime of an entry, without following links. */
    static String stat(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.size() + "@" + a.lastModifiedTime();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders {@code default} and checks: the good session is in the ledger, a log line of the indexer names
     * {@code bad} and contains {@code reason}, no row has the bad path, no entry of {@code memory/} (or
     * {@code alsoKept}) was deleted, and {@code bad} itself is unchanged.
     */
    static void assertRenderSkips(TestWorkspace t, Path bad, String reason, Path... alsoKept) {
        assertRenderSkips(t, bad, reason, () -> t.render("default").content(), alsoKept);
    }

    static void assertRenderSkips(TestWorkspace t, Path bad, String reason, Supplier<String> render, Path... alsoKept) {
        List<Path> before = Stream.concat(snapshot(t.memoryDir()).stream(), Stream.of(alsoKept)).toList();
        String badStat = stat(bad);
        String content;
        try (LogCapture log = LogCapture.of(ArtifactIndexer.class)) {
            content = render.get();
            assertTrue(log.messages().stream().anyMatch(m -> m.contains(bad.toString()) && m.contains(reason)),
                    () -> "no log line names " + bad + " with '" + reason + "': " + log.messages());
        }
        assertTrue(content.contains("| session=" + GOOD_SESSION + " |"), content);
        assertTrue(!content.contains(BAD_SESSION), content);
        assertEquals(0, t.count("SELECT count(*) FROM memory_artifacts WHERE source_path = ?",
                t.ws.layout().relativize(bad)));
        for (Path p : before) {
            assertTrue(Files.exists(p, LinkOption.NOFOLLOW_LINKS), () -> "deleted: " + p);
        }
        assertEquals(badStat, stat(bad), "the bad entry was changed");
    }
}
