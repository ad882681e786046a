package io.memoryd.daemon;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Admits a call on the loopback TCP port only when it carries {@code authorization: Bearer <token>} with
 * the daemon's {@link LoopbackToken}; any other call is answered {@code UNAUTHENTICATED} before a service
 * sees it. The comparison takes the same time whatever the header holds. Immutable, so thread-safe.
 */
final class BearerTokenInterceptor implements ServerInterceptor {

    private final byte[] expected;
    private final Path tokenFile;

    BearerTokenInterceptor(String token, Path tokenFile) {
        this.expected = LoopbackToken.headerValue(token).getBytes(StandardCharsets.US_ASCII);
        this.tokenFile = tokenFile;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String presented = headers.get(LoopbackToken.AUTHORIZATION);
        if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII))) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription((presented == null ? "no" : "a wrong")
                + " bearer token: calls on this port need 'authorization: Bearer <token>' with the token in "
                + tokenFile), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
