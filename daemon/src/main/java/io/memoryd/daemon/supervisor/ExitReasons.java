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

    /** The last {@code n} lines of a stderr tail: enough for the status view, the log gets all of it. */
    static String lastLines(String text, int n) {
        String[] lines = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }
}
