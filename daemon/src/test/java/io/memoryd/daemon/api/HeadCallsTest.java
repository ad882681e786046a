package io.memoryd.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.memoryd.daemon.ErrorDetails;
import io.memoryd.daemon.supervisor.FallbackRenderer;
import io.memoryd.daemon.supervisor.PoolConfig;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.memory.head.HeadPolicy;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.proto.v1.GetHeadRequest;
import io.memoryd.proto.v1.HeadOutcome;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteHeadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** WriteHead, GetHead and Synthesize's write_head in process over gRPC, with a real workspace. */
@Timeout(60)
class HeadCallsTest {

    @TempDir
    Path dir;
    TestWorkspace t;
    FallbackRenderer fallback;
    RendererPool pool;
    final ApiWorkQueue synthesis = new ApiWorkQueue("synthesize", 1, 4);
    final ApiWorkQueue writes = new ApiWorkQueue("write", 1, 4);
    io.grpc.Server server;
    ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        t = TestWorkspace.open(dir.resolve("ws"));
        fallback = new FallbackRenderer(t.ws::renderTimed, 16);
        pool = new RendererPool(PoolConfig.defaults(0), (id, socket) -> {
            throw new IOException("no renderers in this test");
        }, socket -> {
            throw new IllegalStateException("no renderers in this test");
        }, fallback, dir.resolve("run"));
        pool.start().join();
        HeadCalls heads = new HeadCalls(t.ws.headWriter(HeadPolicy.DEFAULTS), null, writes);
        MemoryApiService service = new MemoryApiService(t.ws, pool, synthesis, writes, heads);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        synthesis.close();
        writes.close();
        pool.close();
        fallback.close();
        t.close();
    }

    private MemoryServiceGrpc.MemoryServiceBlockingStub api() {
        return MemoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private StatusRuntimeException refused(String agent, String content) {
        return assertThrows(StatusRuntimeException.class, () -> api().writeHead(WriteHeadRequest.newBuilder()
                .setAgentId(agent).setContent(content).build()));
    }

    @Test
    @DisplayName("each refusal is INVALID_ARGUMENT with its reason and field, and writes nothing")
    void refusals() {
        StatusRuntimeException blank = refused("default", " \n ");
        StatusRuntimeException json = refused("default", "{\"prompt\":\"# x\"}");
        StatusRuntimeException agent = refused("Bob", "# fine");
        for (StatusRuntimeException e : new StatusRuntimeException[] {blank, json, agent}) {
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        }
        assertEquals("EMPTY_CONTENT", ErrorDetails.reason(blank));
        assertEquals("content", ErrorDetails.field(blank));
        assertEquals("Refusing to write empty content to MEMORY.md", blank.getStatus().getDescription());
        assertEquals("JSON_CONTENT", ErrorDetails.reason(json));
        assertEquals("INVALID_AGENT_ID", ErrorDetails.reason(agent));
        assertEquals("agent_id", ErrorDetails.field(agent));
        assertEquals("Invalid agentId for MEMORY.md path: Bob", agent.getStatus().getDescription());
        assertFalse(Files.exists(t.root.resolve("MEMORY.md")));
        assertFalse(Files.exists(t.root.resolve("agents")));
    }

    @Test
    @DisplayName("another writer's unexpired lease: WriteHead is ABORTED HEAD_BUSY, Synthesize answers busy in head")
    void busy() {
        t.ws.database().write("seed lease", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO memory_md_heads (agent_id, content,"
                    + " content_hash, revision, updated_at, lease_token, lease_owner, lease_expires_at)"
                    + " VALUES ('default', '', '', 0, '2026-04-30T12:00:00.000Z', 'tok', 'synthesis-worker',"
                    + " '2999-01-01T00:00:00.000Z')")) {
                return ps.executeUpdate();
            }
        });
        StatusRuntimeException e = refused("default", "# Head");
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertEquals("HEAD_BUSY", ErrorDetails.reason(e));
        assertTrue(e.getStatus().getDescription().startsWith("MEMORY.md write busy"));

        SynthesizeResponse r = api().synthesize(SynthesizeRequest.newBuilder().setWriteHead(true).build());
        assertEquals(HeadOutcome.HEAD_BUSY, r.getHead().getOutcome());
        assertEquals("synthesis-worker", r.getHead().getLeaseOwner());
        assertTrue(r.getContent().startsWith("# Working Memory Summary"));
        assertFalse(Files.exists(t.root.resolve("MEMORY.md")));
        var state = api().getHead(GetHeadRequest.getDefaultInstance());
        assertTrue(state.getLeaseActive());
        assertEquals("synthesis-worker", state.getLeaseOwner());
    }

    @Test
    @DisplayName("Synthesize with write_head writes the rendered text, then answers unchanged for the same render")
    void synthesizeWrites() throws IOException {
        SynthesizeResponse first = api().synthesize(SynthesizeRequest.newBuilder().setWriteHead(true).build());
        assertEquals(HeadOutcome.HEAD_WRITTEN, first.getHead().getOutcome());
        assertEquals(1, first.getHead().getRevision());
        assertTrue(Files.readString(t.root.resolve("MEMORY.md")).endsWith(first.getContent().strip()));
        SynthesizeResponse second = api().synthesize(SynthesizeRequest.newBuilder().setWriteHead(true).build());
        assertEquals(HeadOutcome.HEAD_UNCHANGED, second.getHead().getOutcome());
        SynthesizeResponse plain = api().synthesize(SynthesizeRequest.getDefaultInstance());
        assertFalse(plain.hasHead());
    }
}
