package io.memoryd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe reports a stall of a serving loop once, when it ends, with its length: not once per late tick. */
class ResponsivenessProbeTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_000_000 * MS;

    final List<ResponsivenessProbe.Stall> stalls = new ArrayList<>();
    final ResponsivenessProbe probe = new ResponsivenessProbe(stalls::add);

    /** Ticks due every 100 ms from {@code fromMs} (for {@code count} ticks) that all wait for a block ending at {@code endMs}. */
    private void blocked(int loop, long fromMs, int count, long endMs) {
        for (int i = 0; i < count; i++) {
            probe.record(loop, T0 + (fromMs + 100L * i) * MS, T0 + (endMs + i) * MS); // run back to back at the end
        }
    }

    private void onTime(int loop, long dueMs) {
        probe.record(loop, T0 + dueMs * MS, T0 + (dueMs + 1) * MS);
    }

    @Test
    void aTwoSecondBlock_isOneStallWithItsLength() {
        onTime(0, 0);
        blocked(0, 100, 20, 2100);
        onTime(0, 2200);

        assertEquals(1, stalls.size(), stalls.toString());
        ResponsivenessProbe.Stall stall = stalls.get(0);
        assertEquals(2019, stall.lengthMs(), 1e-6);
        assertEquals(2000, stall.worstLagMs(), 1e-6);
        assertEquals(20, stall.lateTicks());
    }

    @Test
    void ticksOnTime_areNoStall() {
        for (int i = 0; i < 50; i++) {
            onTime(0, 100L * i);
        }

        assertEquals(List.of(), stalls);
    }

    @Test
    void twoBlocksWithTicksOnTimeBetween_areTwoStalls() {
        blocked(0, 0, 5, 500);
        onTime(0, 600);
        blocked(0, 700, 3, 1000);
        onTime(0, 1100);

        assertEquals(2, stalls.size(), stalls.toString());
    }

    @Test
    void oneLoopsTicksOnTime_doNotEndAnotherLoopsStall() {
        blocked(1, 0, 10, 1000);
        onTime(0, 1000);
        onTime(0, 1100);

        assertEquals(List.of(), stalls);
        onTime(1, 1100);
        assertEquals(1, stalls.size());
        assertEquals(1, stalls.get(0).loop());
    }
}
