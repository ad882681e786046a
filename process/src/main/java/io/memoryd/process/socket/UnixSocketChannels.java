package io.memoryd.process.socket;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Opens plaintext gRPC channels to Unix sockets, all on this object's own event loop, on the platform's
 * {@link NativeTransport}. The one place memoryd's clients (memoryctl, the daemon's renderer channels, the
 * tools and tests) build such a channel. Closing it stops the event loop, so close the channels first.
 * Thread-safe: channels may be opened from any thread.
 */
public final class UnixSocketChannels implements AutoCloseable {

    private final NativeTransport transport;
    private final MultiThreadIoEventLoopGroup group;

    /** Channels on a new event loop of {@code threads} threads. */
    public UnixSocketChannels(NativeTransport transport, int threads) {
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(threads, transport.ioHandlers().get());
    }

    /** Channels on one event-loop thread of this platform's transport. */
    public static UnixSocketChannels create() {
        return new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
    }

    /** A builder for a channel to {@code socket}, for callers that set more (deadlines, executors). */
    public NettyChannelBuilder builder(Path socket) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group)
                .channelType(transport.domainSocket())
                .usePlaintext();
    }

    /** A channel to {@code socket}; callbacks run on gRPC's default executor. */
    public ManagedChannel open(Path socket) {
        return builder(socket).build();
    }

    /**
     * A channel to {@code socket} whose callbacks run on the event loop itself: for callers whose callbacks
     * only complete futures or hand work on, saving a thread hand-off per call (measurable on 2 cores).
     */
    public ManagedChannel openDirect(Path socket) {
        return builder(socket).directExecutor().build();
    }

    /** One event loop of this object's, for callers that schedule their own work beside the calls. */
    public EventLoop eventLoop() {
        return group.next();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
    }
}
