package io.memoryd.process.socket;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets through calls from processes of one uid only (this process's own) and answers every other call
 * with {@code PERMISSION_DENIED}: the socket's file mode already keeps other users out, and this holds
 * even when the mode does not (a socket in a directory someone opened up, a socket file chmod'ed). The
 * peer comes from {@link PeerCredentialsNegotiator}; a call without one is refused too. Each refused
 * peer (uid, pid) is logged once, remembering the last {@value #REMEMBERED_PEERS} peers.
 * Thread-safe: calls arrive on several event loops.
 */
final class SameUserInterceptor implements ServerInterceptor {

    static final int REMEMBERED_PEERS = 256;

    private static final Logger log = LoggerFactory.getLogger(SameUserInterceptor.class);

    private final int uid;
    private final Path socket;
    private final Map<SocketPeer, Boolean> refused = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SocketPeer, Boolean> eldest) {
            return size() > REMEMBERED_PEERS;
        }
    };

    SameUserInterceptor(int uid, Path socket) {
        this.uid = uid;
        this.socket = socket;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        SocketPeer peer = call.getAttributes().get(PeerCredentialsNegotiator.PEER);
        if (peer != null && peer.uid() == uid) {
            return next.startCall(call, headers);
        }
        SocketPeer known = peer == null ? new SocketPeer(-1, -1) : peer;
        if (firstRefusal(known)) {
            log.warn("refusing calls on {} from {}: only uid {} may use it", socket,
                    peer == null ? "a peer whose credentials the kernel did not give" : "uid " + peer.uid()
                            + " (pid " + peer.pid() + ")", uid);
        }
        call.close(Status.PERMISSION_DENIED.withDescription("this socket serves only processes of uid " + uid),
                new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** Whether this refusal of {@code peer} is the first one remembered (and so is logged). */
    boolean firstRefusal(SocketPeer peer) {
        synchronized (refused) {
            return refused.put(peer, Boolean.TRUE) == null;
        }
    }
}
