package io.memoryd.daemon.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How operator views write sizes, durations and values not known yet. */
class UnitsTest {

    @Test
    void durations_showTheTwoLargestUnits() {
        assertEquals("850 ms", Units.duration(850));
        assertEquals("12s", Units.duration(12_999));
        assertEquals("4m 05s", Units.duration(245_000));
        assertEquals("2h 03m", Units.duration(7_384_000));
        assertEquals("3d 04h", Units.duration((3 * 86_400 + 4 * 3600) * 1000L));
    }

    @Test
    void sizesAreMegabytesWithOneDecimal() {
        assertEquals("1.5 MB", Units.megabytes(1024 * 1024 * 3 / 2));
    }

    @Test
    void zeroOrNegativeMeansUnknown_forSizesPidsAndUptimes() {
        assertEquals(Units.UNKNOWN, Units.megabytes(0));
        assertEquals(Units.UNKNOWN, Units.pid(-1));
        assertEquals(Units.UNKNOWN, Units.uptime(0));
        assertEquals(Units.UNKNOWN, Units.count(-1));
        assertEquals("0", Units.count(0));
    }
}
