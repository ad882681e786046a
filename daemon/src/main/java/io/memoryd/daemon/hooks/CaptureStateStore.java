package io.memoryd.daemon.hooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.workspace.AgentId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-session capture state files, {@code .memoryd/hooks/sessions/<token>.json} where the token is the
 * session's (docs/format.md §2.3): small JSON written atomically (temp file, rename), created 0600 in 0700
 * directories. A state file that does not parse, or names another session, is reported and treated as
 * absent. Callers serialize access per session; the store itself keeps no state.
 */
final class CaptureStateStore {

    private static final Logger log = LoggerFactory.getLogger(CaptureStateStore.class);
    private static final int VERSION = 1;

    private final Path dir;
    private final AtomicFileWriter files;

    CaptureStateStore(Path dir, AtomicFileWriter files) {
        this.dir = dir;
        this.files = files;
    }

    Path file(AgentId agent, String sessionId) {
        return dir.resolve(SessionToken.of(agent.value(), sessionId) + ".json");
    }

    CaptureState load(AgentId agent, String sessionId) {
        Path file = file(agent, sessionId);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return CaptureState.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read capture state " + file, e);
        }
        try {
            JsonObject o = HookJson.parseStrict(text).getAsJsonObject();
            if (!agent.value().equals(o.get("agent_id").getAsString())
                    || !sessionId.equals(o.get("session_id").getAsString())) {
                throw new IllegalStateException("it names another session");
            }
            JsonElement first = o.get("first_line_sha256");
            return new CaptureState(o.get("segments").getAsInt(), o.get("offset").getAsLong(),
                    first == null || first.isJsonNull() ? null : first.getAsString());
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | ClassCastException e) {
            log.warn("Capture state {} of session {} is unusable ({}); capturing as if the session were new", file,
                    sessionId, e.toString());
            return CaptureState.NONE;
        }
    }

    void save(AgentId agent, String sessionId, CaptureState state) {
        JsonObject o = new JsonObject();
        o.addProperty("version", VERSION);
        o.addProperty("agent_id", agent.value());
        o.addProperty("session_id", sessionId);
        o.addProperty("segments", state.segments());
        o.addProperty("offset", state.offset());
        o.addProperty("first_line_sha256", state.firstLineSha256());
        files.write(file(agent, sessionId), o + "\n");
    }
}
