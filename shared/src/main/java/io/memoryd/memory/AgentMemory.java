package io.memoryd.memory;

import io.memoryd.memory.projection.AgentProjectionState;
import io.memoryd.memory.workspace.AgentId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything this process remembers about one agent: its projection state, whether the automatic noise
 * purge already ran, and the lock that keeps its renders one at a time.
 */
final class AgentMemory {

    final AgentId agent;
    final AgentProjectionState projection = new AgentProjectionState();
    final AtomicBoolean noisePurged = new AtomicBoolean();
    final ReentrantLock renderLock = new ReentrantLock();

    AgentMemory(AgentId agent) {
        this.agent = agent;
    }
}
