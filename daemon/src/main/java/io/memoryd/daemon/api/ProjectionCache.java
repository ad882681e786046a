package io.memoryd.daemon.api;

import io.memoryd.daemon.supervisor.SynthesisResult;
import io.memoryd.memory.workspace.AgentId;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's projection cache: answers a synthesize without a render while nothing that could change
 * the answer has changed. A projection is a function of the database, the files in memory/ and the clock,
 * so an entry (per agent and max_tokens) is served only while the database change stamp and the memory/
 * watch generation are what they were before its render, and the clock is before the render's
 * {@code valid_until}. A render is stored only when neither moved while it ran (a render that indexed a
 * change moves the stamp itself; the next render, which finds nothing to index, is the one kept), so a
 * change that arrives during a render is never hidden. Without a watcher (generation -1) nothing is cached.
 * Bounded: the least recently used entry goes beyond {@code maxEntries}. Thread-safe.
 */
public final class ProjectionCache {

    /** What a render was started against; {@link #hit} is the cached answer when there is one. */
    public record Ticket(Key key, String stamp, long generation, SynthesisResult hit) {
    }

    /** What shapes a synthesize's answer. */
    record Key(String agent, int maxTokens) {
    }

    private record Entry(String stamp, long generation, SynthesisResult result) {
    }

    /** Where the cache reads the state of a projection's sources. */
    public interface Sources {
        /** The database change stamp: moves on every commit, any process's. */
        String stamp();

        /** The memory/ watch generation once every earlier file change has been heard; -1 when unknown. */
        long syncedGeneration();

        /** The memory/ watch generation as heard so far; -1 when memory/ is not watched. */
        long generation();
    }

    private final Clock clock;
    private final Sources sources;
    private final int maxEntries;
    private final Map<Key, Entry> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ProjectionCache(Clock clock, Sources sources, int maxEntries) {
        this.clock = clock;
        this.sources = sources;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Samples the sources' state before a render, with the cached answer when it is still right. */
    public Ticket before(AgentId agent, int maxTokens) {
        Key key = new Key(agent.value(), maxTokens);
        // Generation first (after the watcher's barrier): a file written before this call has moved it.
        long gen = sources.syncedGeneration();
        String now = sources.stamp();
        if (gen >= 0) {
            Entry e;
            synchronized (entries) {
                e = entries.get(key);
            }
            if (e != null && e.generation() == gen && e.stamp().equals(now)
                    && clock.millis() < e.result().validUntilMillis()) {
                hits.incrementAndGet();
                return new Ticket(key, now, gen, e.result().fromCache());
            }
        }
        misses.incrementAndGet();
        return new Ticket(key, now, gen, null);
    }

    /** Keeps a render's answer when the sources did not move while it ran and it says how long it holds. */
    public void after(Ticket ticket, SynthesisResult result) {
        if (ticket.generation() < 0 || result.fallback() || result.validUntilMillis() <= clock.millis()) {
            return;
        }
        // Generation first: an event after this read moves it, and the entry is then never served.
        if (sources.generation() != ticket.generation() || !sources.stamp().equals(ticket.stamp())) {
            return;
        }
        synchronized (entries) {
            entries.put(ticket.key(), new Entry(ticket.stamp(), ticket.generation(), result));
            while (entries.size() > maxEntries) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
    }

    /** Drops every entry (a reindex or a removal through the daemon; the stamp would also tell). */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** Synthesizes answered from the cache so far. */
    public long hits() {
        return hits.get();
    }

    /** Synthesizes that needed a render so far. */
    public long misses() {
        return misses.get();
    }

    /** How many projections are kept. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** The cached answer for a key, for tests. */
    Optional<SynthesisResult> peek(AgentId agent, int maxTokens) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(new Key(agent.value(), maxTokens))).map(Entry::result);
        }
    }
}
