package io.memoryd.daemon.hooks.claude;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one Claude Code transcript line that normalisation uses, read with a streaming parser that
 * skips everything else without building it: tool output, thinking text, usage, signatures and image data
 * are most of a transcript's bytes, and skipping them is several times faster than building a tree.
 * Parsing is strict (RFC 8259, one value per line).
 *
 * @param content the message's content when it is a string, else null
 * @param blocks the message's content blocks when it is an array, else empty
 */
record ClaudeLine(String type, String subtype, boolean sidechain, boolean meta, boolean compactSummary,
        String timestamp, boolean hasMessage, String content, List<Block> blocks) {

    /**
     * One content block. {@code text} is a text block's text; {@code name} and {@code input} a tool call's;
     * {@code error} a tool result's {@code is_error}, and {@code errorText} its content's text when it is an
     * error (null when the content came before {@code is_error} and was skipped: {@link #read} then reads the
     * line again as a tree).
     */
    record Block(String type, String text, String name, JsonElement input, boolean error, String errorText) {
    }

    /**
     * Reads a line.
     *
     * @throws JsonParseException when the line is not exactly one JSON object
     */
    static ClaudeLine read(String line) {
        try {
            JsonReader r = new JsonReader(new StringReader(line));
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new JsonParseException("not a JSON object");
            }
            ClaudeLine parsed = readLine(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
            return parsed.blocks.stream().anyMatch(b -> b.error && b.errorText == null) ? withErrorTexts(parsed, line)
                    : parsed;
        } catch (IOException | RuntimeException e) {
            throw e instanceof JsonParseException p ? p : new JsonParseException(e.getMessage(), e);
        }
    }

    private static ClaudeLine readLine(JsonReader r) throws IOException {
        String type = null;
        String subtype = null;
        String timestamp = null;
        boolean sidechain = false;
        boolean meta = false;
        boolean compactSummary = false;
        boolean hasMessage = false;
        String content = null;
        List<Block> blocks = List.of();
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName()) {
                case "type" -> type = string(r);
                case "subtype" -> subtype = string(r);
                case "timestamp" -> timestamp = string(r);
                case "isSidechain" -> sidechain = bool(r);
                case "isMeta" -> meta = bool(r);
                case "isCompactSummary" -> compactSummary = bool(r);
                case "message" -> {
                    if (r.peek() != JsonToken.BEGIN_OBJECT) {
                        r.skipValue();
                        break;
                    }
                    hasMessage = true;
                    r.beginObject();
                    while (r.hasNext()) {
                        if (!r.nextName().equals("content")) {
                            r.skipValue();
                        } else if (r.peek() == JsonToken.STRING) {
                            content = r.nextString();
                        } else if (r.peek() == JsonToken.BEGIN_ARRAY) {
                            blocks = blocks(r);
                        } else {
                            r.skipValue();
                        }
                    }
                    r.endObject();
                }
                default -> r.skipValue();
            }
        }
        r.endObject();
        return new ClaudeLine(type, subtype, sidechain, meta, compactSummary, timestamp, hasMessage, content, blocks);
    }

    private static List<Block> blocks(JsonReader r) throws IOException {
        List<Block> out = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                r.skipValue();
                continue;
            }
            String type = null;
            String text = null;
            String name = null;
            JsonElement input = null;
            boolean error = false;
            String errorText = null;
            r.beginObject();
            while (r.hasNext()) {
                switch (r.nextName()) {
                    case "type" -> type = string(r);
                    case "text" -> text = string(r);
                    case "name" -> name = string(r);
                    case "input" -> input = JsonParser.parseReader(r);
                    case "is_error" -> error = bool(r);
                    // A result's content is read only when it is known to be an error; usually it is skipped.
                    case "content" -> {
                        if (error) {
                            errorText = ClaudeTranscriptFormat.joinedText(JsonParser.parseReader(r));
                        } else {
                            r.skipValue();
                        }
                    }
                    default -> r.skipValue();
                }
            }
            r.endObject();
            out.add(new Block(type, text, name, input, error, errorText));
        }
        r.endArray();
        return out;
    }

    /** The line again as a tree, for the rare error result whose content preceded its {@code is_error}. */
    private static ClaudeLine withErrorTexts(ClaudeLine parsed, String line) {
        List<JsonElement> objects = new ArrayList<>();
        JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("message").getAsJsonArray("content")
                .forEach(e -> {
                    if (e.isJsonObject()) {
                        objects.add(e);
                    }
                });
        List<Block> blocks = new ArrayList<>(parsed.blocks.size());
        for (int i = 0; i < parsed.blocks.size(); i++) {
            Block b = parsed.blocks.get(i);
            blocks.add(!b.error || b.errorText != null ? b : new Block(b.type, b.text, b.name, b.input, true,
                    ClaudeTranscriptFormat.joinedText(objects.get(i).getAsJsonObject().get("content"))));
        }
        return new ClaudeLine(parsed.type, parsed.subtype, parsed.sidechain, parsed.meta, parsed.compactSummary,
                parsed.timestamp, parsed.hasMessage, parsed.content, blocks);
    }

    private static String string(JsonReader r) throws IOException {
        if (r.peek() == JsonToken.STRING) {
            return r.nextString();
        }
        r.skipValue();
        return null;
    }

    private static boolean bool(JsonReader r) throws IOException {
        if (r.peek() == JsonToken.BOOLEAN) {
            return r.nextBoolean();
        }
        r.skipValue();
        return false;
    }
}
