package io.memoryd.daemon.gateway;

import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.ServingLoops;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;

/**
 * A hook gateway on a real Unix socket in a test's directory, on event loops of its own, answering with
 * {@link ScriptedServices}.
 */
final class GatewayFixture implements AutoCloseable {

    final ScriptedServices services = new ScriptedServices();
    final Path socket;
    final HookGatewayServer gateway;
    private final ServingLoops loops;

    GatewayFixture(Path dir, GatewayLimits limits) throws Exception {
        NativeTransport transport = NativeTransport.forThisPlatform();
        loops = new ServingLoops(transport, new MultiThreadIoEventLoopGroup(1, transport.ioHandlers().get()),
                new MultiThreadIoEventLoopGroup(1, transport.ioHandlers().get()));
        ApiJson json = new ApiJson();
        ApiRoutes api = new ApiRoutes(services.memory, services.daemon, json);
        GatewayRoutes routes = api.addTo(new GatewayRoutes(json))
                .add(HttpMethod.POST, ReferenceSynthesisRoute.PATH, new ReferenceSynthesisRoute(api, json));
        socket = dir.resolve("run").resolve("hooks.sock");
        gateway = HookGatewayServer.start(socket, loops, routes, json, limits);
    }

    @Override
    public void close() {
        gateway.close();
        loops.boss().shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
        loops.workers().shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
