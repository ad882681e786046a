package io.memoryd.process.socket;

import io.grpc.Attributes;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AsciiString;

/**
 * gRPC's plaintext server negotiation with one step added: the peer credentials of a Unix socket
 * connection ({@code SO_PEERCRED} on Linux, {@code LOCAL_PEERCRED} on macOS) become the transport attribute {@link #PEER}, which every call on the
 * connection carries, so that {@link SameUserInterceptor} can refuse other users. No public grpc-java
 * hook sees a server transport's Netty channel; the {@code Internal*} classes used here are public,
 * marked internal by grpc-java, and fixed by the grpc version the build pins.
 * Stateless apart from the wrapped negotiator; one instance serves every connection of a server.
 */
final class PeerCredentialsNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {

    /** The connection's peer; absent when the kernel did not say (then the call is refused). */
    static final Attributes.Key<SocketPeer> PEER = Attributes.Key.create("memoryd.socket-peer");

    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();

    @Override
    public AsciiString scheme() {
        return plaintext.scheme();
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new PeerTagger(plaintext.newHandler(grpcHandler));
    }

    @Override
    public void close() {
        plaintext.close();
    }

    /**
     * Sits in front of the plaintext negotiation and adds the peer to the negotiation event's attributes
     * (which become the transport's attributes), then leaves the pipeline.
     */
    private static final class PeerTagger extends ChannelInboundHandlerAdapter {
        private final ChannelHandler negotiation;

        PeerTagger(ChannelHandler negotiation) {
            this.negotiation = negotiation;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.pipeline().addAfter(ctx.name(), null, negotiation);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (!(event instanceof ProtocolNegotiationEvent negotiated)) {
                super.userEventTriggered(ctx, event);
                return;
            }
            Attributes attributes = InternalProtocolNegotiationEvent.getAttributes(negotiated);
            SocketPeer peer = SocketPeer.of(ctx.channel()).orElse(null);
            if (peer != null) {
                attributes = attributes.toBuilder().set(PEER, peer).build();
            }
            ctx.fireUserEventTriggered(InternalProtocolNegotiationEvent.withAttributes(negotiated, attributes));
            ctx.pipeline().remove(this);
        }
    }
}
