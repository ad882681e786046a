package io.memoryd.daemon;

import io.memoryd.process.socket.GrpcServerSetup;
import io.memoryd.process.socket.NativeTransport;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The optional second door to the daemon: the same services on a loopback TCP port, for clients that
 * cannot speak to a Unix socket. Bound to 127.0.0.1 only; nothing off the machine can reach it, and
 * {@code access} (the bearer token check) keeps out the other users of the machine.
 */
final class LoopbackTcpServer implements AutoCloseable {

    private final Server server;
    private final MultiThreadIoEventLoopGroup loop;

    private LoopbackTcpServer(Server server, MultiThreadIoEventLoopGroup loop) {
        this.server = server;
        this.loop = loop;
    }

    /** Binds {@code 127.0.0.1:port} (0 picks a free port) and serves {@code services} to calls {@code access} admits. */
    static LoopbackTcpServer start(int port, ServerInterceptor access, BindableService... services) throws IOException {
        NativeTransport transport = NativeTransport.forThisPlatform();
        MultiThreadIoEventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers().get());
        NettyServerBuilder builder = GrpcServerSetup.builder(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), transport, loop, loop,
                List.of(access), List.of(services));
        try {
            return new LoopbackTcpServer(builder.build().start(), loop);
        } catch (IOException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot serve on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        GrpcServerSetup.stopNow(server, loop);
    }
}
