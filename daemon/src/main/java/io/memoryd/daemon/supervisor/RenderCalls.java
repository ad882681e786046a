package io.memoryd.daemon.supervisor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.errorprone.annotations.ThreadSafe;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RenderResponse;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.renderer.v1.StatusRequest;
import io.memoryd.proto.renderer.v1.StatusResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render calls the dispatcher decided under the pool's lock, started once the lock is let go. A call
 * is a gRPC round trip to a renderer; starting one (a stream, serialisation, a write) under the lock
 * would hold up every admission behind it, so the lock only records it ({@link #decide}) and whoever
 * released the lock starts what was recorded ({@link #sendDecided}), in the order decided. Answers
 * arrive on the callback executor.
 *
 * <p>A call is watched past the request deadline: its renderer is then asked for its status, and a
 * render that keeps progressing (a long first index pass) is waited for, up to the progress limit, while
 * one that made no progress for a deadline, or whose renderer does not answer, fails as overrun (see
 * {@link ProgressVerdict}). The render itself carries the progress limit as its gRPC deadline, a backstop.
 *
 * <p>Thread-safety: the recorded calls are guarded by the pool's lock; each call's answer is given once,
 * by whichever of its reply and its watch settles it first.
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

        /** A renderer answered the status call of a render past its deadline, which is kept waiting for. */
        void progressing(Call call, StatusResponse status);
    }

    private static final Logger log = LoggerFactory.getLogger(RenderCalls.class);
    /** The longest a renderer is given to answer the status call of a render past its deadline. */
    private static final long MAX_STATUS_MILLIS = 2000;

    private final Object lock;
    private final Duration deadline;
    private final Duration progressLimit;
    private final ScheduledExecutorService timer;
    private final Executor callbacks;
    private final Answers answers;
    @GuardedBy("lock") private final List<Call> decided = new ArrayList<>();

    /**
     * @param deadline how long a render may go without progress (the request deadline)
     * @param progressLimit how long a render that progresses is waited for in all
     * @param timer runs the checks of renders past their deadline
     */
    RenderCalls(Object lock, Duration deadline, Duration progressLimit, ScheduledExecutorService timer,
            Executor callbacks, Answers answers) {
        this.lock = lock;
        this.deadline = deadline;
        this.progressLimit = progressLimit;
        this.timer = timer;
        this.callbacks = callbacks;
        this.answers = answers;
    }

    /** A call on its way: settled once, by its reply or by its watch; {@code check} is its next deadline check. */
    private record Sent(Call call, ListenableFuture<RenderResponse> reply, AtomicBoolean settled, long sentNanos,
            AtomicReference<Future<?>> check) {

        /** Settles it by its reply: true the first time; its deadline check is called off. */
        boolean settleByReply() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            Future<?> next = check.get();
            if (next != null) {
                next.cancel(false);
            }
            return true;
        }
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
            // The watch decides at the deadline; the call's own deadline, past the progress limit and the
            // time a last status call takes, only ends a call whose watch could not run.
            long backstop = progressLimit.toMillis() + statusMillis();
            ListenableFuture<RenderResponse> reply = call.stub().withDeadlineAfter(backstop, TimeUnit.MILLISECONDS)
                    .render(RenderRequest.newBuilder().setRequestId(call.requestId()).setAgentId(pending.agent.value())
                            .setMaxTokens(pending.maxTokens).build());
            Sent sent = new Sent(call, reply, new AtomicBoolean(), System.nanoTime(), new AtomicReference<>());
            Futures.addCallback(reply, new FutureCallback<>() {
                @Override
                public void onSuccess(RenderResponse response) {
                    if (sent.settleByReply()) {
                        answers.answered(call, response, null);
                    }
                }

                @Override
                public void onFailure(Throwable t) {
                    if (sent.settleByReply()) {
                        answers.answered(call, null, t);
                    }
                }
            }, callbacks);
            checkLater(sent, deadline.toMillis());
        } catch (RuntimeException e) {
            answers.answered(call, null, e);
        }
    }

    private long statusMillis() {
        return Math.min(MAX_STATUS_MILLIS, deadline.toMillis());
    }

    private void checkLater(Sent sent, long delayMillis) {
        try {
            Future<?> next = timer.schedule(() -> check(sent), delayMillis, TimeUnit.MILLISECONDS);
            sent.check().set(next);
            if (sent.settled().get()) {
                next.cancel(false); // answered meanwhile, perhaps before the check was set to be called off
            }
        } catch (RejectedExecutionException e) {
            // the pool is closing: its renderers are being stopped, which ends the call
        }
    }

    /** The render is past its deadline (or its last recheck): asks its renderer how far it has got. */
    private void check(Sent sent) {
        if (sent.settled().get()) {
            return;
        }
        ListenableFuture<StatusResponse> status;
        try {
            status = sent.call().stub().withDeadlineAfter(statusMillis(), TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            status = Futures.immediateFailedFuture(e);
        }
        Futures.addCallback(status, new FutureCallback<>() {
            @Override
            public void onSuccess(StatusResponse s) {
                judged(sent, s, null);
            }

            @Override
            public void onFailure(Throwable t) {
                judged(sent, null, t);
            }
        }, callbacks);
    }

    private void judged(Sent sent, StatusResponse status, Throwable failure) {
        if (sent.settled().get()) {
            return;
        }
        long elapsed = (System.nanoTime() - sent.sentNanos()) / 1_000_000;
        ProgressVerdict verdict = ProgressVerdict.judge(status, failure, elapsed, deadline, progressLimit);
        if (verdict.keepWaiting()) {
            log.info("renderer {}: the render of agent {} is past the {} ms request deadline after {} ms but progressing"
                    + " ({}): waiting", sent.call().rendererId(), sent.call().pending().agent, deadline.toMillis(),
                    elapsed, verdict.reason());
            answers.progressing(sent.call(), status);
            checkLater(sent, verdict.recheckInMillis());
            return;
        }
        if (sent.settled().compareAndSet(false, true)) {
            sent.reply().cancel(true);
            answers.answered(sent.call(), null, new HungRenderException(verdict.reason()));
        }
    }
}
