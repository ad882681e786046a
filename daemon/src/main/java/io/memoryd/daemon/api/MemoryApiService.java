package io.memoryd.daemon.api;


import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.memoryd.daemon.supervisor.RendererPool;
import io.memoryd.memory.MemoryWorkspace;

import io.memoryd.memory.artifact.SessionToken;

import io.memoryd.memory.index.ReindexResult;
import io.memoryd.memory.removal.NoisePurger;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.InvalidAgentIdException;
import io.memoryd.memory.write.InvalidTimeException;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.memory.write.WrittenArtifact;
import io.memoryd.proto.v1.GetHeadRequest;
import io.memoryd.proto.v1.GetHeadResponse;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.WriteHeadRequest;
import io.memoryd.proto.v1.WriteHeadResponse;
import io.memoryd.proto.v1.PurgeNoiseRequest;
import io.memoryd.proto.v1.PurgeNoiseResponse;
import io.memoryd.proto.v1.ReindexRequest;
import io.memoryd.proto.v1.ReindexResponse;
import io.memoryd.proto.v1.RemoveSessionRequest;
import io.memoryd.proto.v1.RemoveSessionResponse;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.proto.v1.WriteArtifactResponse;

import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook-facing API: synthesis through the renderer pool, and the writes hooks need, each validated
 * field by field (see {@link RequestLimits}) before it is queued. Blocking work never runs on the RPC
 * threads: synthesis's on its own bounded queue, writes, removals, reindexes and purges on another, so a
 * burst of writes never delays a synthesize.
 */
public final class MemoryApiService extends MemoryServiceGrpc.MemoryServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(MemoryApiService.class);
    private static final Pattern TOKEN = Pattern.compile("[a-z2-7]{16}");

    private final MemoryWorkspace workspace;
    private final RendererPool pool;
    private final ApiWorkQueue synthesis;
    private final ApiWorkQueue writes;
    private final HeadCalls heads;
    private final ProjectionCache cache;

    /**
     * @param synthesis runs synthesize's blocking first step (the once-per-agent noise purge)
     * @param writes runs WriteArtifact, RemoveSession, Reindex and PurgeNoise
     */
    public MemoryApiService(MemoryWorkspace workspace, RendererPool pool, ApiWorkQueue synthesis,
            ApiWorkQueue writes) {
        this(workspace, pool, synthesis, writes, null);
    }

    /** @param heads the head calls (WriteHead, GetHead, Synthesize's write_head); null answers them UNIMPLEMENTED */
    public MemoryApiService(MemoryWorkspace workspace, RendererPool pool, ApiWorkQueue synthesis,
            ApiWorkQueue writes, HeadCalls heads) {
        this(workspace, pool, synthesis, writes, heads, null);
    }

    /** @param cache answers a synthesize without a render while its sources are unchanged; null: every call renders */
    public MemoryApiService(MemoryWorkspace workspace, RendererPool pool, ApiWorkQueue synthesis,
            ApiWorkQueue writes, HeadCalls heads, ProjectionCache cache) {
        this.cache = cache;
        this.workspace = workspace;
        this.pool = pool;
        this.synthesis = synthesis;
        this.writes = writes;
        this.heads = heads;
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
        int maxTokens;
        try {
            agent = request.getWriteHead() ? HeadCalls.agent(request.getAgentId()) : agent(request.getAgentId());
            maxTokens = RequestLimits.maxTokens(request.getMaxTokens());
            if (request.getWriteHead() && heads == null) {
                throw noHeads();
            }
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        synthesis.submit("Synthesize for agent " + agent, () -> {
            try {
                workspace.purgeNoiseOnce(agent);
            } catch (Throwable e) {
                // Best effort, an Error included: the render goes on and the caller is answered either way.
                log.warn("automatic noise purge for agent {} failed: {}", agent, e.toString(), e);
            }
            try {
                ProjectionCache.Ticket ticket = cacheTicket(agent, maxTokens);
                if (ticket != null && ticket.hit() != null) {
                    if (request.getWriteHead()) {
                        writeThenReply(observer, agent, start, ticket.hit());
                    } else {
                        SynthesisReply.send(observer, agent, start, ticket.hit(), null);
                    }
                    return;
                }
                pool.synthesize(agent, maxTokens).whenComplete((r, t) -> {
                    if (t == null && ticket != null) {
                        try {
                            cache.after(ticket, r);
                        } catch (RuntimeException e) {
                            log.warn("projection cache not updated for agent {}: {}", agent, e.toString());
                        }
                    }
                    if (t == null && request.getWriteHead()) {
                        writeThenReply(observer, agent, start, r);
                    } else {
                        SynthesisReply.send(observer, agent, start, r, t);
                    }
                });
            } catch (Throwable t) {
                SynthesisReply.send(observer, agent, start, null, t);
            }
        }, observer::onError);
    }

    /** The cache's ticket for a synthesize; null without a cache or when the cache cannot tell (then render). */
    private ProjectionCache.Ticket cacheTicket(AgentId agent, int maxTokens) {
        if (cache == null) {
            return null;
        }
        try {
            return cache.before(agent, maxTokens);
        } catch (RuntimeException e) {
            log.warn("projection cache not consulted for agent {}: {}", agent, e.toString());
            return null;
        }
    }

    /** Synthesize's write_head step, on the write queue: the head write's outcome goes into the answer. */
    private void writeThenReply(StreamObserver<SynthesizeResponse> observer, AgentId agent, long start,
            io.memoryd.daemon.supervisor.SynthesisResult rendered) {
        String call = "Synthesize's head write for agent " + agent;
        heads.queue().submit(call, () -> {
            io.memoryd.proto.v1.HeadWrite head;
            try {
                head = heads.write(agent, rendered.projection().content(), HeadCalls.DEFAULT_OWNER);
            } catch (io.memoryd.memory.head.HeadRefusedException e) {
                observer.onError(HeadCalls.refusal(e));
                return;
            } catch (RuntimeException e) {
                observer.onError(ApiErrors.writeFailure(call, e));
                return;
            }
            SynthesisReply.send(observer, agent, start, rendered, null, head);
        }, observer::onError);
    }

    @Override
    public void writeHead(WriteHeadRequest request, StreamObserver<WriteHeadResponse> observer) {
        if (heads == null) {
            observer.onError(noHeads());
            return;
        }
        heads.writeHead(request, observer);
    }

    @Override
    public void getHead(GetHeadRequest request, StreamObserver<GetHeadResponse> observer) {
        if (heads == null) {
            observer.onError(noHeads());
            return;
        }
        heads.getHead(request, observer);
    }

    private static StatusRuntimeException noHeads() {
        return ApiErrors.of(io.grpc.Status.Code.UNIMPLEMENTED, "NO_HEAD_WRITER", "this server writes no MEMORY.md");
    }

    @Override
    public void writeArtifact(WriteArtifactRequest request, StreamObserver<WriteArtifactResponse> observer) {
        SessionInput input;
        try {
            AgentId agent = agent(request.getAgentId());
            if (request.getSessionId().isBlank()) {
                throw ApiErrors.invalidField("session_id", "is required");
            }
            RequestLimits.length("session_id", request.getSessionId(), RequestLimits.SESSION_ID_CHARS);
            RequestLimits.length("session_key", request.getSessionKey(), RequestLimits.SESSION_KEY_CHARS);
            RequestLimits.length("project", request.getProject(), RequestLimits.PROJECT_CHARS);
            RequestLimits.length("harness", request.getHarness(), RequestLimits.HARNESS_CHARS);
            RequestLimits.length("captured_at", request.getCapturedAt(), RequestLimits.TIME_CHARS);
            RequestLimits.length("started_at", request.getStartedAt(), RequestLimits.TIME_CHARS);
            RequestLimits.length("ended_at", request.getEndedAt(), RequestLimits.TIME_CHARS);
            switch (request.getKind()) {
                case SUMMARY, TRANSCRIPT, COMPACTION -> {
                }
                default -> throw ApiErrors.invalidField("kind", "must be SUMMARY, TRANSCRIPT or COMPACTION");
            }
            input = new SessionInput(agent, request.getSessionId(), emptyToNull(request.getSessionKey()),
                    emptyToNull(request.getProject()), emptyToNull(request.getHarness()), request.getCapturedAt(),
                    emptyToNull(request.getStartedAt()), emptyToNull(request.getEndedAt()), request.getText());
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        run(writes, "WriteArtifact for agent " + input.agent(), observer, () -> {
            WrittenArtifact w;
            try {
                w = switch (request.getKind()) {
                    case SUMMARY -> workspace.writer().writeSummary(input);
                    case TRANSCRIPT -> workspace.writer().writeTranscript(input);
                    case COMPACTION -> workspace.writer().writeCompaction(input);
                    default -> throw new IllegalStateException("kind was checked: " + request.getKind());
                };
            } catch (InvalidTimeException e) {
                // Times are accepted in every ISO-8601 shape and written canonically; only non-times are refused.
                throw ApiErrors.invalidField(e.field(), e.detail());
            }
            return WriteArtifactResponse.newBuilder().setManifestPath(w.manifestPath())
                    .setArtifactPath(w.artifactPath()).build();
        });
    }

    @Override
    public void removeSession(RemoveSessionRequest request, StreamObserver<RemoveSessionResponse> observer) {
        AgentId agent;
        String token;
        try {
            agent = agent(request.getAgentId());
            RequestLimits.length("session_id", request.getSessionId(), RequestLimits.SESSION_ID_CHARS);
            token = request.getSessionToken();
            if (token.isEmpty() && !request.getSessionId().isBlank()) {
                token = SessionToken.of(agent.value(), request.getSessionId());
            }
            if (!TOKEN.matcher(token).matches()) {
                throw ApiErrors.invalidField("session_token", "give a 16-character session token or a session_id");
            }
            if (request.getReason().isBlank()) {
                throw ApiErrors.invalidField("reason", "is required (it is recorded in the tombstone)");
            }
            RequestLimits.length("reason", request.getReason(), RequestLimits.REASON_CHARS);
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        String sessionToken = token;
        run(writes, "RemoveSession for agent " + agent, observer, () -> RemoveSessionResponse.newBuilder()
                .addAllRemovedPaths(workspace.remover().remove(agent.value(), sessionToken, request.getReason()))
                .build());
    }

    @Override
    public void reindex(ReindexRequest request, StreamObserver<ReindexResponse> observer) {
        AgentId agent;
        try {
            agent = request.getAgentId().isEmpty() ? null : agent(request.getAgentId());
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        run(writes, agent == null ? "Reindex of all agents" : "Reindex for agent " + agent, observer, () -> {
            ReindexResult r = workspace.reindex(agent);
            return ReindexResponse.newBuilder().setFilesListed(r.listed()).setFilesRead(r.read())
                    .setRowsUpserted(r.upserted()).setRowsDeleted(r.deleted()).setDurationMs(r.durationNanos() / 1e6)
                    .build();
        });
    }

    @Override
    public void purgeNoise(PurgeNoiseRequest request, StreamObserver<PurgeNoiseResponse> observer) {
        AgentId agent;
        try {
            agent = agent(request.getAgentId());
            RequestLimits.length("reason", request.getReason(), RequestLimits.REASON_CHARS);
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        String reason = request.getReason().isBlank() ? NoisePurger.AUTOMATIC_REASON : request.getReason();
        run(writes, "PurgeNoise for agent " + agent, observer, () -> PurgeNoiseResponse.newBuilder()
                .setSessionsRemoved(workspace.purger().purge(agent.value(), reason)).build());
    }

    /** Runs {@code work} on {@code queue} and answers with its result or its failure. */
    private static <T> void run(ApiWorkQueue queue, String call, StreamObserver<T> observer, Supplier<T> work) {
        queue.submit(call, () -> {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                observer.onError(ApiErrors.writeFailure(call, e));
                return;
            }
            observer.onNext(result);
            observer.onCompleted();
        }, observer::onError);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
