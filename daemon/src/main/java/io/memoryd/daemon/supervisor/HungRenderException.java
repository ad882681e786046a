package io.memoryd.daemon.supervisor;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The failure a render call is given when the supervisor judges its renderer hung (see
 * {@link ProgressVerdict}): DEADLINE_EXCEEDED, described by why, so it is handled as any overrun render.
 */
final class HungRenderException extends StatusRuntimeException {

    private static final long serialVersionUID = 1L;

    HungRenderException(String reason) {
        super(Status.DEADLINE_EXCEEDED.withDescription(reason), null);
    }

    /** Why the renderer is judged hung, e.g. "made no progress for 30012 ms (...)". */
    String reason() {
        return getStatus().getDescription();
    }
}
