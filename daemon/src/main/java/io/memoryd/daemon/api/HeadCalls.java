package io.memoryd.daemon.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.memoryd.daemon.head.HeadScheduler;
import io.memoryd.memory.head.HeadOutcome;
import io.memoryd.memory.head.HeadRefusedException;
import io.memoryd.memory.head.HeadState;
import io.memoryd.memory.head.HeadWriteResult;
import io.memoryd.memory.head.HeadWriter;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.GetHeadRequest;
import io.memoryd.proto.v1.GetHeadResponse;
import io.memoryd.proto.v1.HeadWrite;
import io.memoryd.proto.v1.WriteHeadRequest;
import io.memoryd.proto.v1.WriteHeadResponse;

/**
 * The head calls of the API: WriteHead, GetHead, and the write step of Synthesize with {@code write_head}.
 * Refusals are checked on the calling thread (INVALID_ARGUMENT with reason EMPTY_CONTENT, JSON_CONTENT or
 * INVALID_AGENT_ID and metadata "field"); the writes run on the daemon's write queue. Thread-safe.
 */
public final class HeadCalls {

    /** Longest text WriteHead takes; the head keeps at most 5000 tokens of it anyway. */
    static final int CONTENT_CHARS = 4_000_000;
    /** The lease owner of a write whose caller names none. */
    static final String DEFAULT_OWNER = "memoryd";

    private final HeadWriter heads;
    private final HeadScheduler scheduler;
    private final ApiWorkQueue writes;

    /** @param scheduler the daemon's scheduler, for GetHead's last run; null when none runs */
    public HeadCalls(HeadWriter heads, HeadScheduler scheduler, ApiWorkQueue writes) {
        this.heads = heads;
        this.scheduler = scheduler;
        this.writes = writes;
    }

    /** The agent of a head write, or the typed refusal. */
    static AgentId agent(String raw) {
        try {
            return HeadWriter.agentFor(raw);
        } catch (HeadRefusedException e) {
            throw refusal(e);
        }
    }

    /** A refusal as INVALID_ARGUMENT with the refusal's reason and the field it concerns. */
    static StatusRuntimeException refusal(HeadRefusedException e) {
        String field = e.reason() == HeadRefusedException.Reason.INVALID_AGENT_ID ? "agent_id" : "content";
        return ApiErrors.of(Status.Code.INVALID_ARGUMENT, e.reason().name(), e.getMessage(), field);
    }

    void writeHead(WriteHeadRequest request, StreamObserver<WriteHeadResponse> observer) {
        AgentId agent;
        try {
            agent = agent(request.getAgentId());
            RequestLimits.length("content", request.getContent(), CONTENT_CHARS);
            RequestLimits.length("owner", request.getOwner(), RequestLimits.HARNESS_CHARS);
            HeadWriter.checkContent(request.getContent());
        } catch (HeadRefusedException e) {
            observer.onError(refusal(e));
            return;
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        String owner = request.getOwner().isBlank() ? DEFAULT_OWNER : request.getOwner();
        String call = "WriteHead for agent " + agent;
        writes.submit(call, () -> {
            HeadWrite head;
            try {
                head = write(agent, request.getContent(), owner);
            } catch (RuntimeException e) {
                observer.onError(ApiErrors.writeFailure(call, e));
                return;
            }
            if (head.getOutcome() == io.memoryd.proto.v1.HeadOutcome.HEAD_BUSY) {
                observer.onError(ApiErrors.of(Status.Code.ABORTED, "HEAD_BUSY", "MEMORY.md write busy (lease held by "
                        + head.getLeaseOwner() + ")"));
                return;
            }
            observer.onNext(WriteHeadResponse.newBuilder().setHead(head).build());
            observer.onCompleted();
        }, observer::onError);
    }

    void getHead(GetHeadRequest request, StreamObserver<GetHeadResponse> observer) {
        AgentId agent;
        try {
            agent = agent(request.getAgentId());
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        String call = "GetHead for agent " + agent;
        writes.submit(call, () -> {
            GetHeadResponse.Builder answer;
            try {
                HeadState s = heads.state(agent.value());
                answer = GetHeadResponse.newBuilder().setAgentId(s.agentId()).setPath(s.path().toString())
                        .setFileExists(s.fileExists()).setRecorded(s.recorded()).setRevision(s.revision())
                        .setContentHash(s.contentHash()).setUpdatedAt(nonNull(s.updatedAt()))
                        .setLeaseOwner(nonNull(s.leaseOwner())).setLeaseExpiresAt(nonNull(s.leaseExpiresAt()))
                        .setLeaseActive(s.leaseActive());
                if (scheduler != null) {
                    scheduler.run(agent).ifPresent(r -> {
                        answer.setLastRunAt(r.lastRunAt() == null ? ""
                                : io.memoryd.memory.text.IsoTime.format(r.lastRunAt()));
                        answer.setLastOutcome(r.lastOutcome() == null ? "" : r.lastOutcome().label());
                    });
                }
            } catch (RuntimeException e) {
                observer.onError(ApiErrors.writeFailure(call, e));
                return;
            }
            observer.onNext(answer.build());
            observer.onCompleted();
        }, observer::onError);
    }

    /** Writes {@code content} as the agent's head; busy is an outcome here, not an error. */
    HeadWrite write(AgentId agent, String content, String owner) {
        HeadWriteResult r = heads.write(agent.value(), content, owner);
        return HeadWrite.newBuilder().setOutcome(switch (r.outcome()) {
            case WRITTEN -> io.memoryd.proto.v1.HeadOutcome.HEAD_WRITTEN;
            case UNCHANGED -> io.memoryd.proto.v1.HeadOutcome.HEAD_UNCHANGED;
            case BUSY -> io.memoryd.proto.v1.HeadOutcome.HEAD_BUSY;
        }).setPath(r.path().toString()).setRevision(r.revision())
                .setBackupPath(r.backup() == null ? "" : r.backup().toString())
                .setLeaseOwner(r.outcome() == HeadOutcome.BUSY && r.leaseOwner() != null ? r.leaseOwner() : "")
                .build();
    }

    /** The write queue head writes run on. */
    ApiWorkQueue queue() {
        return writes;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
