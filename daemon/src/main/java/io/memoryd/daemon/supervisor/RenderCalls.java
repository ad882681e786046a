package io.memoryd.daemon.supervisor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.errorprone.annotations.ThreadSafe;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The render calls the dispatcher decided under the pool's lock, started once the lock is let go. A call
 * is a gRPC round trip to a renderer; starting one (a stream, serialisation, a write) under the lock
 * would hold up every admission behind it, so the lock only records it ({@link #decide}) and whoever
 * released the lock starts what was recorded ({@link #sendDecided}), in the order decided. Answers
 * arrive on the callback executor.
 *
 * <p>Thread-safety: the recorded calls are guarded by the pool's lock.
 */
@ThreadSafe
final class RenderCalls {

    /** One render call: the slot and process it goes to, its request id, the stub to that process, the render. */
    record Call(RendererSlot slot, int generation, String rendererId, String requestId,
            RendererServiceGrpc.RendererServiceFutureStub stub, PendingRender pending) {
        /** Whether the slot's current process is the one asked and this render is the one it has in flight. */
        boolean current() {
            return slot.renders().rendering(generation, pending);
        }
    }

    /** Where a call's answer goes: a reply, or the failure (a failed call, or one that could not be started). */
    interface Answers {
        void answered(Call call, RenderResponse reply, Throwable failure);
    }

    private final Object lock;
    private final Duration deadline;
    private final Executor callbacks;
    private final Answers answers;
    @GuardedBy("lock") private final List<Call> decided = new ArrayList<>();

    RenderCalls(Object lock, Duration deadline, Executor callbacks, Answers answers) {
        this.lock = lock;
        this.deadline = deadline;
        this.callbacks = callbacks;
        this.answers = answers;
    }

    /** Records a call to start; cheap, made under the pool's lock. */
    void decide(Call call) {
        synchronized (lock) {
            decided.add(call);
        }
    }

    /**
     * Starts the calls decided since the last time; called without the lock, by whoever may have decided
     * some under it. A call decided for a process that has ended since is started all the same: it fails,
     * and its render, taken back when the process ended, is no longer its to answer.
     */
    void sendDecided() {
        assert !Thread.holdsLock(lock) : "render calls are started without the pool's lock";
        List<Call> calls;
        synchronized (lock) {
            if (decided.isEmpty()) {
                return;
            }
            calls = List.copyOf(decided);
            decided.clear();
        }
        for (Call call : calls) {
            send(call);
        }
    }

    private void send(Call call) {
        PendingRender pending = call.pending();
        try {
            var reply = call.stub().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .render(RenderRequest.newBuilder().setRequestId(call.requestId()).setAgentId(pending.agent.value())
                            .setMaxTokens(pending.maxTokens).build());
            Futures.addCallback(reply, new FutureCallback<>() {
                @Override
                public void onSuccess(RenderResponse response) {
                    answers.answered(call, response, null);
                }

                @Override
                public void onFailure(Throwable t) {
                    answers.answered(call, null, t);
                }
            }, callbacks);
        } catch (RuntimeException e) {
            answers.answered(call, null, e);
        }
    }
}
