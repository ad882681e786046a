package io.memoryd.daemon.gateway;

import io.grpc.Status;

/**
 * The HTTP status of a gRPC status code, as Google's API conventions map them (google/rpc/code.proto), so
 * that a route answers over HTTP what the same gRPC method answers over gRPC.
 */
public final class HttpStatuses {

    private HttpStatuses() {
    }

    public static int of(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case CANCELLED -> 499;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
        };
    }
}
