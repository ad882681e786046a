package io.memoryd.process.socket;

import io.grpc.netty.NettyServerBuilder;

/**
 * The limits every memoryd gRPC server (the daemon's Unix socket and loopback TCP port, each renderer's
 * socket) puts on what one connection can ask of it, so that no client makes it buffer without bound.
 */
public final class ServerLimits {

    /**
     * Calls one connection may have open at once (HTTP/2 MAX_CONCURRENT_STREAMS). A client that opens more
     * waits in its own transport until one finishes; nothing is refused. The load tools send 16 at a time.
     */
    public static final int MAX_CONCURRENT_CALLS_PER_CONNECTION = 64;

    /**
     * Largest request message accepted, in bytes: 10 MiB, the request-body cap of the system memoryd
     * replaces, so no hook written for it sends more (gRPC's default would refuse past 4 MiB). A larger one
     * is refused with RESOURCE_EXHAUSTED before it is read.
     */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 10 * 1024 * 1024;

    private ServerLimits() {
    }

    /** Applies the limits to a server under construction. */
    public static NettyServerBuilder apply(NettyServerBuilder builder) {
        return builder.maxConcurrentCallsPerConnection(MAX_CONCURRENT_CALLS_PER_CONNECTION)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    }
}
