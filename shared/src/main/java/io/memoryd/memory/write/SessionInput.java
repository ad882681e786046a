package io.memoryd.memory.write;

import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a hook knows about a session when it hands in an artifact: identity, context, times and the text
 * (summary, transcript or compaction; empty for a bare manifest).
 */
public record SessionInput(AgentId agent, String sessionId, String sessionKey, String project, String harness,
        String capturedAt, String startedAt, String endedAt, String text) {

    public SessionInput {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(capturedAt, "capturedAt");
        text = text == null ? "" : text;
    }

    /**
     * A copy whose times are canonical ({@code yyyy-MM-ddTHH:mm:ss.SSSZ}, what file names and front matter
     * are made of): every shape docs/format.md §9.1 accepts is turned into the instant it means, a time without a
     * zone being {@code localZone} time. Canonical times are kept as they are; absent optional times stay
     * absent.
     *
     * @throws InvalidTimeException naming the field whose text is not a time
     */
    public SessionInput withCanonicalTimes(ZoneId localZone) {
        return new SessionInput(agent, sessionId, sessionKey, project, harness,
                canonical("captured_at", capturedAt, localZone), optionalCanonical("started_at", startedAt, localZone),
                optionalCanonical("ended_at", endedAt, localZone), text);
    }

    private static String canonical(String field, String value, ZoneId localZone) {
        return IsoTime.canonical(value, localZone).orElseThrow(() -> new InvalidTimeException(field, value));
    }

    private static String optionalCanonical(String field, String value, ZoneId localZone) {
        return value == null ? null : canonical(field, value, localZone);
    }

    /** A copy carrying other text. */
    public SessionInput withText(String newText) {
        return new SessionInput(agent, sessionId, sessionKey, project, harness, capturedAt, startedAt, endedAt, newText);
    }
}
