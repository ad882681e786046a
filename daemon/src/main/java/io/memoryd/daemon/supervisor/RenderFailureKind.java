package io.memoryd.daemon.supervisor;

import io.grpc.Status;
import io.memoryd.proto.renderer.v1.FailureReason;
import io.memoryd.process.status.RenderFailures;
import io.memoryd.process.status.StorageFaultStatus;

/**
 * What a failed render call says about the renderer process that was asked, which decides what the pool
 * does with the renderer (the caller is retried or answered either way).
 */
enum RenderFailureKind {

    /** The request was refused (INVALID_ARGUMENT): the caller gets that answer; the renderer is fine. */
    CALLER_ERROR,
    /** The renderer dropped the request unrendered because its deadline passed while queued there: not a hang. */
    DEADLINE_IN_QUEUE,
    /**
     * The render made no progress for the request deadline (or its renderer did not say), or got no answer
     * within the progress limit: it overran on the renderer, which is treated as hung.
     */
    OVERRAN,
    /** An OK reply that breaks the contract (see {@link RenderReplyCheck}): the renderer is replaced at once. */
    PROTOCOL_VIOLATION,
    /**
     * The workspace's storage refused the render (disk full, read-only, locked, corrupt): the caller gets that
     * typed answer, since every renderer and the fallback would meet it too; the renderer is fine.
     */
    STORAGE_FAULT,
    /** The renderer said it is stopping (SHUTTING_DOWN): it is leaving anyway, so this is not held against it. */
    STOPPING,
    /**
     * Anything else: UNAVAILABLE or INTERNAL from the transport or the renderer (a crashed render, a broken
     * database, a socket gone), UNKNOWN and the rest. It counts toward the renderer's failure streak.
     */
    RENDERER_FAULT;

    /** The kind of the failure {@code t} of a render call (never {@link #PROTOCOL_VIOLATION}, which is an OK reply). */
    static RenderFailureKind of(Throwable t) {
        Status.Code code = Status.fromThrowable(t).getCode();
        FailureReason reason = RenderFailures.reasonOf(t);
        if (StorageFaultStatus.isStorageFault(reason)) {
            return STORAGE_FAULT;
        }
        return switch (code) {
            case INVALID_ARGUMENT -> CALLER_ERROR;
            // The renderer's own DEADLINE_EXCEEDED names its queue; the client library's, raised when our
            // deadline passes with the call still open, carries no reason: the render ran too long.
            case DEADLINE_EXCEEDED -> reason == FailureReason.DEADLINE_PASSED_IN_QUEUE ? DEADLINE_IN_QUEUE : OVERRAN;
            case UNAVAILABLE -> reason == FailureReason.SHUTTING_DOWN ? STOPPING : RENDERER_FAULT;
            default -> RENDERER_FAULT;
        };
    }
}
