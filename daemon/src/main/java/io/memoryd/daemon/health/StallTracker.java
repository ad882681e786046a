package io.memoryd.daemon.health;

/**
 * Groups one serving loop's late ticks into stalls: a stall is a run of late ticks and ends at the first
 * tick on time. During a block every tick due meanwhile waits and then runs late, one after another; they
 * are one stall, reported once, as long as from the first late tick's due time to the last one's run.
 * Not thread-safe: one tracker per loop, fed from that loop's own (single) thread.
 */
final class StallTracker {

    private final int loop;
    private final double lateMs;
    private long firstDueNanos;
    private long lastRunNanos;
    private int lateTicks;
    private double worstLagMs;

    /** @param lateMs a tick later than this is late */
    StallTracker(int loop, double lateMs) {
        this.loop = loop;
        this.lateMs = lateMs;
    }

    /** Records a tick due at {@code dueNanos} that ran at {@code ranNanos}; returns the stall it ends, or null. */
    ResponsivenessProbe.Stall tick(long dueNanos, long ranNanos) {
        double lagMs = (ranNanos - dueNanos) / 1e6;
        if (lagMs > lateMs) {
            if (lateTicks == 0) {
                firstDueNanos = dueNanos;
            }
            lateTicks++;
            lastRunNanos = Math.max(lastRunNanos, ranNanos);
            worstLagMs = Math.max(worstLagMs, lagMs);
            return null;
        }
        if (lateTicks == 0) {
            return null;
        }
        ResponsivenessProbe.Stall stall = new ResponsivenessProbe.Stall(loop, (lastRunNanos - firstDueNanos) / 1e6,
                lateTicks, worstLagMs);
        lateTicks = 0;
        lastRunNanos = 0;
        worstLagMs = 0;
        return stall;
    }
}
