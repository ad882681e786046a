package io.memoryd.daemon.api;

import io.memoryd.memory.artifact.ImmutableArtifactException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.memoryd.memory.db.StorageFailure;
import io.memoryd.memory.db.StorageFault;
import io.memoryd.process.status.StorageFaultStatus;

/** Typed failures of the daemon API: a gRPC code plus a google.rpc.ErrorInfo reason (and field). */
public final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    public static final String DOMAIN = "memoryd.io";

    private ApiErrors() {
    }

    public static StatusRuntimeException of(Status.Code code, String reason, String message) {
        return build(code, reason, message, null);
    }

    /**
     * The status of a storage fault: its code and reason (see {@link StorageFaultStatus}), the message
     * naming the file and the cause, and the file as ErrorInfo metadata "file" when it is known.
     */
    public static StatusRuntimeException storage(StorageFailure failure) {
        StorageFault fault = failure.fault();
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(fault.name()).setDomain(DOMAIN);
        if (failure.file() != null) {
            info.putMetadata("file", failure.file().toString());
        }
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(StorageFaultStatus.codeOf(fault).value()).setMessage(failure.description())
                .addDetails(Any.pack(info.build())).build());
    }

    /**
     * The status a failed write answers: a status as it is, a storage fault as {@link #storage}, an
     * immutable artifact's refusal as FAILED_PRECONDITION ({@code IMMUTABLE_ARTIFACT}), anything else as
     * INTERNAL ({@code WRITE_FAILED}) naming {@code call}, e.g. "WriteArtifact for agent alice".
     */
    public static StatusRuntimeException writeFailure(String call, RuntimeException e) {
        if (e instanceof StatusRuntimeException status) {
            return status;
        }
        if (e instanceof ImmutableArtifactException) {
            return of(Status.Code.FAILED_PRECONDITION, "IMMUTABLE_ARTIFACT", e.getMessage());
        }
        Optional<StorageFailure> storage = StorageFailure.in(e);
        if (storage.isPresent()) {
            log.warn("{} refused by the storage: {}", call, storage.get().description());
            return storage(storage.get());
        }
        log.warn("{} failed: {}", call, e.toString(), e);
        return of(Status.Code.INTERNAL, "WRITE_FAILED", call + ": " + e);
    }

    /** A status with a reason and the field it concerns (ErrorInfo metadata "field"). */
    public static StatusRuntimeException of(Status.Code code, String reason, String message, String field) {
        return build(code, reason, message, field);
    }

    /** INVALID_ARGUMENT naming the offending field. */
    public static StatusRuntimeException invalidField(String field, String message) {
        return build(Status.Code.INVALID_ARGUMENT, "INVALID_FIELD", field + ": " + message, field);
    }

    private static StatusRuntimeException build(Status.Code code, String reason, String message, String field) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN);
        if (field != null) {
            info.putMetadata("field", field);
        }
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage(message).addDetails(Any.pack(info.build())).build());
    }
}
