package io.memoryd.daemon.api;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Typed failures of the daemon API: a gRPC code plus a google.rpc.ErrorInfo reason (and field). */
public final class ApiErrors {

    public static final String DOMAIN = "memoryd.io";

    private ApiErrors() {
    }

    public static StatusRuntimeException of(Status.Code code, String reason, String message) {
        return build(code, reason, message, null);
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
