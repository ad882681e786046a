package io.memoryd.memory.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.write.WrittenArtifact;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Body normalization and the {@code body-normalized-v1} hash (docs/format.md §2.4, §10 case 1). */
class ArtifactBodyTest {

    private static final String SPEC_EXAMPLE = "alpha  \r\nbeta\t\r\n\r\n";

    @TempDir
    Path root;

    @Test
    @DisplayName("§10 case 1: \"alpha  \\r\\nbeta\\t\\r\\n\\r\\n\" normalizes to \"alpha\\nbeta\"")
    void normalizesTheSpecExample() {
        assertEquals("alpha\nbeta", ArtifactBody.normalize(SPEC_EXAMPLE));
    }

    @Test
    @DisplayName("§10 case 1: the example hashes like \"alpha\\nbeta\\n\" (golden hash)")
    void hashesTheExampleLikeItsTrailingNewlineVariant() {
        String golden = "bbfb79e82216bd2db1ad2c507d44ddf80aeb12f64f9562056afe93aad43154d9";
        assertEquals(golden, ArtifactBody.normalizedSha256(SPEC_EXAMPLE));
        assertEquals(golden, ArtifactBody.normalizedSha256("alpha\nbeta\n"));
    }

    @Test
    @DisplayName("§2.4: the empty body hash is e3b0…b855")
    void hashesTheEmptyBody() {
        assertEquals(ArtifactBody.EMPTY_SHA256, ArtifactBody.sha256(""));
        assertEquals(ArtifactBody.EMPTY_SHA256, ArtifactBody.normalizedSha256("\n \t\r\n"));
    }

    @Test
    @DisplayName("§10 case 1: normalizing is idempotent")
    void normalizationIsIdempotent() {
        for (String body : new String[] {SPEC_EXAMPLE, "\n\nx  \n\ty\t\n", "a\rb\r\r", "", " ", "line\u00a0"}) {
            String once = ArtifactBody.normalize(body);
            assertEquals(once, ArtifactBody.normalize(once), () -> "not idempotent for " + body);
        }
    }

    @Test
    @DisplayName("§2.4: leading and inner blank lines are kept, only trailing empty lines go")
    void keepsLeadingAndInnerBlankLines() {
        assertEquals("\n\nfirst\n\n\nsecond", ArtifactBody.normalize("\n\nfirst\n\n\nsecond\n\n\n"));
    }

    @Test
    @DisplayName("§2.4: a lone \\r is a line end")
    void treatsLoneCarriageReturnAsLineEnd() {
        assertEquals("a\nb\nc", ArtifactBody.normalize("a\rb \r\nc\r"));
    }

    @Test
    @DisplayName("§2.4: only U+0020 and U+0009 are stripped from line ends (NBSP and U+3000 stay)")
    void stripsOnlySpacesAndTabsFromLineEnds() {
        assertEquals("a\u00a0\nb\u3000", ArtifactBody.normalize("a\u00a0 \t\nb\u3000\t"));
    }

    @Test
    @DisplayName("§10 case 1: sanitize transcript v1 gives the normalized body and is deterministic")
    void sanitizedTranscriptIsTheNormalizedBody() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            WrittenArtifact first = t.ws.writer().writeTranscript(TestWorkspace.session("default", "sess-1",
                    "/home/u/proj", "2026-04-29T10:00:00.000Z", SPEC_EXAMPLE));
            String text = t.read(first.artifactPath());
            assertTrue(text.endsWith("\n---\nalpha\nbeta\n"), text);
            assertTrue(text.contains("\ncontent_sha256: \"" + ArtifactBody.sha256("alpha\nbeta") + "\"\n"), text);
            assertTrue(text.endsWith("sanitizer_version: \"sanitize_transcript_v1\"\n---\nalpha\nbeta\n"), text);

            WrittenArtifact again = t.ws.writer().writeTranscript(TestWorkspace.session("default", "sess-1",
                    "/home/u/proj", "2026-04-29T10:00:00.000Z", "alpha\nbeta\n"));
            assertEquals(first, again);
            assertEquals(text, t.read(again.artifactPath()));
        }
    }
}
