package io.memoryd.daemon.supervisor;

import io.memoryd.proto.renderer.v1.RenderResponse;

/**
 * Checks an OK render reply against the renderer contract before a caller sees it. A reply that breaks it
 * (an empty projection, another request's id, another renderer's id, a negative count) is a protocol
 * violation: the caller is retried elsewhere and the renderer replaced.
 */
final class RenderReplyCheck {

    private RenderReplyCheck() {
    }

    /** What is wrong with {@code reply} to request {@code requestId} sent to {@code rendererId}, or null when nothing. */
    static String violation(String requestId, String rendererId, RenderResponse reply) {
        if (reply.getContent().isBlank()) {
            return "reply to request " + requestId + " has an empty projection";
        }
        if (!reply.getRequestId().equals(requestId)) {
            return "reply to request " + requestId + " carries request id \"" + reply.getRequestId() + "\"";
        }
        if (!reply.getRendererId().equals(rendererId)) {
            return "reply to request " + requestId + " comes from renderer id \"" + reply.getRendererId()
                    + "\", not " + rendererId;
        }
        if (reply.getFileCount() < 0) {
            return "reply to request " + requestId + " has a negative file count " + reply.getFileCount();
        }
        return null;
    }
}
