package io.memoryd.daemon.supervisor;

import io.memoryd.memory.workspace.AgentId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One render the pool owes: the agent and budget, the callers waiting for it (the first asked, the rest
 * joined while it was still queued), and how many renderers it has been sent to. Its mutable fields are
 * written by the {@link RenderDispatcher} under the pool's lock; callers join it only while it is queued,
 * so once it is sent its waiters no longer change and it is answered without the lock.
 */
final class PendingRender {

    final AgentId agent;
    final int maxTokens;
    final long createdNanos = System.nanoTime();
    final List<CompletableFuture<SynthesisResult>> waiters = new ArrayList<>();
    int attempts;
    int excludedSlot = -1;
    /**
     * The request id of the renderer call that owns this render now, or null once it was taken back (the
     * renderer ended, the render was sent elsewhere): a late answer to a call that no longer owns it must
     * not retry it a second time.
     */
    String ownerCall;
    /** Why the renderers could not serve it, when it goes to the in-process fallback. */
    String fallbackReason = "";

    PendingRender(AgentId agent, int maxTokens, CompletableFuture<SynthesisResult> first) {
        this.agent = agent;
        this.maxTokens = maxTokens;
        waiters.add(first);
    }

    String coalescingKey() {
        return coalescingKey(agent, maxTokens);
    }

    static String coalescingKey(AgentId agent, int maxTokens) {
        return agent.value() + "\u0000" + maxTokens;
    }

    /** Hands the result to every waiter; those who joined are told they coalesced. */
    void complete(SynthesisResult result) {
        for (int i = 0; i < waiters.size(); i++) {
            waiters.get(i).complete(i == 0 ? result : result.asCoalesced());
        }
    }

    void fail(Throwable t) {
        for (CompletableFuture<SynthesisResult> w : waiters) {
            w.completeExceptionally(t);
        }
    }
}
