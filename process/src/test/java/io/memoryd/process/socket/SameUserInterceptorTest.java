package io.memoryd.process.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.testing.TestMethodDescriptors;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The decision behind a Unix socket's same-user rule, with the server's uid given (the real-socket test is the daemon's). */
class SameUserInterceptorTest {

    private static final int SERVER_UID = 1000;

    private final SameUserInterceptor interceptor = new SameUserInterceptor(SERVER_UID, Path.of("/run/x.sock"));

    @Test
    void call_fromAProcessOfTheServersUid_reachesTheService() {
        RecordingCall call = new RecordingCall(new SocketPeer(SERVER_UID, 42));

        interceptor.interceptCall(call, new Metadata(), countingHandler());

        assertEquals(1, started);
        assertNull(call.closedWith);
    }

    @Test
    void call_fromAnotherUid_isPermissionDeniedBeforeTheService() {
        RecordingCall call = new RecordingCall(new SocketPeer(65534, 43));

        interceptor.interceptCall(call, new Metadata(), countingHandler());

        assertEquals(0, started);
        assertEquals(Status.Code.PERMISSION_DENIED, call.closedWith.getCode());
        assertTrue(call.closedWith.getDescription().contains("uid " + SERVER_UID), call.closedWith.getDescription());
    }

    @Test
    void call_withoutPeerCredentials_isPermissionDenied() {
        RecordingCall call = new RecordingCall(null);

        interceptor.interceptCall(call, new Metadata(), countingHandler());

        assertEquals(0, started);
        assertEquals(Status.Code.PERMISSION_DENIED, call.closedWith.getCode());
    }

    @Test
    void refusedPeer_isLoggedOncePerUidAndPid() {
        assertTrue(interceptor.firstRefusal(new SocketPeer(65534, 43)));
        assertFalse(interceptor.firstRefusal(new SocketPeer(65534, 43)));
        assertTrue(interceptor.firstRefusal(new SocketPeer(65534, 44)));
        assertTrue(interceptor.firstRefusal(new SocketPeer(1001, 43)));
    }

    @Test
    void rememberedRefusals_areBounded_theOldestIsForgotten() {
        for (int pid = 0; pid <= SameUserInterceptor.REMEMBERED_PEERS; pid++) {
            assertTrue(interceptor.firstRefusal(new SocketPeer(65534, pid)));
        }
        assertFalse(interceptor.firstRefusal(new SocketPeer(65534, SameUserInterceptor.REMEMBERED_PEERS)));
        assertTrue(interceptor.firstRefusal(new SocketPeer(65534, 0)));
    }

    private int started;

    private ServerCallHandler<Void, Void> countingHandler() {
        return (call, headers) -> {
            started++;
            return new ServerCall.Listener<>() {
            };
        };
    }

    /** A server call that carries a peer attribute and records how it was closed. */
    private static final class RecordingCall extends ServerCall<Void, Void> {
        private final Attributes attributes;
        Status closedWith;

        RecordingCall(SocketPeer peer) {
            this.attributes = peer == null ? Attributes.EMPTY
                    : Attributes.newBuilder().set(PeerCredentialsNegotiator.PEER, peer).build();
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closedWith = status;
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(Void message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<Void, Void> getMethodDescriptor() {
            return TestMethodDescriptors.voidMethod();
        }
    }
}
