package io.memoryd.daemon.gateway;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.grpc.Status;
import io.memoryd.daemon.api.ApiErrors;
import io.memoryd.proto.v1.SynthesizeRequest;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/hooks/synthesis} in the shape of the system memoryd replaces, so that its callers can
 * point at memoryd unchanged. Request (every field optional): {@code agentId} (else the header
 * {@code x-signet-agent-id}, else {@code default}), {@code maxTokens}; {@code trigger}, {@code sessionKey}
 * and {@code sinceTimestamp} are accepted and ignored. Answer: {@code {"harness":"daemon","model":
 * "projection","prompt":…,"fileCount":…,"indexBlock":…}}. A failure answers the HTTP status of its gRPC
 * code with {@code {"error": message}}, the shape those callers read.
 */
public final class ReferenceSynthesisRoute implements Route {

    public static final String PATH = "/api/hooks/synthesis";
    private static final String AGENT_HEADER = "x-signet-agent-id";

    private final ApiRoutes api;
    private final ApiJson json;

    public ReferenceSynthesisRoute(ApiRoutes api, ApiJson json) {
        this.api = api;
        this.json = json;
    }

    @Override
    public CompletableFuture<HttpAnswer> answer(HttpCall call) {
        SynthesizeRequest request;
        try {
            request = request(call);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(e));
        }
        return api.synthesize(request).handle((r, t) -> {
            if (t != null) {
                return error(t instanceof java.util.concurrent.CompletionException ? t.getCause() : t);
            }
            JsonObject body = new JsonObject();
            body.addProperty("harness", "daemon");
            body.addProperty("model", "projection");
            body.addProperty("prompt", r.getContent());
            body.addProperty("fileCount", r.getFileCount());
            body.addProperty("indexBlock", r.getIndexBlock());
            return HttpAnswer.json(200, body.toString());
        });
    }

    private static SynthesizeRequest request(HttpCall call) {
        JsonObject body = new JsonObject();
        if (!call.bodyText().isBlank()) {
            JsonElement parsed;
            try {
                parsed = JsonParser.parseString(call.bodyText());
            } catch (JsonParseException e) {
                throw ApiErrors.of(Status.Code.INVALID_ARGUMENT, "INVALID_JSON",
                        "the request body is not JSON: " + e.getMessage());
            }
            if (!parsed.isJsonObject()) {
                throw ApiErrors.of(Status.Code.INVALID_ARGUMENT, "INVALID_JSON", "the request body is not a JSON object");
            }
            body = parsed.getAsJsonObject();
        }
        SynthesizeRequest.Builder request = SynthesizeRequest.newBuilder()
                .setAgentId(string(body, "agentId", call.header(AGENT_HEADER, "")));
        if (body.has("maxTokens") && !body.get("maxTokens").isJsonNull()) {
            try {
                request.setMaxTokens(body.get("maxTokens").getAsInt());
            } catch (RuntimeException e) {
                throw ApiErrors.invalidField("maxTokens", "must be a whole number, got " + body.get("maxTokens"));
            }
        }
        return request.build();
    }

    private static String string(JsonObject body, String field, String fallback) {
        JsonElement value = body.get(field);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw ApiErrors.invalidField(field, "must be a string, got " + value);
        }
        return value.getAsString().isBlank() ? fallback : value.getAsString();
    }

    private HttpAnswer error(Throwable t) {
        HttpAnswer failure = json.failure(t);
        JsonObject body = new JsonObject();
        body.addProperty("error", Status.fromThrowable(t).getDescription() == null ? "Synthesis request failed"
                : Status.fromThrowable(t).getDescription());
        return HttpAnswer.json(failure.status(), body.toString());
    }
}
