package io.memoryd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.grpc.stub.StreamObserver;
import io.memoryd.process.socket.UnixSocketServer;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** memoryctl health and pool through a socket: readable by default, the unchanged JSON with --json. */
class ReadableStatusCliTest {

    private static final HealthResponse HEALTH = HealthResponse.newBuilder().setStatus(DaemonStatus.DAEMON_SERVING)
            .setPid(42).setVersion("1.0").setWorkspace("/w").setUptimeMs(61_000).build();
    private static final RendererPoolStatus POOL = RendererPoolStatus.newBuilder().setMode(PoolMode.POOL_NORMAL)
            .addSlots(RendererSlotStatus.newBuilder().setRendererId("r0-1").setPid(99)
                    .setState(RendererState.RENDERER_READY).setOpenFds(-1))
            .build();

    @TempDir
    Path dir;

    @Test
    void healthAndPool_withoutJson_printTheReadableViews_notProtobufText() throws Exception {
        Path socket = dir.resolve("d.sock");
        try (UnixSocketServer server = UnixSocketServer.start(socket, "fake-daemon", new FakeDaemon())) {
            CliOutcome health = CliOutcome.of(MemoryCtl::run, "health", "--socket", socket.toString());
            CliOutcome pool = CliOutcome.of(MemoryCtl::run, "pool", "--socket", socket.toString());

            assertEquals(new CliOutcome(0, "serving  memoryd 1.0  up 1m 01s  pid 42  /w\n", ""),
                    new CliOutcome(health.code(), health.out().lines().findFirst().orElse("") + "\n", health.err()));
            assertEquals(0, pool.code(), pool.err());
            assertTrue(pool.out().startsWith("pool normal · 1 slot, 1 ready\n"), pool.out());
            assertTrue(pool.out().contains("r0-1      99   ready"), pool.out());
        }
    }

    @Test
    void json_isExactlyTheMessagesJsonMapping_asBefore() throws Exception {
        Path socket = dir.resolve("d.sock");
        try (UnixSocketServer server = UnixSocketServer.start(socket, "fake-daemon", new FakeDaemon())) {
            CliOutcome health = CliOutcome.of(MemoryCtl::run, "health", "--json", "--socket", socket.toString());
            CliOutcome pool = CliOutcome.of(MemoryCtl::run, "pool", "--json", "--socket", socket.toString());

            assertEquals(new CliOutcome(0, JsonFormat.printer().print(HEALTH) + "\n", ""), health);
            assertEquals(new CliOutcome(0, JsonFormat.printer().print(POOL) + "\n", ""), pool);
        }
    }

    /** Answers fixed health and pool messages. */
    private static final class FakeDaemon extends DaemonServiceGrpc.DaemonServiceImplBase {
        @Override
        public void health(HealthRequest request, StreamObserver<HealthResponse> observer) {
            observer.onNext(HEALTH);
            observer.onCompleted();
        }

        @Override
        public void rendererPool(RendererPoolRequest request, StreamObserver<RendererPoolStatus> observer) {
            observer.onNext(POOL);
            observer.onCompleted();
        }
    }
}
