package io.memoryd.daemon.cli.doctor;

import io.memoryd.proto.v1.HealthResponse;
import java.nio.file.Path;

/** Asks the daemon on a socket for its health: a gRPC call in memoryctl, a fake in tests. */
@FunctionalInterface
public interface DaemonProbe {

    /**
     * The health the daemon on {@code socket} answers.
     *
     * @throws Exception when nothing answers in time (the message says why)
     */
    HealthResponse health(Path socket) throws Exception;
}
