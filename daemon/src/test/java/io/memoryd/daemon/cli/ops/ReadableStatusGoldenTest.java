package io.memoryd.daemon.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code memoryctl health} and {@code memoryctl pool} as an operator reads them, fed with fixed messages. */
class ReadableStatusGoldenTest {

    private final HealthView plainHealth = new HealthView(Palette.plain());
    private final PoolView plainPool = new PoolView(Palette.plain());

    @Test
    void servingHealth_isOneStatusLineThenFiguresWithUnits() throws Exception {
        Golden.assertMatches("health-serving.txt", plainHealth.render(StatusFixtures.servingHealth()));
    }

    @Test
    void healthOfAStartingDaemon_showsDashesForWhatIsNotMeasuredYet() throws Exception {
        String text = plainHealth.render(StatusFixtures.startingHealth());

        Golden.assertMatches("health-starting.txt", text);
        assertFalse(text.contains("-1"), text);
    }

    @Test
    void pool_isAnAlignedTableOfSlotsThenATotalsLine() throws Exception {
        Golden.assertMatches("pool-degraded.txt", plainPool.render(StatusFixtures.degradedPool()));
    }

    @Test
    void poolWithoutSlotsOrTotals_showsZeroTotals_notEmptyBraces() throws Exception {
        String text = plainPool.render(StatusFixtures.emptyPool());

        Golden.assertMatches("pool-empty.txt", text);
        assertFalse(text.contains("{"), text);
    }

    @Test
    void unknownFigures_showAsDash_neverAsMinusOne() {
        String text = plainPool.render(StatusFixtures.degradedPool());

        assertFalse(text.contains("-1"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("slot 2") && l.contains("–")), text);
    }

    @Test
    void colouredOutput_isThePlainOutputWithAnsiColoursAdded_soColumnsStillLineUp() {
        String colouredPool = new PoolView(Palette.ansi()).render(StatusFixtures.degradedPool());
        String colouredHealth = new HealthView(Palette.ansi()).render(StatusFixtures.servingHealth());

        assertEquals(plainPool.render(StatusFixtures.degradedPool()), Golden.stripAnsi(colouredPool));
        assertEquals(plainHealth.render(StatusFixtures.servingHealth()), Golden.stripAnsi(colouredHealth));
        assertTrue(colouredHealth.startsWith("\u001b[32mserving\u001b[0m"), colouredHealth);
        assertTrue(colouredPool.contains("\u001b[33mdegraded\u001b[0m"), colouredPool);
    }
}
