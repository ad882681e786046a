package io.memoryd.daemon.head;

import java.time.Duration;

/**
 * When the scheduled synthesis runs (daemon options {@code --head-*}).
 *
 * @param idleGap how long no session may have been active before a run (default 10 min)
 * @param minInterval the least time between two recorded runs of an agent (default 1 h)
 * @param checkInterval how often the daemon checks (default 60 s, as the reference)
 * @param abandonAfter after how long without an end a started session no longer counts as active, so a
 *     harness that crashed without its end hook does not hold the head back for ever (default 12 h)
 * @param forceOnSessionEnd whether a session end through the hook API forces a run at once instead of
 *     waiting for the idle gap (default off)
 * @param shutdownWait how long a stop waits for a run in flight (default 30 s)
 */
public record HeadSchedule(Duration idleGap, Duration minInterval, Duration checkInterval, Duration abandonAfter,
        boolean forceOnSessionEnd, Duration shutdownWait) {

    public static final HeadSchedule DEFAULTS = new HeadSchedule(Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofSeconds(60), Duration.ofHours(12), false, Duration.ofSeconds(30));
}
