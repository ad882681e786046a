package io.memoryd.daemon.supervisor;

import io.grpc.Status;

/** A synthesis that could not be answered with content: a typed status code and a machine-readable reason. */
public final class SynthesisException extends RuntimeException {

    private final Status.Code code;
    private final String reason;

    public SynthesisException(Status.Code code, String reason, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.reason = reason;
    }

    public Status.Code code() {
        return code;
    }

    /**
     * One of QUEUE_FULL, RENDER_TIMED_OUT, SHUTTING_DOWN, RENDER_FAILED, INVALID_FIELD, or a storage fault
     * (DISK_FULL, READ_ONLY, DATABASE_LOCKED, DATABASE_CORRUPT).
     */
    public String reason() {
        return reason;
    }
}
