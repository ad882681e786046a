package io.memoryd.daemon.health;

import io.grpc.stub.ServerCallStreamObserver;
import io.memoryd.proto.v1.RendererPoolStatus;
import java.util.function.Consumer;

/**
 * One {@code WatchRendererPool} stream, sent only as fast as its watcher reads. While gRPC flow control says
 * the call is not ready (the watcher stopped reading and the transport's buffer is full), a new status is
 * not written to the call but kept, replacing any older one still waiting: the daemon holds at most one
 * status per slow watcher, and the watcher gets the latest when it reads again.
 *
 * <p>Thread-safe: statuses arrive on the pool's callback threads, readiness on the call's event loop.
 */
final class LatestStatusStream implements Consumer<RendererPoolStatus> {

    private final ServerCallStreamObserver<RendererPoolStatus> call;
    /** The newest status not yet written to the call, or null. Guarded by this. */
    private RendererPoolStatus waiting;

    /** Must be created inside the call's handler, where gRPC still accepts the on-ready handler. */
    LatestStatusStream(ServerCallStreamObserver<RendererPoolStatus> call) {
        this.call = call;
        call.setOnReadyHandler(this::drain);
    }

    @Override
    public void accept(RendererPoolStatus status) {
        synchronized (this) {
            waiting = status;
        }
        drain();
    }

    /** Writes the waiting status when the call can take it. */
    private synchronized void drain() {
        if (waiting != null && call.isReady() && !call.isCancelled()) {
            RendererPoolStatus next = waiting;
            waiting = null;
            call.onNext(next);
        }
    }

    /** Statuses held for the watcher now: 0 or 1. */
    synchronized int held() {
        return waiting == null ? 0 : 1;
    }
}
