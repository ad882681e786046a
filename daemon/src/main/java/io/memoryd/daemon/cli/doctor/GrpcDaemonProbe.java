package io.memoryd.daemon.cli.doctor;

import io.grpc.ManagedChannel;
import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.HealthResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The real {@link DaemonProbe}: one Health call over the Unix socket, answered within 3 seconds or not at all. */
final class GrpcDaemonProbe implements DaemonProbe {

    @Override
    public HealthResponse health(Path socket) {
        try (UnixSocketChannels channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1)) {
            ManagedChannel channel = channels.builder(socket).build();
            try {
                // Health answers from a snapshot; 3 s is long enough for a loaded daemon, short for a person.
                return DaemonServiceGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS)
                        .health(HealthRequest.getDefaultInstance());
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
