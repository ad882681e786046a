package io.memoryd.daemon.supervisor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.renderer.v1.StatusRequest;
import io.memoryd.proto.renderer.v1.StatusResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every ready renderer for its heap, RSS and open FDs; the figures feed the pool status and the
 * heap recycle rule. A renderer that does not answer keeps its last figures: its health is judged by its
 * renders and its exit, not by this poll. The calls are made without the pool's lock; it is taken only to
 * pick the renderers and to record their answers.
 */
final class RendererStatusPoller {

    private static final Logger log = LoggerFactory.getLogger(RendererStatusPoller.class);
    private static final long STATUS_DEADLINE_SECONDS = 2;

    private final Object lock;
    private final List<RendererSlot> slots;
    private final Executor callbacks;
    private final Consumer<RendererSlot> updated;

    /**
     * @param lock guards the slots
     * @param updated called under {@code lock} after a slot's figures changed
     */
    RendererStatusPoller(Object lock, List<RendererSlot> slots, Executor callbacks, Consumer<RendererSlot> updated) {
        this.lock = lock;
        this.slots = slots;
        this.callbacks = callbacks;
        this.updated = updated;
    }

    /** Sends one Status call to each ready renderer; the answers arrive on the callback executor. */
    void poll() {
        record Target(RendererSlot slot, RendererServiceGrpc.RendererServiceFutureStub stub, int generation,
                String rendererId) {
        }
        List<Target> targets = new ArrayList<>();
        synchronized (lock) {
            for (RendererSlot slot : slots) {
                if (slot.ready() && slot.stub() != null) {
                    targets.add(new Target(slot, slot.stub(), slot.generation(), slot.rendererId()));
                }
            }
        }
        for (Target t : targets) {
            Futures.addCallback(
                    t.stub().withDeadlineAfter(STATUS_DEADLINE_SECONDS, TimeUnit.SECONDS)
                            .status(StatusRequest.getDefaultInstance()),
                    new FutureCallback<>() {
                        @Override
                        public void onSuccess(StatusResponse s) {
                            record(t.slot(), t.generation(), s);
                        }

                        @Override
                        public void onFailure(Throwable e) {
                            log.debug("status of renderer {} unavailable: {}", t.rendererId(), e.toString());
                        }
                    }, callbacks);
        }
    }

    private void record(RendererSlot slot, int generation, StatusResponse s) {
        synchronized (lock) {
            if (slot.recordFigures(generation, s)) { // false: the process that answered has been replaced since
                updated.accept(slot);
            }
        }
    }
}
