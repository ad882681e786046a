package io.memoryd.daemon;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reads the {@code google.rpc.ErrorInfo} every memoryd error status carries, for tests that assert on it. */
public final class ErrorDetails {

    private ErrorDetails() {
    }

    /** The failure's ErrorInfo; an assertion error when it has none. */
    public static ErrorInfo of(StatusRuntimeException e) {
        var status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (var detail : status.getDetailsList()) {
                if (detail.is(ErrorInfo.class)) {
                    try {
                        return detail.unpack(ErrorInfo.class);
                    } catch (InvalidProtocolBufferException bad) {
                        throw new AssertionError("unreadable ErrorInfo in " + e, bad);
                    }
                }
            }
        }
        throw new AssertionError("no ErrorInfo in " + e);
    }

    /** The request field the failure names (metadata {@code field}), or "" when it names none. */
    public static String field(StatusRuntimeException e) {
        return of(e).getMetadataOrDefault("field", "");
    }

    /** The failure's reason, e.g. {@code QUEUE_FULL}. */
    public static String reason(StatusRuntimeException e) {
        return of(e).getReason();
    }
}
