package io.memoryd.daemon.hooks;

import io.memoryd.memory.workspace.AgentId;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks that serialize the captures of one session: a session always maps to the same lock,
 * so two ends of one session run one after the other (the second finds nothing new), while the memory used
 * stays the same however many sessions there are. Two sessions may share a lock; they then just wait for
 * each other. Thread-safe.
 */
final class SessionLocks {

    private final ReentrantLock[] stripes;

    SessionLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock lockFor(AgentId agent, String sessionId) {
        return stripes[Math.floorMod((agent.value() + ":" + sessionId).hashCode(), stripes.length)];
    }
}
