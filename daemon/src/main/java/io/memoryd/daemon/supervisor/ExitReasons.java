package io.memoryd.daemon.supervisor;

import io.memoryd.memory.text.IsoTime;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import java.time.Instant;
import java.util.Arrays;

/** Builds the typed exit reasons the pool reports for each renderer. */
final class ExitReasons {

    private ExitReasons() {
    }

    /** An exit of {@code kind} happening now; {@code detail} is a stderr tail or the recycle reason. */
    static ExitReason of(ExitKind kind, int code, String detail) {
        return ExitReason.newBuilder().setKind(kind).setCode(code).setDetail(detail == null ? "" : detail)
                .setAt(IsoTime.format(Instant.now())).build();
    }

    /**
     * How a process ended: as the supervisor meant it ({@code intended}, with its reason), else by its exit
     * status ({@code code}, 128+n for signal n). The detail is the reason, then the last lines of its stderr.
     */
    static ExitReason ofExit(ExitKind intended, String intendedDetail, int code, String stderrTail) {
        ExitKind kind = intended != null ? intended
                : code > 128 ? ExitKind.EXIT_KILLED_BY_SIGNAL : ExitKind.EXIT_EXITED;
        int reported = kind == ExitKind.EXIT_KILLED_BY_SIGNAL ? code - 128 : code;
        if (kind == ExitKind.EXIT_SHUTDOWN) {
            return of(kind, reported, "");
        }
        String tail = lastLines(stderrTail, 5);
        String detail = intendedDetail == null ? tail : tail.isBlank() ? intendedDetail : intendedDetail + "\n" + tail;
        return of(kind, reported, detail);
    }

    /** The last {@code n} lines of a stderr tail: enough for the status view, the log gets all of it. */
    static String lastLines(String text, int n) {
        String[] lines = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }
}
