package io.memoryd.daemon.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.memoryd.daemon.supervisor.SynthesisException;
import io.memoryd.daemon.supervisor.SynthesisResult;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeResponse;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one synthesize call: the projection, or a typed status for any failure. Anything thrown while
 * the answer is built (an Error included) becomes INTERNAL, so a caller is never left without an answer,
 * and an empty projection is never sent as a success.
 */
final class SynthesisReply {

    private static final Logger log = LoggerFactory.getLogger(SynthesisReply.class);

    private SynthesisReply() {
    }

    /** Sends {@code result} (or {@code failure}) for agent {@code agent}'s call that started at {@code startNanos}. */
    static void send(StreamObserver<SynthesizeResponse> observer, AgentId agent, long startNanos, SynthesisResult result,
            Throwable failure) {
        send(observer, agent, startNanos, result, failure, null);
    }

    /** As above, with the head write of a {@code write_head} call (null when none was asked for). */
    static void send(StreamObserver<SynthesizeResponse> observer, AgentId agent, long startNanos, SynthesisResult result,
            Throwable failure, io.memoryd.proto.v1.HeadWrite head) {
        SynthesizeResponse response;
        try {
            if (failure != null) {
                observer.onError(toStatus(failure));
                return;
            }
            if (result.projection().content().isEmpty()) {
                observer.onError(ApiErrors.of(Status.Code.INTERNAL, "RENDER_FAILED",
                        "render of agent " + agent + " came back empty"));
                return;
            }
            SynthesizeResponse.Builder builder = SynthesizeResponse.newBuilder();
            if (head != null) {
                builder.setHead(head);
            }
            response = builder
                    .setContent(result.projection().content())
                    .setFileCount(result.projection().fileCount())
                    .setIndexBlock(result.projection().indexBlock())
                    .setServedBy(result.fallback() ? ServedBy.FALLBACK : ServedBy.RENDERER)
                    .setRendererId(result.rendererId())
                    .setRendererPid(result.rendererPid())
                    .setQueueWaitMs(result.queueWaitMs())
                    .setReindexMs(result.reindexMs())
                    .setRenderMs(result.renderMs())
                    .setTotalMs((System.nanoTime() - startNanos) / 1e6)
                    .setCoalesced(result.coalesced())
                    .setRetries(result.retries())
                    .setCached(result.cached())
                    .build();
        } catch (Throwable t) {
            log.error("synthesize for agent {} failed unexpectedly: {}", agent, t.toString(), t);
            observer.onError(ApiErrors.of(Status.Code.INTERNAL, "INTERNAL_ERROR",
                    "synthesize for agent " + agent + " failed unexpectedly: " + t));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    private static StatusRuntimeException toStatus(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof SynthesisException s) {
            return ApiErrors.of(s.code(), s.reason(), s.getMessage());
        }
        if (cause instanceof StatusRuntimeException s) {
            return s;
        }
        return ApiErrors.of(Status.Code.INTERNAL, "RENDER_FAILED", String.valueOf(cause));
    }
}
