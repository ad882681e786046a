package io.memoryd.daemon.supervisor;

import io.memoryd.memory.projection.Projection;

/**
 * A projection and who produced it: a renderer (id and pid) or the in-process fallback (id "fallback",
 * pid of the daemon), with timings, whether the caller joined another caller's render, until when (Unix ms)
 * the render said it stays right while no source changes (0: unknown), and whether it was answered from the
 * daemon's projection cache.
 */
public record SynthesisResult(Projection projection, boolean fallback, String rendererId, long rendererPid,
        double queueWaitMs, double reindexMs, double renderMs, int retries, boolean coalesced,
        long validUntilMillis, boolean cached) {

    /** A result with no known validity, not from the cache. */
    public SynthesisResult(Projection projection, boolean fallback, String rendererId, long rendererPid,
            double queueWaitMs, double reindexMs, double renderMs, int retries, boolean coalesced) {
        this(projection, fallback, rendererId, rendererPid, queueWaitMs, reindexMs, renderMs, retries, coalesced, 0,
                false);
    }

    SynthesisResult asCoalesced() {
        return new SynthesisResult(projection, fallback, rendererId, rendererPid, queueWaitMs, reindexMs, renderMs,
                retries, true, validUntilMillis, cached);
    }

    SynthesisResult withRetries(int n) {
        return new SynthesisResult(projection, fallback, rendererId, rendererPid, queueWaitMs, reindexMs, renderMs, n,
                coalesced, validUntilMillis, cached);
    }

    /** This projection as the cache answers it: no render, so no queue, index or render time. */
    public SynthesisResult fromCache() {
        return new SynthesisResult(projection, fallback, rendererId, rendererPid, 0, 0, 0, 0, false, validUntilMillis,
                true);
    }
}
