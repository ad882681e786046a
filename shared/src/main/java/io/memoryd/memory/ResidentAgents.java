package io.memoryd.memory;

import io.memoryd.memory.workspace.AgentId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The agents whose in-process state (their {@link AgentMemory}, index cache and change-log scope) this
 * process keeps: at most {@code capacity} of them, the least recently used let go first, besides any that
 * are in use. An agent is in use from {@link #lease} until that lease is closed; renders, index passes and
 * noise purges of an agent run inside a lease, so its state is never let go while work on it is queued or
 * running. An agent that comes back after it was let go starts cold, as after a restart: a full index pass
 * of its scope from the persisted fingerprints, which yields the same projection.
 *
 * <p>Thread-safe: every method holds this object's monitor, and so does the {@code forget} callback,
 * which must therefore be quick and must not call back.
 */
final class ResidentAgents {

    /** Default for {@code --max-agents}. */
    static final int DEFAULT_CAPACITY = 256;

    private static final class Resident {
        final AgentMemory memory;
        int leases;

        Resident(AgentMemory memory) {
            this.memory = memory;
        }
    }

    /** One user's hold on an agent's state; close it exactly once when the work is done. */
    final class Lease implements AutoCloseable {
        private final Resident resident;
        private boolean closed;

        private Lease(Resident resident) {
            this.resident = resident;
        }

        AgentMemory memory() {
            return resident.memory;
        }

        @Override
        public void close() {
            synchronized (ResidentAgents.this) {
                if (!closed) {
                    closed = true;
                    resident.leases--;
                    evictOverCapacity();
                }
            }
        }
    }

    private final int capacity;
    private final Consumer<String> forget;
    /** Insertion order is recency: a lease moves its agent to the end. */
    private final LinkedHashMap<String, Resident> agents = new LinkedHashMap<>();

    /** @param forget lets go of the rest of an agent's state (index cache, change-log scope) when it is evicted */
    ResidentAgents(int capacity, Consumer<String> forget) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the agent cap must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.forget = forget;
    }

    /** Holds the agent's state, creating it when the agent is new or was let go. */
    synchronized Lease lease(AgentId agent) {
        Resident r = agents.remove(agent.value());
        if (r == null) {
            r = new Resident(new AgentMemory(agent));
        }
        agents.put(agent.value(), r);
        r.leases++;
        evictOverCapacity();
        return new Lease(r);
    }

    /** Holds the agent's state only when it is kept now, without making it more recent (background passes). */
    synchronized Optional<Lease> leaseIfResident(String agentId) {
        Resident r = agents.get(agentId);
        if (r == null) {
            return Optional.empty();
        }
        r.leases++;
        return Optional.of(new Lease(r));
    }

    synchronized int size() {
        return agents.size();
    }

    /** Forgets every agent without telling anyone, as a restart would (tests; the caller resets the rest). */
    synchronized void clear() {
        agents.clear();
    }

    private void evictOverCapacity() {
        Iterator<Map.Entry<String, Resident>> oldestFirst = agents.entrySet().iterator();
        while (agents.size() > capacity && oldestFirst.hasNext()) {
            Map.Entry<String, Resident> e = oldestFirst.next();
            if (e.getValue().leases == 0) {
                oldestFirst.remove();
                forget.accept(e.getKey());
            }
        }
    }
}
