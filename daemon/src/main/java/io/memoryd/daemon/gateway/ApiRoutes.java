package io.memoryd.daemon.gateway;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.ReindexRequest;
import io.memoryd.proto.v1.RemoveSessionRequest;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.proto.v1.GetHeadRequest;
import io.memoryd.proto.v1.WriteHeadRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The gRPC API over HTTP/JSON: each route parses the body into the gRPC method's request message and calls
 * the same service object the gRPC server serves, so answers and errors are the gRPC method's own.
 * <pre>
 *   POST /v1/synthesize         MemoryService.Synthesize
 *   POST /v1/artifacts          MemoryService.WriteArtifact
 *   POST /v1/sessions:remove    MemoryService.RemoveSession
 *   POST /v1/reindex            MemoryService.Reindex
 *   POST /v1/head               MemoryService.WriteHead
 *   POST /v1/head:get           MemoryService.GetHead
 *   GET  /v1/health             DaemonService.Health
 *   GET  /v1/pool               DaemonService.RendererPool
 * </pre>
 */
public final class ApiRoutes {

    private final MemoryServiceGrpc.MemoryServiceImplBase memory;
    private final DaemonServiceGrpc.DaemonServiceImplBase health;
    private final ApiJson json;

    public ApiRoutes(MemoryServiceGrpc.MemoryServiceImplBase memory, DaemonServiceGrpc.DaemonServiceImplBase health,
            ApiJson json) {
        this.memory = memory;
        this.health = health;
        this.json = json;
    }

    /** Adds the routes above to {@code routes}. */
    public GatewayRoutes addTo(GatewayRoutes routes) {
        return routes
                .add(HttpMethod.POST, "/v1/synthesize", unary(SynthesizeRequest.newBuilder(), memory::synthesize))
                .add(HttpMethod.POST, "/v1/artifacts", unary(WriteArtifactRequest.newBuilder(), memory::writeArtifact))
                .add(HttpMethod.POST, "/v1/sessions:remove",
                        unary(RemoveSessionRequest.newBuilder(), memory::removeSession))
                .add(HttpMethod.POST, "/v1/reindex", unary(ReindexRequest.newBuilder(), memory::reindex))
                .add(HttpMethod.POST, "/v1/head", unary(WriteHeadRequest.newBuilder(), memory::writeHead))
                .add(HttpMethod.POST, "/v1/head:get", unary(GetHeadRequest.newBuilder(), memory::getHead))
                .add(HttpMethod.GET, "/v1/health", unary(HealthRequest.newBuilder(), health::health))
                .add(HttpMethod.GET, "/v1/pool", unary(RendererPoolRequest.newBuilder(), health::rendererPool));
    }

    /**
     * A route calling {@code method} with the body parsed into a fresh copy of {@code prototype}'s message.
     */
    @SuppressWarnings("unchecked")
    private <Q extends Message, R extends Message> Route unary(Message.Builder prototype,
            BiConsumer<Q, StreamObserver<R>> method) {
        return call -> {
            Q request = (Q) json.parse(call.bodyText(), prototype.getDefaultInstanceForType().newBuilderForType())
                    .build();
            UnaryAnswer<R> answer = new UnaryAnswer<>();
            method.accept(request, answer);
            return answer.future().thenApply(r -> HttpAnswer.json(200, json.print(r)));
        };
    }

    /** A WriteHead call of the gRPC API, for routes that answer in another shape. */
    public CompletableFuture<io.memoryd.proto.v1.WriteHeadResponse> writeHead(WriteHeadRequest request) {
        UnaryAnswer<io.memoryd.proto.v1.WriteHeadResponse> answer = new UnaryAnswer<>();
        memory.writeHead(request, answer);
        return answer.future();
    }

    /** A synthesize call of the gRPC API, for routes that answer in another shape. */
    public CompletableFuture<io.memoryd.proto.v1.SynthesizeResponse> synthesize(SynthesizeRequest request) {
        UnaryAnswer<io.memoryd.proto.v1.SynthesizeResponse> answer = new UnaryAnswer<>();
        memory.synthesize(request, answer);
        return answer.future();
    }
}
