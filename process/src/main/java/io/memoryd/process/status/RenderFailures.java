package io.memoryd.process.status;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.memoryd.proto.renderer.v1.FailureReason;

/**
 * Builds the typed failure statuses of the renderer contract: a gRPC code, a description naming the
 * request, and a {@code google.rpc.ErrorInfo} whose reason is a {@link FailureReason} name.
 */
public final class RenderFailures {

    /** The ErrorInfo domain of renderer failures. */
    public static final String DOMAIN = "renderer.memoryd.io";

    private RenderFailures() {
    }

    public static StatusRuntimeException of(Status.Code code, FailureReason reason, String description) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(description)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason.name()).setDomain(DOMAIN).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** The failure reason carried by a status exception, or UNSPECIFIED when it has none. */
    public static FailureReason reasonOf(Throwable t) {
        com.google.rpc.Status status = StatusProto.fromThrowable(t);
        if (status == null) {
            return FailureReason.FAILURE_REASON_UNSPECIFIED;
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return FailureReason.valueOf(detail.unpack(ErrorInfo.class).getReason());
                } catch (Exception e) {
                    return FailureReason.FAILURE_REASON_UNSPECIFIED;
                }
            }
        }
        return FailureReason.FAILURE_REASON_UNSPECIFIED;
    }
}
