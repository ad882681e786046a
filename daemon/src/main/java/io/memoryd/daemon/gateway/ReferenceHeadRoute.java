package io.memoryd.daemon.gateway;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.memoryd.proto.v1.WriteHeadRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /api/hooks/synthesis/complete} in the reference's shape: a caller hands back finished
 * MEMORY.md text, {@code {"content": …, "agentId": …}} (agent else the header {@code x-signet-agent-id},
 * else {@code default}), and memoryd stores it through WriteHead. Answers: 200 {@code {"success":true}};
 * 400 {@code {"error":"content is required"}} when content is missing or not a string, 400 with the
 * writer's refusal (blank text, JSON, an agent id unfit for a path); 409 {@code {"error":"MEMORY.md write
 * busy"}} when another writer holds the lease; 500 {@code {"error":"Failed to save MEMORY.md"}} otherwise.
 */
public final class ReferenceHeadRoute implements Route {

    public static final String PATH = "/api/hooks/synthesis/complete";
    private static final String AGENT_HEADER = "x-signet-agent-id";
    /** The lease owner the reference's route records. */
    private static final String OWNER = "synthesis-complete";

    private final ApiRoutes api;

    public ReferenceHeadRoute(ApiRoutes api, ApiJson json) {
        this.api = api;
    }

    @Override
    public CompletableFuture<HttpAnswer> answer(HttpCall call) {
        JsonObject body;
        try {
            JsonElement parsed = JsonParser.parseString(call.bodyText().isBlank() ? "{}" : call.bodyText());
            body = parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
        } catch (JsonParseException e) {
            body = new JsonObject();
        }
        JsonElement content = body.get("content");
        if (content == null || !content.isJsonPrimitive() || !content.getAsJsonPrimitive().isString()
                || content.getAsString().isEmpty()) {
            return CompletableFuture.completedFuture(error(400, "content is required"));
        }
        JsonElement agent = body.get("agentId");
        String agentId = agent != null && agent.isJsonPrimitive() && !agent.getAsString().isBlank()
                ? agent.getAsString() : call.header(AGENT_HEADER, "");
        WriteHeadRequest request = WriteHeadRequest.newBuilder().setAgentId(agentId)
                .setContent(content.getAsString()).setOwner(OWNER).build();
        return api.writeHead(request).handle((r, t) -> {
            if (t == null) {
                JsonObject ok = new JsonObject();
                ok.addProperty("success", true);
                return HttpAnswer.json(200, ok.toString());
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            Status status = Status.fromThrowable(cause);
            if (cause instanceof StatusRuntimeException && status.getCode() == Status.Code.INVALID_ARGUMENT) {
                return error(400, status.getDescription());
            }
            if (status.getCode() == Status.Code.ABORTED) {
                return error(409, "MEMORY.md write busy");
            }
            return error(500, "Failed to save MEMORY.md");
        });
    }

    private static HttpAnswer error(int status, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        return HttpAnswer.json(status, body.toString());
    }
}
