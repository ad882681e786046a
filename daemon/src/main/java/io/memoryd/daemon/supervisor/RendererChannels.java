package io.memoryd.daemon.supervisor;

import io.grpc.ManagedChannel;
import java.nio.file.Path;

/** Opens the channel to a renderer that announced READY on a socket; tests open in-process channels. */
public interface RendererChannels extends AutoCloseable {

    ManagedChannel open(Path socket);

    @Override
    default void close() {
    }
}
