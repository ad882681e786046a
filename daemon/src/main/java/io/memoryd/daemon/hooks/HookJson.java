package io.memoryd.daemon.hooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Strict JSON parsing and field checks shared by the hook input parsers and the transcript readers. Strict
 * means RFC 8259 and nothing after the value: Gson's default leniency would take {@code {a:1}} or
 * {@code 'x'} as JSON.
 */
public final class HookJson {

    /** Longest session id a hook may give; segment suffixes ({@code #12}) still fit the API's 256. */
    public static final int SESSION_ID_CHARS = 200;
    public static final int PATH_CHARS = 4096;
    public static final int HARNESS_CHARS = 64;

    private HookJson() {
    }

    /**
     * Parses one JSON value strictly.
     *
     * @throws JsonParseException when the text is not exactly one JSON value
     */
    public static JsonElement parseStrict(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            // Gson reports syntax errors as JsonParseException, I/O on a StringReader cannot happen, and deep
            // nesting overflows as a JsonParseException too; all mean "not one strict JSON value".
            throw e instanceof JsonParseException p ? p : new JsonParseException(e.getMessage(), e);
        }
    }

    /** The hook input as an object, or a {@link HookInputException} saying what it is instead. */
    public static JsonObject object(String json) throws HookInputException {
        if (json == null || json.isBlank()) {
            throw new HookInputException("hook input is empty; expected a JSON object");
        }
        JsonElement value;
        try {
            value = parseStrict(json);
        } catch (JsonParseException e) {
            throw new HookInputException("hook input is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!value.isJsonObject()) {
            throw new HookInputException("hook input must be a JSON object, got " + kind(value));
        }
        return value.getAsJsonObject();
    }

    /** A string field, or null when absent or JSON null; refused when of another type or longer than {@code max}. */
    public static String optionalString(JsonObject o, String field, int max) throws HookInputException {
        JsonElement v = o.get(field);
        if (v == null || v.isJsonNull()) {
            return null;
        }
        if (!(v instanceof JsonPrimitive p) || !p.isString()) {
            throw new HookInputException(field + " must be a string, got " + kind(v));
        }
        String s = p.getAsString();
        if (s.length() > max) {
            throw new HookInputException(field + " must be at most " + max + " characters, got " + s.length());
        }
        return s;
    }

    /**
     * The session id: a non-blank string of at most {@link #SESSION_ID_CHARS} characters, trimmed, without
     * control characters and without {@code #}, which memoryd uses for segment suffixes (docs/format.md §5.7).
     */
    public static String sessionId(JsonObject o) throws HookInputException {
        String raw = optionalString(o, "session_id", Integer.MAX_VALUE);
        if (raw == null || raw.isBlank()) {
            throw new HookInputException("session_id is required");
        }
        String id = raw.strip();
        if (id.length() > SESSION_ID_CHARS) {
            throw new HookInputException("session_id must be at most " + SESSION_ID_CHARS + " characters, got "
                    + id.length());
        }
        if (id.indexOf('#') >= 0) {
            throw new HookInputException("session_id must not contain '#' (memoryd marks session segments with it)");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new HookInputException("session_id must not contain control characters");
        }
        return id;
    }

    /** An absolute path field, or null when absent or empty. */
    public static Path optionalAbsolutePath(JsonObject o, String field) throws HookInputException {
        String raw = optionalString(o, field, PATH_CHARS);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        Path p;
        try {
            p = Path.of(raw);
        } catch (InvalidPathException e) {
            throw new HookInputException(field + " is not a valid path: " + e.getReason());
        }
        if (!p.isAbsolute()) {
            throw new HookInputException(field + " must be an absolute path, got \"" + raw + "\"");
        }
        return p;
    }

    /** What a JSON value is, for messages: {@code a number}, {@code an array}, … */
    public static String kind(JsonElement v) {
        if (v == null || v.isJsonNull()) {
            return "null";
        }
        if (v.isJsonObject()) {
            return "an object";
        }
        if (v.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        return p.isBoolean() ? "a boolean" : p.isNumber() ? "a number" : "a string";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
