package io.memoryd.memory.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Artifact file names and the strict listing rule (docs/format.md §2.2, §10 case 5). */
class ArtifactFileNameTest {

    private static final String T = "yruajzz2ynbltkjz";

    @Test
    @DisplayName("§10 case 5: captured 2026-03-28T22:34:06.792Z, token T, summary → 2026-03-28T22-34-06.792Z--T--summary.md")
    void replacesEveryColonOfTheCaptureTime() {
        assertEquals("2026-03-28T22-34-06.792Z--" + T + "--summary.md",
                ArtifactFileName.of("2026-03-28T22:34:06.792Z", T, ArtifactKind.SUMMARY));
    }

    @Test
    @DisplayName("§2.2: each of the four kinds gives its own suffix and matches the listing rule")
    void namesEveryKind() {
        for (ArtifactKind kind : ArtifactKind.values()) {
            String name = ArtifactFileName.of("2026-03-28T22:34:06.792Z", T, kind);
            assertTrue(name.endsWith("--" + kind.wireName() + ".md"), name);
            assertTrue(ArtifactFileName.matches(name), name);
        }
    }

    @ParameterizedTest(name = "a file is never named by the non-canonical time \"{0}\"")
    @ValueSource(strings = {"2026-03-28t22:34:06.792Z", "2026-03-28", "2026-03-28 22:34:06.792Z",
        "2026-03-28T22:34:06+01:00", "unknown"})
    @DisplayName("§2.2: a name comes only from a canonical time (a lowercase t or a bare date is never listed)")
    void refusesToNameAFileByANonCanonicalTime(String capturedAt) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArtifactFileName.of(capturedAt, T, ArtifactKind.SUMMARY));
        assertTrue(e.getMessage().contains("\"" + capturedAt + "\""), e.getMessage());
    }

    @ParameterizedTest(name = "§10 case 5: \"{0}\" does not match the listing rule")
    @ValueSource(strings = {
        "notes--summary.md",
        "2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--summary.md.tmp-123-1700000000000",
        "2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--summary.md.tmp-123-1700000000000-1",
        "2026-03-28T22-34-06.792Z--YRUAJZZ2YNBLTKJZ--summary.md",
        "2026-03-28T22-34-06.792Z--yruajzz2ynbltkj--summary.md",
        "2026-03-28T22-34-06.792Z--yruajzz2ynbltkj1--summary.md",
        "2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--native.md",
        "2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--summary.MD",
        "2026-03-28--yruajzz2ynbltkjz--summary.md",
        "x2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--summary.md",
        "MEMORY.md",
        "memories.db",
    })
    @DisplayName("§10 case 5: names outside the listing rule are refused")
    void refusesNamesOutsideTheListingRule(String name) {
        assertFalse(ArtifactFileName.matches(name));
    }

    @ParameterizedTest(name = "§2.2: \"{0}\" matches the listing rule")
    @ValueSource(strings = {
        "2026-03-28T22-34-06.792Z--yruajzz2ynbltkjz--manifest.md",
        "2026-03-28Tanything at all--yruajzz2ynbltkjz--transcript.md",
        "0000-00-00T--22222222aaaaaaaa--compaction.md",
    })
    @DisplayName("§2.2: the rule only fixes the date prefix, the token and the kind")
    void acceptsLooseTimeParts(String name) {
        assertTrue(ArtifactFileName.matches(name));
    }
}
