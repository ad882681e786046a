package io.memoryd.daemon.hooks.claude;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.memoryd.daemon.hooks.TranscriptSink;

/**
 * A Claude Code tool call made short: the one input that says what the call did (the command of
 * {@code Bash}, the file of {@code Edit}, the pattern of {@code Grep}, …), else the input's JSON, cut to
 * {@value #MAX_CHARS} characters on one line. Also reports the files and commands the summary lists.
 */
final class ClaudeToolInput {

    static final int MAX_CHARS = 200;
    private static final java.util.regex.Pattern LINE_BREAK = java.util.regex.Pattern.compile("\\s*\\R\\s*");

    private ClaudeToolInput() {
    }

    /** {@code Bash(git status)}; the tool's files and commands go to {@code sink}. */
    static String describe(String name, JsonElement inputElement, TranscriptSink sink) {
        JsonObject input = inputElement != null && inputElement.isJsonObject() ? inputElement.getAsJsonObject()
                : new JsonObject();
        String shown = switch (name) {
            case "Bash" -> {
                String command = string(input, "command");
                if (command != null) {
                    sink.commandRun(command);
                }
                yield command;
            }
            case "Edit", "MultiEdit", "Write" -> changed(string(input, "file_path"), sink);
            case "NotebookEdit" -> changed(string(input, "notebook_path"), sink);
            case "Read" -> {
                String file = string(input, "file_path");
                if (file != null) {
                    sink.fileRead(file);
                }
                yield file;
            }
            case "Glob", "Grep" -> {
                String pattern = string(input, "pattern");
                String path = string(input, "path");
                yield pattern == null ? path : path == null ? pattern : pattern + " in " + path;
            }
            case "WebFetch" -> string(input, "url");
            case "WebSearch" -> string(input, "query");
            case "Task", "Agent" -> string(input, "description");
            case "TodoWrite" -> input.has("todos") && input.get("todos").isJsonArray()
                    ? input.getAsJsonArray("todos").size() + " todos" : null;
            default -> null;
        };
        if (shown == null) {
            shown = input.size() == 0 ? "" : input.toString();
        }
        return name + "(" + oneLine(shown) + ")";
    }

    private static String changed(String file, TranscriptSink sink) {
        if (file != null) {
            sink.fileChanged(file);
        }
        return file;
    }

    private static String string(JsonObject o, String field) {
        JsonElement v = o.get(field);
        return v instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }

    private static String oneLine(String s) {
        String flat = LINE_BREAK.matcher(s.strip()).replaceAll(" ⏎ ");
        if (flat.length() <= MAX_CHARS) {
            return flat;
        }
        int end = MAX_CHARS - 1;
        if (Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        return flat.substring(0, end) + "…";
    }
}
