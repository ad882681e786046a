package io.memoryd.daemon.head;

import java.time.Instant;
import java.util.Map;

/**
 * What the scheduler reads from the workspace on each tick: per agent, the newest indexed summary's end
 * time (session ends learnt without the hook API: summaries written by the API, by another process, or by
 * the reference) and when its head was last stored in {@code memory_md_heads} (by anyone: a run of this
 * daemon, a WriteHead call, the reference), which counts as the agent's last run.
 */
@FunctionalInterface
public interface SummarySignals {

    /** One agent's signals; either time may be null. */
    record AgentSignal(Instant lastSummaryEnd, Instant headUpdatedAt) {
    }

    SummarySignals NONE = Map::of;

    /** Agent id → its signals. */
    Map<String, AgentSignal> read();
}
