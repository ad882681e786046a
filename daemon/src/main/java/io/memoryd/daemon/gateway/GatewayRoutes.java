package io.memoryd.daemon.gateway;

import io.grpc.Status;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The gateway's route table: exact paths, and path prefixes whose route reads the rest of the path
 * itself (the harness adapters' {@code /v1/hooks/{harness}/{event}}). An unknown path answers 404, a known
 * path with another method 405 with {@code Allow}. Built once before the gateway starts; read-only and
 * thread-safe afterwards.
 */
public final class GatewayRoutes {

    private final Map<String, Map<HttpMethod, Route>> exact = new LinkedHashMap<>();
    /** Longest prefix first, so a more specific prefix wins. */
    private final Map<String, Map<HttpMethod, Route>> prefixes = new TreeMap<>(
            (a, b) -> a.length() != b.length() ? Integer.compare(b.length(), a.length()) : a.compareTo(b));
    private final ApiJson json;

    public GatewayRoutes(ApiJson json) {
        this.json = json;
    }

    /** Adds {@code route} for {@code method} on exactly {@code path}. */
    public GatewayRoutes add(HttpMethod method, String path, Route route) {
        exact.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, route);
        return this;
    }

    /** Adds {@code route} for {@code method} on every path that starts with {@code prefix}. */
    public GatewayRoutes addPrefix(HttpMethod method, String prefix, Route route) {
        prefixes.computeIfAbsent(prefix, p -> new LinkedHashMap<>()).put(method, route);
        return this;
    }

    /** Answers {@code call} with its route, or with 404/405 when there is none. */
    public CompletableFuture<HttpAnswer> answer(HttpCall call) {
        Map<HttpMethod, Route> byMethod = exact.get(call.path());
        if (byMethod == null) {
            byMethod = prefixes.entrySet().stream().filter(e -> call.path().startsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (byMethod == null) {
            return CompletableFuture.completedFuture(json.failure(Status.Code.NOT_FOUND, "UNKNOWN_ROUTE",
                    "no route " + call.path() + " (routes: " + String.join(", ", exact.keySet()) + ", "
                            + String.join(", ", prefixes.keySet().stream().map(p -> p + "…").toList()) + ")"));
        }
        Route route = byMethod.get(call.method());
        if (route == null) {
            String allowed = byMethod.keySet().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
            return CompletableFuture.completedFuture(json.failure(Status.Code.UNIMPLEMENTED, "METHOD_NOT_ALLOWED",
                    call.method() + " " + call.path() + " is not served; use " + allowed)
                    .withStatus(405).withHeader("Allow", allowed));
        }
        try {
            return route.answer(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
