package io.memoryd.daemon.supervisor;

import io.memoryd.memory.projection.Projection;

/**
 * A projection and who produced it: a renderer (id and pid) or the in-process fallback (id "fallback",
 * pid of the daemon), with timings and whether the caller joined another caller's render.
 */
public record SynthesisResult(Projection projection, boolean fallback, String rendererId, long rendererPid,
        double queueWaitMs, double reindexMs, double renderMs, int retries, boolean coalesced) {

    SynthesisResult asCoalesced() {
        return new SynthesisResult(projection, fallback, rendererId, rendererPid, queueWaitMs, reindexMs, renderMs,
                retries, true);
    }

    SynthesisResult withRetries(int n) {
        return new SynthesisResult(projection, fallback, rendererId, rendererPid, queueWaitMs, reindexMs, renderMs, n,
                coalesced);
    }
}
