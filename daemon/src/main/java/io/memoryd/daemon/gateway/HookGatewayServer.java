package io.memoryd.daemon.gateway;

import io.memoryd.process.EffectiveUid;
import io.memoryd.process.socket.ServingLoops;
import io.memoryd.process.socket.SocketPathException;
import io.memoryd.process.socket.SocketPeer;
import io.memoryd.process.socket.UnixSocketFile;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP/1.1 + JSON hook gateway on a private Unix socket ({@code hooks.sock}, 0600 in the
 * run directory), for hook commands that have only {@code curl}. It serves its connections on the event
 * loops of the daemon's gRPC server (no threads of its own) and refuses connections from other users by
 * their peer credentials, as the gRPC server does. Requests are answered by {@link GatewayRoutes}, one at a
 * time per connection, within {@link GatewayLimits}. Thread-safe.
 */
public final class HookGatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HookGatewayServer.class);

    private final UnixSocketFile file;
    private final Channel serverChannel;
    private final ChannelGroup connections;

    private HookGatewayServer(UnixSocketFile file, Channel serverChannel, ChannelGroup connections) {
        this.file = file;
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Checks the socket path (as the gRPC server's), binds and starts serving.
     *
     * @throws SocketPathException naming the path when it cannot be used
     */
    public static HookGatewayServer start(Path socket, ServingLoops loops, GatewayRoutes routes, ApiJson json,
            GatewayLimits limits) throws SocketPathException, IOException {
        UnixSocketFile file = UnixSocketFile.prepare(socket);
        ChannelGroup connections = new DefaultChannelGroup("hook-gateway", ImmediateEventExecutor.INSTANCE);
        int uid = EffectiveUid.current();
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops.boss(), loops.workers())
                .channel(loops.transport().serverDomainSocket())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        Optional<SocketPeer> peer = SocketPeer.of(channel);
                        if (peer.isEmpty() || peer.get().uid() != uid) {
                            log.warn("hook gateway {}: refused a connection from {} (only uid {} may connect)", socket,
                                    peer.map(p -> "uid " + p.uid() + " pid " + p.pid()).orElse("an unknown peer"), uid);
                            channel.close();
                            return;
                        }
                        boolean full = connections.size() >= limits.maxConnections();
                        connections.add(channel);
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        pipeline.addLast(new HttpServerCodec());
                        pipeline.addLast(new BoundedBodyAggregator(limits.maxBodyBytes(), json));
                        pipeline.addLast(full ? new GatewayHandler(GatewayHandler.refusingAll(json,
                                limits.maxConnections()), json, limits.callDeadline())
                                : new GatewayHandler(routes::answer, json, limits.callDeadline()));
                    }
                });
        Channel server;
        try {
            server = bootstrap.bind(new DomainSocketAddress(file.bindingPath().toString())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the hook gateway at " + socket, e);
        }
        try {
            file.publish();
        } catch (IOException | SocketPathException | RuntimeException e) {
            server.close().syncUninterruptibly();
            throw e;
        }
        return new HookGatewayServer(file, server, connections);
    }

    /** The socket clients connect to. */
    public Path socket() {
        return file.path();
    }

    /** Whether the socket file this gateway bound is still at its path. */
    public boolean stillBound() {
        return file.stillBound();
    }

    /**
     * Takes no new connections and removes the socket file; requests on open connections are still
     * answered (the daemon's drain).
     */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
        file.deleteIfOurs();
    }

    /** Stops accepting and closes every connection (their calls in flight are cancelled). */
    @Override
    public void close() {
        stopAccepting();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
