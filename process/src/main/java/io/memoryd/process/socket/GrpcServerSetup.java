package io.memoryd.process.socket;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds every memoryd gRPC server the same way, whether it listens on a Unix socket or on loopback TCP:
 * the platform's {@link NativeTransport} channel type for the address, the given event loops, handlers run
 * on the event loop (they only validate and hand work on: one thread hand-off less per call), the
 * {@link ServerLimits}, the access interceptors and the services.
 */
public final class GrpcServerSetup {

    private GrpcServerSetup() {
    }

    /**
     * A configured builder for {@code address} (a {@link DomainSocketAddress} or an {@link InetSocketAddress}).
     * Interceptors run in the order given, the first one first.
     */
    public static NettyServerBuilder builder(SocketAddress address, NativeTransport transport, EventLoopGroup boss,
            EventLoopGroup workers, List<ServerInterceptor> access, List<BindableService> services) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(address instanceof DomainSocketAddress ? transport.serverDomainSocket()
                        : transport.serverSocket())
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .directExecutor();
        // NettyServerBuilder runs the interceptor added last first.
        for (int i = access.size() - 1; i >= 0; i--) {
            builder.intercept(access.get(i));
        }
        ServerLimits.apply(builder);
        services.forEach(builder::addService);
        return builder;
    }

    /**
     * Stops {@code server} now (running calls are cancelled), waits up to 2 s for it to terminate, then lets its
     * event loops go. Keeps the thread's interrupt status.
     */
    public static void stopNow(Server server, EventLoopGroup... loops) {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (EventLoopGroup loop : loops) {
            loop.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
        }
    }
}
