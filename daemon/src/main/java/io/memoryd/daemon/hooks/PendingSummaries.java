package io.memoryd.daemon.hooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summaries handed to the summarizer command and not written yet, kept on disk with their extractive
 * fallback ({@code .memoryd/hooks/pending/<token>.json}) so that a daemon that dies before the command
 * answers still leaves every segment a summary: the next start writes the fallback
 * ({@link SessionCapture#recoverPendingSummaries()}). Files are 0600, written atomically. Stateless.
 */
final class PendingSummaries {

    private static final Logger log = LoggerFactory.getLogger(PendingSummaries.class);

    private final Path dir;
    private final AtomicFileWriter files;

    PendingSummaries(Path dir, AtomicFileWriter files) {
        this.dir = dir;
        this.files = files;
    }

    /** Records that {@code fallback}'s session waits for its summary. */
    void save(SessionInput fallback) {
        JsonObject o = new JsonObject();
        o.addProperty("agent_id", fallback.agent().value());
        o.addProperty("session_id", fallback.sessionId());
        o.addProperty("session_key", fallback.sessionKey());
        o.addProperty("project", fallback.project());
        o.addProperty("harness", fallback.harness());
        o.addProperty("captured_at", fallback.capturedAt());
        o.addProperty("started_at", fallback.startedAt());
        o.addProperty("ended_at", fallback.endedAt());
        o.addProperty("text", fallback.text());
        files.write(file(fallback), o + "\n");
    }

    void delete(SessionInput input) {
        try {
            Files.deleteIfExists(file(input));
        } catch (IOException e) {
            log.warn("Cannot remove pending summary {}: {}", file(input), e.toString());
        }
    }

    /** Every pending summary, as the fallback input to write; unusable files are reported and removed. */
    List<SessionInput> list() {
        List<SessionInput> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : entries) {
                try {
                    out.add(parse(Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException | RuntimeException e) {
                    log.warn("Pending summary {} is unusable ({}); removing it", f, e.toString());
                    Files.deleteIfExists(f);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list pending summaries in " + dir, e);
        }
        return out;
    }

    private Path file(SessionInput input) {
        return dir.resolve(SessionToken.of(input.agent().value(), input.sessionId()) + ".json");
    }

    private static SessionInput parse(String text) {
        JsonObject o = HookJson.parseStrict(text).getAsJsonObject();
        return new SessionInput(new AgentId(string(o, "agent_id")), string(o, "session_id"), string(o, "session_key"),
                string(o, "project"), string(o, "harness"), string(o, "captured_at"), string(o, "started_at"),
                string(o, "ended_at"), string(o, "text"));
    }

    private static String string(JsonObject o, String field) {
        JsonElement v = o.get(field);
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }
}
