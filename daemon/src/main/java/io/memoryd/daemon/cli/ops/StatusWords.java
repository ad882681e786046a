package io.memoryd.daemon.cli.ops;

import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererState;

/**
 * The words and tones operator views use for the status enums, instead of their protobuf names
 * ({@code POOL_DEGRADED} reads as {@code degraded}, in yellow). Stateless.
 */
final class StatusWords {

    private StatusWords() {
    }

    static TextTable.Cell daemon(DaemonStatus status) {
        return switch (status) {
            case DAEMON_SERVING -> new TextTable.Cell("serving", Tone.GOOD);
            case DAEMON_STARTING -> new TextTable.Cell("starting", Tone.WARN);
            case DAEMON_DRAINING -> new TextTable.Cell("draining", Tone.WARN);
            default -> new TextTable.Cell("unknown", Tone.BAD);
        };
    }

    static TextTable.Cell pool(PoolMode mode) {
        return switch (mode) {
            case POOL_NORMAL -> new TextTable.Cell("normal", Tone.GOOD);
            case POOL_DEGRADED -> new TextTable.Cell("degraded", Tone.WARN);
            case POOL_FALLBACK_ONLY -> new TextTable.Cell("fallback only", Tone.BAD);
            default -> new TextTable.Cell("unknown", Tone.DIM);
        };
    }

    static TextTable.Cell renderer(RendererState state) {
        return switch (state) {
            case RENDERER_READY -> new TextTable.Cell("ready", Tone.GOOD);
            case RENDERER_STARTING -> new TextTable.Cell("starting", Tone.WARN);
            case RENDERER_DRAINING -> new TextTable.Cell("draining", Tone.WARN);
            case RENDERER_STOPPING -> new TextTable.Cell("stopping", Tone.WARN);
            case RENDERER_BACKOFF -> new TextTable.Cell("backoff", Tone.WARN);
            case RENDERER_DEGRADED -> new TextTable.Cell("degraded", Tone.BAD);
            case RENDERER_STOPPED -> new TextTable.Cell("stopped", Tone.DIM);
            default -> new TextTable.Cell(Units.UNKNOWN, Tone.DIM);
        };
    }

    /** A renderer's last exit in a few words ({@code killed by signal 9}); unknown when it never exited. */
    static String exit(ExitReason exit) {
        return switch (exit.getKind()) {
            case EXIT_EXITED -> "exited " + exit.getCode();
            case EXIT_KILLED_BY_SIGNAL -> "killed by signal " + exit.getCode();
            case EXIT_HANG_KILLED -> "killed: hung";
            case EXIT_RECYCLED -> "recycled";
            case EXIT_FAILED_START -> "failed to start";
            case EXIT_ORPHAN_SELF_EXIT -> "exited: orphaned";
            case EXIT_SHUTDOWN -> "shut down";
            case EXIT_FAILING_RENDERS -> "replaced: failing renders";
            case EXIT_PROTOCOL_VIOLATION -> "replaced: protocol violation";
            default -> Units.UNKNOWN;
        };
    }
}
