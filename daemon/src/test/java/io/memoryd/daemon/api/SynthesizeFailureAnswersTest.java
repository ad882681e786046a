package io.memoryd.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.memoryd.daemon.supervisor.FallbackRenderer;
import io.memoryd.daemon.supervisor.PoolConfig;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.RenderResult;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.process.testing.GrpcCleanupExtension;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.memory.RenderEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthesize call answers every failure with a typed status, whatever was thrown and wherever: the
 * hook on the other end is never left waiting for its deadline. Served in process by a pool without
 * renderers, so every render is the fallback's.
 */
@Timeout(30)
class SynthesizeFailureAnswersTest {

    @RegisterExtension
    final GrpcCleanupExtension grpc = new GrpcCleanupExtension();
    @TempDir
    Path dir;
    TestWorkspace workspace;
    FallbackRenderer fallback;
    RendererPool pool;
    final ApiWorkQueue synthesis = new ApiWorkQueue("synthesize", 1, 4);
    final ApiWorkQueue writes = new ApiWorkQueue("write", 1, 4);

    private MemoryServiceGrpc.MemoryServiceBlockingStub serve(RenderEngine fallbackEngine) throws IOException {
        workspace = TestWorkspace.open(dir.resolve("ws"));
        fallback = new FallbackRenderer(fallbackEngine, 4);
        pool = new RendererPool(PoolConfig.defaults(0), (id, socket) -> {
            throw new IOException("this pool has no renderers");
        }, socket -> {
            throw new IllegalStateException("this pool has no renderers");
        }, fallback, dir.resolve("run"));
        pool.start().join();
        String name = InProcessServerBuilder.generateName();
        grpc.register(InProcessServerBuilder.forName(name).directExecutor()
                .addService(new MemoryApiService(workspace.ws, pool, synthesis, writes)).build().start());
        return MemoryServiceGrpc.newBlockingStub(grpc.register(InProcessChannelBuilder.forName(name).directExecutor()
                .build())).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
            fallback.close();
            workspace.close();
        }
        synthesis.close();
        writes.close();
    }


    @Test
    void renderThrowingAnError_isInternalNamingIt() throws Exception {
        var memory = serve((agent, max) -> {
            throw new NoClassDefFoundError("io/memoryd/Missing");
        });

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> memory.synthesize(SynthesizeRequest.newBuilder().setAgentId("alice").build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("RENDER_FAILED", ErrorDetails.reason(e));
        assertTrue(e.getStatus().getDescription().contains("NoClassDefFoundError"), e.getStatus().getDescription());
        assertTrue(e.getStatus().getDescription().contains("agent alice"), e.getStatus().getDescription());
    }

    @Test
    void answerThatCannotBeBuilt_isInternal_notSilence() throws Exception {
        // A projection without an index block (null, not ""): building the response throws.
        var memory = serve((agent, max) -> new RenderResult(new Projection("# Working Memory Summary", 0, null), 0, 0));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> memory.synthesize(SynthesizeRequest.newBuilder().setAgentId("alice").build()));

        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals("INTERNAL_ERROR", ErrorDetails.reason(e));
    }
}
