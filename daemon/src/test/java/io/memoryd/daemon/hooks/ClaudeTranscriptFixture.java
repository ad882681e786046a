package io.memoryd.daemon.hooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds Claude Code transcripts (JSON Lines) as Claude Code writes them: every message line carries
 * {@code parentUuid}, {@code isSidechain}, {@code userType}, {@code cwd}, {@code sessionId}, {@code version},
 * {@code gitBranch}, {@code type}, {@code message: {role, content}}, {@code uuid} and {@code timestamp};
 * assistant content is an array of blocks, one block per line as Claude Code streams them; a compaction is a
 * {@code system} line with {@code subtype: "compact_boundary"} followed by a {@code user} line with
 * {@code isCompactSummary: true}. Times start at 2026-04-30T10:00:00Z and advance a second per line.
 */
public final class ClaudeTranscriptFixture {

    private final String sessionId;
    private final String cwd;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Instant time = Instant.parse("2026-04-30T10:00:00.000Z");
    private String parent;
    private int ids;

    public ClaudeTranscriptFixture(String sessionId, String cwd) {
        this.sessionId = sessionId;
        this.cwd = cwd;
    }

    /** A user turn with string content. */
    public ClaudeTranscriptFixture user(String text) {
        return line(message("user", new com.google.gson.JsonPrimitive(text), false));
    }

    /** A user turn with block content (text, image, tool_result blocks). */
    public ClaudeTranscriptFixture userBlocks(JsonElement... blocks) {
        return line(message("user", array(blocks), false));
    }

    public ClaudeTranscriptFixture assistantText(String text) {
        return line(message("assistant", array(block("text", "text", text)), false));
    }

    public ClaudeTranscriptFixture thinking(String text) {
        JsonObject b = block("thinking", "thinking", text);
        b.addProperty("signature", "sig");
        return line(message("assistant", array(b), false));
    }

    /** An assistant tool call and the user line with its result (the result's text is never kept). */
    public ClaudeTranscriptFixture tool(String name, JsonObject input, String result, boolean isError) {
        String id = "toolu_" + (++ids);
        JsonObject use = new JsonObject();
        use.addProperty("type", "tool_use");
        use.addProperty("id", id);
        use.addProperty("name", name);
        use.add("input", input);
        line(message("assistant", array(use), false));
        JsonObject res = new JsonObject();
        res.addProperty("type", "tool_result");
        res.addProperty("tool_use_id", id);
        res.addProperty("content", result);
        if (isError) {
            res.addProperty("is_error", true);
        }
        return line(message("user", array(res), false));
    }

    /** A subagent's turn (isSidechain), never kept. */
    public ClaudeTranscriptFixture sidechain(String text) {
        return line(message("user", new com.google.gson.JsonPrimitive(text), true));
    }

    /** A bookkeeping user line (isMeta), never kept. */
    public ClaudeTranscriptFixture meta(String text) {
        JsonObject o = message("user", new com.google.gson.JsonPrimitive(text), false);
        o.addProperty("isMeta", true);
        return line(o);
    }

    public ClaudeTranscriptFixture image() {
        JsonObject source = new JsonObject();
        source.addProperty("type", "base64");
        source.addProperty("media_type", "image/png");
        source.addProperty("data", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                + "AAAABJRU5ErkJggg==");
        JsonObject image = new JsonObject();
        image.addProperty("type", "image");
        image.add("source", source);
        return userBlocks(image, block("text", "text", "What is in this screenshot?"));
    }

    /** A compaction: the boundary line, then the summary line Claude Code flags with isCompactSummary. */
    public ClaudeTranscriptFixture compaction(String summary) {
        JsonObject boundary = base("system");
        boundary.addProperty("subtype", "compact_boundary");
        boundary.addProperty("content", "Conversation compacted");
        boundary.addProperty("level", "info");
        JsonObject meta = new JsonObject();
        meta.addProperty("trigger", "manual");
        meta.addProperty("preTokens", 156_594);
        boundary.add("compactMetadata", meta);
        boundary.add("parentUuid", null);
        boundary.addProperty("logicalParentUuid", parent);
        line(boundary);
        JsonObject s = message("user", new com.google.gson.JsonPrimitive(summary), false);
        s.addProperty("isCompactSummary", true);
        s.addProperty("isVisibleInTranscriptOnly", true);
        return line(s);
    }

    /** A line Claude Code writes that carries no conversation. */
    public ClaudeTranscriptFixture fileHistorySnapshot() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "file-history-snapshot");
        o.addProperty("messageId", UUID.randomUUID().toString());
        o.add("snapshot", new JsonObject());
        o.addProperty("isSnapshotUpdate", false);
        return raw(o.toString());
    }

    /** Any text as one line. */
    public ClaudeTranscriptFixture raw(String line) {
        return rawBytes(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Any bytes as one line (a {@code \n} is added). */
    public ClaudeTranscriptFixture rawBytes(byte[] bytes) {
        out.writeBytes(bytes);
        out.write('\n');
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** Writes the transcript so far to {@code file}, replacing it. */
    public Path writeTo(Path file) {
        try {
            Files.write(file, bytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends what was built since the last write or append to {@code file}, then starts afresh. */
    public Path appendTo(Path file) {
        try {
            Files.write(file, bytes(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            out.reset();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject input(String... keyValues) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.addProperty(keyValues[i], keyValues[i + 1]);
        }
        return o;
    }

    public static JsonObject block(String type, String key, String value) {
        JsonObject b = new JsonObject();
        b.addProperty("type", type);
        b.addProperty(key, value);
        return b;
    }

    private ClaudeTranscriptFixture line(JsonObject o) {
        return raw(o.toString());
    }

    private JsonObject message(String role, JsonElement content, boolean sidechain) {
        JsonObject o = base(role);
        o.addProperty("isSidechain", sidechain);
        o.addProperty("userType", "external");
        JsonObject m = new JsonObject();
        m.addProperty("role", role);
        if (role.equals("assistant")) {
            m.addProperty("id", "msg_" + UUID.randomUUID());
            m.addProperty("model", "claude-opus-4-1");
            m.addProperty("type", "message");
        }
        m.add("content", content);
        o.add("message", m);
        return o;
    }

    private JsonObject base(String type) {
        JsonObject o = new JsonObject();
        String uuid = UUID.randomUUID().toString();
        o.addProperty("parentUuid", parent);
        o.addProperty("cwd", cwd);
        o.addProperty("sessionId", sessionId);
        o.addProperty("version", "2.0.14");
        o.addProperty("gitBranch", "main");
        o.addProperty("type", type);
        o.addProperty("uuid", uuid);
        o.addProperty("timestamp", time.toString());
        time = time.plusSeconds(1);
        parent = uuid;
        return o;
    }

    private static JsonArray array(JsonElement... items) {
        JsonArray a = new JsonArray();
        for (JsonElement e : items) {
            a.add(e);
        }
        return a;
    }
}
