package io.memoryd.daemon.api;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the API's blocking work on a fixed number of threads behind a bounded queue, so that calls never
 * pile up without limit in the daemon. A call that finds the queue full is refused at once with
 * RESOURCE_EXHAUSTED ({@code QUEUE_FULL}). A call whose deadline passes while it waits is refused with
 * DEADLINE_EXCEEDED ({@code DEADLINE_PASSED}) when its turn comes, without running; one whose caller
 * cancelled it is dropped the same way. The deadline is the gRPC call's, read from the {@link Context} of
 * the thread that submits. Thread-safe.
 */
public final class ApiWorkQueue implements AutoCloseable {

    private final String name;
    private final int capacity;
    private final ThreadPoolExecutor executor;

    /**
     * @param name what the queue is for, in thread names and refusals ("write", "synthesize")
     * @param threads how many calls run at once
     * @param capacity how many calls may wait beyond those running
     */
    public ApiWorkQueue(String name, int threads, int capacity) {
        this.name = name;
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "memoryd-" + name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Queues {@code job} for the current gRPC call, or hands {@code refused} the call's refusal: now when
     * the queue is full, later (instead of running the job) when the call's deadline passed or it was
     * cancelled while it waited.
     *
     * @param call names the call in refusals, e.g. "WriteArtifact for agent alice"
     */
    public void submit(String call, Runnable job, Consumer<StatusRuntimeException> refused) {
        Context context = Context.current();
        Deadline deadline = context.getDeadline();
        try {
            executor.execute(() -> {
                if (deadline != null && deadline.isExpired()) {
                    refused.accept(ApiErrors.of(Status.Code.DEADLINE_EXCEEDED, "DEADLINE_PASSED",
                            call + ": the call's deadline passed while it waited in the " + name
                                    + " queue; it did not run"));
                } else if (context.isCancelled()) {
                    refused.accept(ApiErrors.of(Status.Code.CANCELLED, "CANCELLED",
                            call + ": the caller cancelled the call while it waited in the " + name
                                    + " queue; it did not run"));
                } else {
                    job.run();
                }
            });
        } catch (RejectedExecutionException e) {
            refused.accept(executor.isShutdown()
                    ? ApiErrors.of(Status.Code.UNAVAILABLE, "SHUTTING_DOWN", call + ": memoryd is shutting down")
                    : ApiErrors.of(Status.Code.RESOURCE_EXHAUSTED, "QUEUE_FULL", call + ": the " + name
                            + " queue is full (" + capacity + " calls waiting); retry later"));
        }
    }

    /** Calls waiting now (not counting those running). */
    public int waiting() {
        return executor.getQueue().size();
    }

    /** Stops taking calls; those already queued still run. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
