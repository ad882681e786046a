package io.memoryd.memory.projection;

/**
 * A projection with where its time went (the index pass that preceded it and the whole render) and until
 * when (Unix milliseconds) it stays right while its sources do not change: the next time a ledger session
 * enters or leaves the 30-day window, {@link Long#MAX_VALUE} when none will.
 */
public record RenderResult(Projection projection, long reindexNanos, long totalNanos, long validUntilMillis) {

    /** A result without a known validity (0): it is never reused. */
    public RenderResult(Projection projection, long reindexNanos, long totalNanos) {
        this(projection, reindexNanos, totalNanos, 0);
    }
}
