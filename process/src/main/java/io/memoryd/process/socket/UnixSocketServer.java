package io.memoryd.process.socket;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.memoryd.process.EffectiveUid;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a Unix domain socket (grpc-netty on the platform's {@link NativeTransport}). The socket
 * file is checked, published and removed by {@link UnixSocketFile}: private (0600 in a 0700 directory),
 * never replacing another process's socket. Calls from processes of another uid are refused with
 * {@code PERMISSION_DENIED} (see {@link SameUserInterceptor}).
 */
public final class UnixSocketServer implements AutoCloseable {

    /** Longest socket path accepted, in bytes (the kernel's limit is 107; we keep a margin). */
    public static final int MAX_PATH_BYTES = UnixSocketFile.MAX_PATH_BYTES;

    private final UnixSocketFile file;
    private final Server server;
    private final ServingLoops loops;

    private UnixSocketServer(UnixSocketFile file, Server server, ServingLoops loops) {
        this.file = file;
        this.server = server;
        this.loops = loops;
    }

    /** Checks the path, binds and starts serving {@code services} on one event loop. */
    public static UnixSocketServer start(Path socket, String threadPrefix, BindableService... services)
            throws SocketPathException, IOException {
        return start(socket, threadPrefix, 1, services);
    }

    /**
     * Checks the path, binds and starts serving {@code services}; each connection is served by one of
     * {@code eventLoops} event loops, so a busy connection does not delay calls on another.
     */
    public static UnixSocketServer start(Path socket, String threadPrefix, int eventLoops,
            BindableService... services) throws SocketPathException, IOException {
        UnixSocketFile file = UnixSocketFile.prepare(socket);
        NativeTransport transport = NativeTransport.forThisPlatform();
        MultiThreadIoEventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers().get());
        // Netty's defaults (non-daemon, max priority) with a name, so thread dumps tell the serving loops apart.
        MultiThreadIoEventLoopGroup workers = new MultiThreadIoEventLoopGroup(eventLoops,
                new DefaultThreadFactory(threadPrefix + "-loop", false, Thread.MAX_PRIORITY), transport.ioHandlers().get());
        // Only this process's own user may call, whatever the socket's file mode (peer credentials).
        NettyServerBuilder builder = GrpcServerSetup.builder(new DomainSocketAddress(file.bindingPath().toString()),
                transport, boss, workers, List.of(new SameUserInterceptor(EffectiveUid.current(), socket)),
                List.of(services));
        builder.protocolNegotiator(new PeerCredentialsNegotiator());
        Server server = null;
        try {
            server = builder.build().start();
            file.publish();
            return new UnixSocketServer(file, server, new ServingLoops(transport, boss, workers));
        } catch (IOException | SocketPathException | RuntimeException e) {
            if (server != null) {
                server.shutdownNow();
            }
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Whether something accepts connections on the socket. */
    public static boolean isLive(Path socket) {
        return UnixSocketFile.isLive(socket);
    }

    public Path socket() {
        return file.path();
    }

    /**
     * Whether the socket file this server bound is still at its path. False once it was deleted (the
     * server then serves only the connections it already has: nobody can connect any more) or replaced by
     * another file, such as another process's socket.
     */
    public boolean stillBound() {
        return file.stillBound();
    }

    /**
     * The event loops that run this server's handlers: a task queued on one waits as long as a call would.
     * Another server of this process (the daemon's HTTP hook gateway) may serve its connections on them too;
     * they stop when this server closes.
     */
    public ServingLoops loops() {
        return loops;
    }

    /** The event loops that run this server's handlers, as executors. */
    public List<Executor> servingLoops() {
        List<Executor> executors = new ArrayList<>();
        loops.workers().forEach(executors::add);
        return executors;
    }

    /** Stops accepting new calls; calls already running go on. */
    public void shutdown() {
        server.shutdown();
    }

    public boolean awaitTermination(long millis) throws InterruptedException {
        return server.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /** Stops everything now and removes the socket file. */
    @Override
    public void close() {
        GrpcServerSetup.stopNow(server, loops.boss(), loops.workers());
        file.deleteIfOurs();
    }
}
