package io.memoryd.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API's work queue: bounded, and a call whose deadline passed while it waited never runs. */
@Timeout(20)
class ApiWorkQueueTest {

    /** A gRPC deadline clock the test moves by hand. */
    static final class ManualTicker extends Deadline.Ticker {
        final AtomicLong nanos = new AtomicLong();

        @Override
        public long nanoTime() {
            return nanos.get();
        }
    }

    final ApiWorkQueue queue = new ApiWorkQueue("write", 1, 2);
    final CountDownLatch release = new CountDownLatch(1);
    final ScheduledExecutorService deadlineTimer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        release.countDown();
        queue.close();
        deadlineTimer.shutdownNow();
    }

    /** Occupies the queue's one thread until {@link #release} opens. */
    private void blockTheThread() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        queue.submit("blocker", () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, e -> { });
        assertTrue(running.await(5, TimeUnit.SECONDS));
    }

    /** Completes when every call queued before it has been taken off the queue. */
    private CompletableFuture<Void> afterTheQueuedCalls() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.submit("marker", () -> done.complete(null), done::completeExceptionally);
        return done;
    }

    @Test
    void fullQueue_isRefusedAtOnceWithResourceExhausted() throws Exception {
        blockTheThread();
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        queue.submit("first", () -> first.complete(null), first::completeExceptionally);
        queue.submit("second", () -> second.complete(null), second::completeExceptionally);

        CompletableFuture<StatusRuntimeException> refusal = new CompletableFuture<>();
        AtomicBoolean ran = new AtomicBoolean();
        queue.submit("WriteArtifact for agent alice", () -> ran.set(true), refusal::complete);

        StatusRuntimeException e = refusal.getNow(null);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals("WriteArtifact for agent alice: the write queue is full (2 calls waiting); retry later",
                e.getStatus().getDescription());
        release.countDown();
        CompletableFuture.allOf(first, second).get(5, TimeUnit.SECONDS);
        assertFalse(ran.get());
    }

    @Test
    void callWhoseDeadlinePassesWhileQueued_isDeadlineExceeded_andNeverRuns() throws Exception {
        blockTheThread();
        ManualTicker ticker = new ManualTicker();
        Context.CancellableContext call = Context.current()
                .withDeadline(Deadline.after(1, TimeUnit.SECONDS, ticker), deadlineTimer);
        CompletableFuture<StatusRuntimeException> refusal = new CompletableFuture<>();
        AtomicBoolean ran = new AtomicBoolean();
        call.run(() -> queue.submit("WriteArtifact for agent alice", () -> ran.set(true), refusal::complete));

        ticker.nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        release.countDown();

        StatusRuntimeException e = refusal.get(5, TimeUnit.SECONDS);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertEquals("WriteArtifact for agent alice: the call's deadline passed while it waited in the write queue;"
                + " it did not run", e.getStatus().getDescription());
        afterTheQueuedCalls().get(5, TimeUnit.SECONDS);
        assertFalse(ran.get());
        call.cancel(null);
    }

    @Test
    void callWithTimeLeft_runs() throws Exception {
        ManualTicker ticker = new ManualTicker();
        Context.CancellableContext call = Context.current()
                .withDeadline(Deadline.after(1, TimeUnit.SECONDS, ticker), deadlineTimer);
        CompletableFuture<Void> ran = new CompletableFuture<>();
        call.run(() -> queue.submit("Synthesize for agent alice", () -> ran.complete(null),
                ran::completeExceptionally));

        ran.get(5, TimeUnit.SECONDS);
        call.cancel(null);
    }
}
