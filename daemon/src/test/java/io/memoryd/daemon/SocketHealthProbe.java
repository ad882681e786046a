package io.memoryd.daemon;

import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A client JVM for tests that run it as some user: calls DaemonService/Health on the Unix socket given as
 * the argument and prints the daemon status, or the gRPC status code the call failed with.
 */
public final class SocketHealthProbe {

    private SocketHealthProbe() {
    }

    public static void main(String[] args) throws Exception {
        UnixSocketChannels channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
        ManagedChannel channel = channels.open(Path.of(args[0]));
        try {
            System.out.println(DaemonServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .health(HealthRequest.getDefaultInstance()).getStatus());
        } catch (StatusRuntimeException e) {
            System.out.println(e.getStatus().getCode());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            channels.close();
        }
    }
}
