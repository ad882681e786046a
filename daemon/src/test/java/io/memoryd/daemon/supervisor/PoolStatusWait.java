package io.memoryd.daemon.supervisor;

import io.memoryd.proto.v1.RendererPoolStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Waits on a pool's change stream (not by polling) until its status satisfies a condition. */
final class PoolStatusWait {

    private PoolStatusWait() {
    }

    /** The first status, now or after a change within 10 s, that satisfies {@code condition}. */
    static RendererPoolStatus until(RendererPool pool, Predicate<RendererPoolStatus> condition) throws Exception {
        CompletableFuture<RendererPoolStatus> reached = new CompletableFuture<>();
        Consumer<RendererPoolStatus> listener = s -> {
            if (condition.test(s)) {
                reached.complete(s);
            }
        };
        pool.addListener(listener);
        try {
            RendererPoolStatus now = pool.status();
            if (condition.test(now)) {
                return now;
            }
            return reached.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the pool never reached the condition; now: " + pool.status());
        } finally {
            pool.removeListener(listener);
        }
    }
}
