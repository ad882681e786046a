package io.memoryd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.stub.ServerCallStreamObserver;
import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.proto.v1.RendererPoolStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A watcher that stops reading holds at most one status in the daemon, and gets the latest on resuming. */
class LatestStatusStreamTest {

    /** A server call whose flow-control readiness the test sets; it records what is written to it. */
    static final class FakeCall extends ServerCallStreamObserver<RendererPoolStatus> {
        final List<RendererPoolStatus> written = new ArrayList<>();
        boolean ready = true;
        boolean cancelled;
        Runnable onReady = () -> { };

        void becomeReady() {
            ready = true;
            onReady.run();
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }

        @Override
        public void onNext(RendererPoolStatus value) {
            written.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private static RendererPoolStatus status(long renders) {
        return RendererPoolStatus.newBuilder().setTotals(PoolTotals.newBuilder().setRenders(renders)).build();
    }

    @Test
    void readyWatcher_getsEveryStatus() {
        FakeCall call = new FakeCall();
        LatestStatusStream stream = new LatestStatusStream(call);

        stream.accept(status(1));
        stream.accept(status(2));

        assertEquals(List.of(status(1), status(2)), call.written);
    }

    @Test
    void watcherThatStopsReading_holdsAtMostOneStatus_andGetsTheLatestWhenItResumes() {
        FakeCall call = new FakeCall();
        LatestStatusStream stream = new LatestStatusStream(call);
        stream.accept(status(0));
        call.ready = false;

        for (int i = 1; i <= 10_000; i++) {
            stream.accept(status(i));
            assertEquals(1, stream.held());
        }
        assertEquals(List.of(status(0)), call.written, "nothing is written while the call is not ready");

        call.becomeReady();

        assertEquals(List.of(status(0), status(10_000)), call.written);
        assertEquals(0, stream.held());
    }

    @Test
    void cancelledWatcher_isWrittenNothing() {
        FakeCall call = new FakeCall();
        LatestStatusStream stream = new LatestStatusStream(call);
        call.cancelled = true;

        stream.accept(status(1));

        assertEquals(List.of(), call.written);
    }
}
