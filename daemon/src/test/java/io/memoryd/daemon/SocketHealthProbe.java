package io.memoryd.daemon;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A client JVM for tests that run it as some user: calls DaemonService/Health on the Unix socket given as
 * the argument and prints the daemon status, or the gRPC status code the call failed with.
 */
public final class SocketHealthProbe {

    private SocketHealthProbe() {
    }

    public static void main(String[] args) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(args[0])).eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class).usePlaintext().build();
        try {
            System.out.println(DaemonServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .health(HealthRequest.getDefaultInstance()).getStatus());
        } catch (StatusRuntimeException e) {
            System.out.println(e.getStatus().getCode());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
        }
    }
}
