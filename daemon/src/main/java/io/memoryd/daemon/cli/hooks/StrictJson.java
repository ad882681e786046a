package io.memoryd.daemon.cli.hooks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * JSON read the way Claude Code's settings must be (RFC 8259, nothing lenient) and written back without
 * losing anything: Gson's own parse is lenient (comments, unquoted names, single quotes) and keeps only the
 * last of two equal keys, and its printer drops {@code null} members unless told not to. Here a duplicate
 * key is refused (rewriting would silently lose one value), members keep their order, numbers keep their
 * text ({@code 1.0e3} stays), and the output is 2-space indented with a trailing newline, HTML characters
 * unescaped. Stateless; thread-safe.
 */
final class StrictJson {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();

    private StrictJson() {
    }

    /**
     * The value {@code text} holds.
     *
     * @throws IllegalArgumentException whose message says what is wrong and where ("malformed JSON at line 3
     *     column 5 path $.hooks", "key "a" appears twice in one object at $.a")
     */
    static JsonElement parse(String text) {
        try {
            refuseDuplicateKeys(reader(text));
            JsonReader reader = reader(text);
            JsonElement value = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("more than one value at " + reader.getPath());
            }
            return value;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(readable(e), e);
        }
    }

    /** {@code value} as 2-space indented JSON with a trailing newline. */
    static String print(JsonElement value) {
        return GSON.toJson(value) + "\n";
    }

    private static JsonReader reader(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    /** Walks every token (which also checks the syntax), remembering the keys of each open object. */
    private static void refuseDuplicateKeys(JsonReader reader) throws IOException {
        Deque<Set<String>> open = new ArrayDeque<>();
        while (true) {
            switch (reader.peek()) {
                case BEGIN_OBJECT -> {
                    reader.beginObject();
                    open.push(new HashSet<>());
                }
                case END_OBJECT -> {
                    reader.endObject();
                    open.pop();
                }
                case BEGIN_ARRAY -> reader.beginArray();
                case END_ARRAY -> reader.endArray();
                case NAME -> {
                    String name = reader.nextName();
                    if (!open.element().add(name)) {
                        throw new IllegalArgumentException("key \"" + name + "\" appears twice in one object at "
                                + reader.getPath());
                    }
                }
                case END_DOCUMENT -> {
                    return;
                }
                default -> reader.skipValue();
            }
        }
    }

    /** Gson's message without its advice to parse leniently (which is what must not happen here). */
    private static String readable(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                "malformed JSON");
    }
}
