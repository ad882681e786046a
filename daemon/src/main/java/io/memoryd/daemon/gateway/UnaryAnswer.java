package io.memoryd.daemon.gateway;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * Receives the one answer of a unary gRPC service method called directly (not through a channel), so an
 * HTTP route runs exactly the service code a gRPC call runs. Completes with the first message, or
 * exceptionally with the method's error. Any thread.
 */
final class UnaryAnswer<T> implements StreamObserver<T> {

    private final CompletableFuture<T> answer = new CompletableFuture<>();

    CompletableFuture<T> future() {
        return answer;
    }

    @Override
    public void onNext(T value) {
        answer.complete(value);
    }

    @Override
    public void onError(Throwable t) {
        answer.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        answer.completeExceptionally(new IllegalStateException("completed without an answer"));
    }
}
