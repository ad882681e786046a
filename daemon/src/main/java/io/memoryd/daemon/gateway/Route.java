package io.memoryd.daemon.gateway;

import java.util.concurrent.CompletableFuture;

/**
 * Answers the requests of one path (and method). Routes run on the connection's event loop and must not
 * block it: blocking work goes to the daemon's bounded work queues, as the gRPC service's does. A route
 * may throw or complete exceptionally; the gateway turns that into the matching HTTP error.
 */
@FunctionalInterface
public interface Route {

    CompletableFuture<HttpAnswer> answer(HttpCall call);
}
