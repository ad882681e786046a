package io.memoryd.memory.removal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.removal.NoisePurger.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/format.md §7.3, noise groups: which row's values decide whether a whole session
 * is purged. A temp project on any row wins; otherwise a real project on any row keeps the session;
 * otherwise each row is judged by its own key, id and harness.
 */
class NoiseGroupRulesTest {

    @Test
    void tempProjectOnAnyRow_isNoiseEvenWhenAnotherRowHasARealProject() {
        assertTrue(NoisePurger.isNoiseGroup(List.of(
                new Row("s1", "s1", "/home/u/real", "codex"),
                new Row("s1", "s1", "/tmp/scratch", "codex"))));
    }

    @Test
    void realProjectOnAnyRow_keepsTheSessionDespiteAnotherRowsTestKey() {
        assertFalse(NoisePurger.isNoiseGroup(List.of(
                new Row("s1", "test-run", null, "test"),
                new Row("s1", "s1", "/home/u/real", "codex"))));
    }

    @Test
    void withoutProjects_anyRowNoisyByItsOwnKeyIdOrHarness_makesTheGroupNoise() {
        assertTrue(NoisePurger.isNoiseGroup(List.of(
                new Row("s1", "s1", null, "codex"),
                new Row("s1", "s1", "  ", "test"))));
        assertTrue(NoisePurger.isNoiseGroup(List.of(
                new Row("s1", "s1", null, "codex"),
                new Row("fixture-7", null, null, "codex"))));
        assertFalse(NoisePurger.isNoiseGroup(List.of(
                new Row("s1", "s1", null, "codex"),
                new Row("s2", "s2", "", "claude-code"))));
    }
}
