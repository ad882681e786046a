package io.memoryd.daemon.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.daemon.supervisor.SynthesisException;
import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.artifact.ImmutableArtifactException;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.index.ReindexResult;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.removal.NoisePurger;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.InvalidAgentIdException;
import io.memoryd.memory.write.InvalidTimeException;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.memory.write.WrittenArtifact;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.PurgeNoiseRequest;
import io.memoryd.proto.v1.PurgeNoiseResponse;
import io.memoryd.proto.v1.ReindexRequest;
import io.memoryd.proto.v1.ReindexResponse;
import io.memoryd.proto.v1.RemoveSessionRequest;
import io.memoryd.proto.v1.RemoveSessionResponse;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.proto.v1.WriteArtifactResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook-facing API: synthesis through the renderer pool, and the writes hooks need, each validated
 * field by field. Blocking work runs on the daemon's work executor, never on the RPC threads.
 */
public final class MemoryApiService extends MemoryServiceGrpc.MemoryServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(MemoryApiService.class);
    private static final Pattern TOKEN = Pattern.compile("[a-z2-7]{16}");

    private final MemoryWorkspace workspace;
    private final RendererPool pool;
    private final Executor work;

    public MemoryApiService(MemoryWorkspace workspace, RendererPool pool, Executor work) {
        this.workspace = workspace;
        this.pool = pool;
        this.work = work;
    }

    private static AgentId agent(String raw) {
        try {
            return AgentId.parse(raw);
        } catch (InvalidAgentIdException e) {
            throw ApiErrors.invalidField("agent_id", e.getMessage());
        }
    }

    @Override
    public void synthesize(SynthesizeRequest request, StreamObserver<SynthesizeResponse> observer) {
        long start = System.nanoTime();
        AgentId agent;
        try {
            agent = agent(request.getAgentId());
            if (request.getMaxTokens() < 0) {
                throw ApiErrors.invalidField("max_tokens", "must not be negative, got " + request.getMaxTokens());
            }
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        int maxTokens = request.getMaxTokens() == 0 ? TokenBudget.DEFAULT_MAX_TOKENS : request.getMaxTokens();
        work.execute(() -> {
            try {
                workspace.purgeNoiseOnce(agent);
            } catch (RuntimeException e) {
                log.warn("automatic noise purge for agent {} failed: {}", agent, e.getMessage());
            }
            pool.synthesize(agent, maxTokens).whenComplete((r, t) -> {
                if (t != null) {
                    observer.onError(toStatus(t));
                    return;
                }
                if (r.projection().content().isEmpty()) {
                    observer.onError(ApiErrors.of(Status.Code.INTERNAL, "RENDER_FAILED",
                            "render of agent " + agent + " came back empty"));
                    return;
                }
                observer.onNext(SynthesizeResponse.newBuilder()
                        .setContent(r.projection().content())
                        .setFileCount(r.projection().fileCount())
                        .setIndexBlock(r.projection().indexBlock())
                        .setServedBy(r.fallback() ? ServedBy.FALLBACK : ServedBy.RENDERER)
                        .setRendererId(r.rendererId())
                        .setRendererPid(r.rendererPid())
                        .setQueueWaitMs(r.queueWaitMs())
                        .setReindexMs(r.reindexMs())
                        .setRenderMs(r.renderMs())
                        .setTotalMs((System.nanoTime() - start) / 1e6)
                        .setCoalesced(r.coalesced())
                        .setRetries(r.retries())
                        .build());
                observer.onCompleted();
            });
        });
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

    @Override
    public void writeArtifact(WriteArtifactRequest request, StreamObserver<WriteArtifactResponse> observer) {
        run(observer, () -> {
            AgentId agent = agent(request.getAgentId());
            if (request.getSessionId().isBlank()) {
                throw ApiErrors.invalidField("session_id", "is required");
            }
            SessionInput input = new SessionInput(agent, request.getSessionId(), emptyToNull(request.getSessionKey()),
                    emptyToNull(request.getProject()), emptyToNull(request.getHarness()), request.getCapturedAt(),
                    emptyToNull(request.getStartedAt()), emptyToNull(request.getEndedAt()), request.getText());
            WrittenArtifact w;
            try {
                w = switch (request.getKind()) {
                    case SUMMARY -> workspace.writer().writeSummary(input);
                    case TRANSCRIPT -> workspace.writer().writeTranscript(input);
                    case COMPACTION -> workspace.writer().writeCompaction(input);
                    default -> throw ApiErrors.invalidField("kind", "must be SUMMARY, TRANSCRIPT or COMPACTION");
                };
            } catch (InvalidTimeException e) {
                // Times are accepted in every ISO-8601 shape and written canonically; only non-times are refused.
                throw ApiErrors.invalidField(e.field(), e.detail());
            } catch (ImmutableArtifactException e) {
                throw ApiErrors.of(Status.Code.FAILED_PRECONDITION, "IMMUTABLE_ARTIFACT", e.getMessage());
            }
            return WriteArtifactResponse.newBuilder().setManifestPath(w.manifestPath()).setArtifactPath(w.artifactPath())
                    .build();
        });
    }

    @Override
    public void removeSession(RemoveSessionRequest request, StreamObserver<RemoveSessionResponse> observer) {
        run(observer, () -> {
            AgentId agent = agent(request.getAgentId());
            String token = request.getSessionToken();
            if (token.isEmpty() && !request.getSessionId().isBlank()) {
                token = SessionToken.of(agent.value(), request.getSessionId());
            }
            if (!TOKEN.matcher(token).matches()) {
                throw ApiErrors.invalidField("session_token", "give a 16-character session token or a session_id");
            }
            if (request.getReason().isBlank()) {
                throw ApiErrors.invalidField("reason", "is required (it is recorded in the tombstone)");
            }
            return RemoveSessionResponse.newBuilder()
                    .addAllRemovedPaths(workspace.remover().remove(agent.value(), token, request.getReason())).build();
        });
    }

    @Override
    public void reindex(ReindexRequest request, StreamObserver<ReindexResponse> observer) {
        run(observer, () -> {
            AgentId agent = request.getAgentId().isEmpty() ? null : agent(request.getAgentId());
            ReindexResult r = workspace.reindex(agent);
            return ReindexResponse.newBuilder().setFilesListed(r.listed()).setFilesRead(r.read())
                    .setRowsUpserted(r.upserted()).setRowsDeleted(r.deleted()).setDurationMs(r.durationNanos() / 1e6)
                    .build();
        });
    }

    @Override
    public void purgeNoise(PurgeNoiseRequest request, StreamObserver<PurgeNoiseResponse> observer) {
        run(observer, () -> {
            AgentId agent = agent(request.getAgentId());
            String reason = request.getReason().isBlank() ? NoisePurger.AUTOMATIC_REASON : request.getReason();
            return PurgeNoiseResponse.newBuilder().setSessionsRemoved(workspace.purger().purge(agent.value(), reason))
                    .build();
        });
    }

    private <T> void run(StreamObserver<T> observer, Supplier<T> call) {
        work.execute(() -> {
            T result;
            try {
                result = call.get();
            } catch (StatusRuntimeException e) {
                observer.onError(e);
                return;
            } catch (RuntimeException e) {
                log.warn("write failed: {}", e.toString(), e);
                observer.onError(ApiErrors.of(Status.Code.INTERNAL, "WRITE_FAILED", e.toString()));
                return;
            }
            observer.onNext(result);
            observer.onCompleted();
        });
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
