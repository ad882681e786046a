package io.memoryd.renderer;

import io.memoryd.process.status.RenderFailures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.memoryd.memory.db.DatabaseException;
import io.memoryd.process.testing.GrpcCleanupExtension;
import io.memoryd.proto.renderer.v1.FailureReason;
import io.memoryd.proto.renderer.v1.RenderRequest;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A render that fails on the workspace's storage answers a typed status per fault (code, FailureReason,
 * a description naming the file and the cause) instead of INTERNAL, and the renderer goes on serving.
 */
@Timeout(20)
class RendererStorageFaultTest {

    private static final Path DB = Path.of("/ws/memory/memories.db");

    @RegisterExtension
    final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
    final RendererServiceTest.ScriptedEngine engine = new RendererServiceTest.ScriptedEngine();
    RendererServiceGrpc.RendererServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        RendererService service = new RendererService(
                new RendererService.Identity("r-test", 4242, "dev", "/ws", System.currentTimeMillis()), engine);
        String name = InProcessServerBuilder.generateName();
        grpc.register(InProcessServerBuilder.forName(name).addService(service).build().start());
        stub = RendererServiceGrpc.newBlockingStub(grpc.register(InProcessChannelBuilder.forName(name).build()));
    }

    private StatusRuntimeException renderFailing(RuntimeException failure) {
        engine.failure = failure;
        return assertThrows(StatusRuntimeException.class, () -> stub.render(
                RenderRequest.newBuilder().setRequestId("r9").setAgentId("alice").build()));
    }

    @ParameterizedTest(name = "SQLite code {0} -> {1} {2}")
    @CsvSource({
        "13, RESOURCE_EXHAUSTED, DISK_FULL, database or disk is full",
        "8, FAILED_PRECONDITION, READ_ONLY, attempt to write a readonly database",
        "5, UNAVAILABLE, DATABASE_LOCKED, database is locked",
        "11, DATA_LOSS, DATABASE_CORRUPT, database disk image is malformed"})
    void render_databaseStorageFault_isTypedNamingTheDatabase(int sqliteCode, Status.Code code, FailureReason reason,
            String sqliteMessage) {
        StatusRuntimeException e = renderFailing(new DatabaseException(DB, "Reading ledger rows",
                new SQLException(sqliteMessage, null, sqliteCode)));

        assertEquals(code, e.getStatus().getCode());
        assertEquals(reason, RenderFailures.reasonOf(e));
        String description = e.getStatus().getDescription();
        assertTrue(description.contains(DB.toString()) && description.contains(sqliteMessage), description);
        assertTrue(description.contains("alice") && description.contains("r9"), description);
    }

    @Test
    void render_fullDiskWritingAManifest_isResourceExhaustedNamingTheFile() {
        StatusRuntimeException e = renderFailing(new UncheckedIOException(
                "Failed to write /ws/memory/m--manifest.md: No space left on device",
                new IOException("No space left on device")));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals(FailureReason.DISK_FULL, RenderFailures.reasonOf(e));
        assertTrue(e.getStatus().getDescription().contains("disk full: Failed to write /ws/memory/m--manifest.md"),
                e.getStatus().getDescription());
    }

    @Test
    void render_afterAStorageFault_servesAgain() {
        renderFailing(new DatabaseException(DB, "Indexing artifacts", new SQLException("database is locked", null, 5)));
        engine.failure = null;

        assertEquals("# Working Memory Summary for alice",
                stub.render(RenderRequest.newBuilder().setRequestId("r10").setAgentId("alice").build()).getContent());
    }
}
