package io.memoryd.daemon.hooks.claude;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import io.memoryd.daemon.hooks.TranscriptFormat;
import io.memoryd.daemon.hooks.TranscriptSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Claude Code's transcript, JSON Lines (docs/format.md §5.7 has the rules in one table). Kept: the user's
 * text ({@code User: …}), the assistant's text ({@code Assistant: …}), tool calls with a short input
 * ({@code Tool: Bash(git status)}), tool errors' first line, {@code [image]} for images. Left out: thinking
 * blocks, tool results, subagent turns ({@code isSidechain}), bookkeeping lines ({@code isMeta}, local
 * command output) and every line type but {@code user}, {@code assistant} and the compaction boundary.
 *
 * <p>A compaction writes a {@code system} line with {@code subtype: "compact_boundary"} (with
 * {@code compactMetadata: {trigger, preTokens}}) and then a {@code user} line with
 * {@code isCompactSummary: true} whose content is the summary ("This session is being continued from a
 * previous conversation …"). The summary line is the marker; a user line right after a boundary starting
 * with that sentence counts too, for versions that did not flag it.
 */
public final class ClaudeTranscriptFormat implements TranscriptFormat {

    public static final ClaudeTranscriptFormat INSTANCE = new ClaudeTranscriptFormat();

    static final String COMPACT_BOUNDARY = "compact_boundary";
    static final String CONTINUATION = "This session is being continued from a previous conversation";
    private static final int TOOL_ERROR_CHARS = 200;

    private ClaudeTranscriptFormat() {
    }

    @Override
    public LineParser newParser() {
        return new Parser();
    }

    @Override
    public String name() {
        return "a JSON object";
    }

    /** Keeps whether the previous line was a compaction boundary and whether a turn was written yet. */
    private static final class Parser implements LineParser {

        private boolean afterBoundary;
        private boolean anyTurn;

        @Override
        public Verdict accept(String text, TranscriptSink sink) {
            if (text.isBlank()) {
                return Verdict.IGNORED;
            }
            ClaudeLine line;
            try {
                line = ClaudeLine.read(text);
            } catch (JsonParseException e) {
                return Verdict.MALFORMED;
            }
            boolean boundary = afterBoundary;
            afterBoundary = false;
            if (line.sidechain()) {
                return Verdict.IGNORED;
            }
            if ("system".equals(line.type()) && COMPACT_BOUNDARY.equals(line.subtype())) {
                afterBoundary = true;
                sink.text("[context compacted]");
                return Verdict.USED;
            }
            if (!line.hasMessage() || !("user".equals(line.type()) || "assistant".equals(line.type()))) {
                return Verdict.IGNORED;
            }
            if (line.timestamp() != null) {
                sink.timestamp(line.timestamp());
            }
            return "user".equals(line.type()) ? user(line, boundary, sink) : assistant(line, sink);
        }

        private Verdict user(ClaudeLine line, boolean boundary, TranscriptSink sink) {
            String text = text(line);
            if (line.compactSummary() || (boundary && text.strip().startsWith(CONTINUATION))) {
                sink.compaction(text.strip());
                return Verdict.USED;
            }
            if (line.meta()) {
                return Verdict.IGNORED;
            }
            boolean used = false;
            for (ClaudeLine.Block b : line.blocks()) {
                if ("image".equals(b.type()) || "document".equals(b.type())) {
                    turn(sink, "User: [" + b.type() + "]");
                    used = true;
                } else if ("tool_result".equals(b.type()) && b.error()) {
                    String error = b.errorText() == null ? "" : b.errorText().strip();
                    int nl = error.indexOf('\n');
                    String first = nl < 0 ? error : error.substring(0, nl);
                    sink.text("Tool error: " + (first.length() <= TOOL_ERROR_CHARS ? first
                            : first.substring(0, TOOL_ERROR_CHARS - 1) + "…"));
                    used = true;
                }
            }
            return userText(text.strip(), sink) || used ? Verdict.USED : Verdict.IGNORED;
        }

        /** A user turn's text: a request, a slash command, an interruption, or local command output (dropped). */
        private boolean userText(String text, TranscriptSink sink) {
            if (text.isEmpty() || text.startsWith("<local-command-stdout>") || text.startsWith("<local-command-stderr>")
                    || text.startsWith("<local-command-caveat>")) {
                return false;
            }
            String command = between(text, "<command-name>", "</command-name>");
            if (command != null) {
                String args = between(text, "<command-args>", "</command-args>");
                turn(sink, "User: " + command + (args == null || args.isBlank() ? "" : " " + args.strip()));
                return true;
            }
            turn(sink, "User: " + text);
            if (!text.startsWith("[Request interrupted")) {
                sink.request(text);
            }
            return true;
        }

        private Verdict assistant(ClaudeLine line, TranscriptSink sink) {
            if (line.content() != null) {
                return assistantText(line.content(), sink) ? Verdict.USED : Verdict.IGNORED;
            }
            boolean used = false;
            for (ClaudeLine.Block b : line.blocks()) {
                if ("text".equals(b.type())) {
                    used |= assistantText(b.text(), sink);
                } else if ("tool_use".equals(b.type())) {
                    sink.toolCall();
                    String name = b.name() == null ? "tool" : b.name();
                    sink.text("Tool: " + ClaudeToolInput.describe(name, b.input(), sink));
                    used = true;
                }
                // thinking and redacted_thinking blocks are private reasoning: never kept
            }
            return used ? Verdict.USED : Verdict.IGNORED;
        }

        private boolean assistantText(String text, TranscriptSink sink) {
            if (text == null || text.isBlank()) {
                return false;
            }
            sink.text("Assistant: " + text.strip());
            sink.answer(text);
            return true;
        }

        /** A user entry, after an empty line when a turn came before, so turns read as paragraphs. */
        private void turn(TranscriptSink sink, String entry) {
            if (anyTurn) {
                sink.text("");
            }
            anyTurn = true;
            sink.text(entry);
        }

        /** The string content, or the text blocks' text one per line. */
        private static String text(ClaudeLine line) {
            if (line.content() != null) {
                return line.content();
            }
            List<String> parts = new ArrayList<>();
            for (ClaudeLine.Block b : line.blocks()) {
                if ("text".equals(b.type()) && b.text() != null) {
                    parts.add(b.text());
                }
            }
            return String.join("\n", parts);
        }
    }

    /** A content value's text: the string itself, or the text of its {@code text} blocks, one per line. */
    static String joinedText(JsonElement content) {
        if (content instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        List<String> parts = new ArrayList<>();
        if (content instanceof JsonArray blocks) {
            for (JsonElement b : blocks) {
                if (b instanceof JsonObject block && "text".equals(string(block, "type"))) {
                    String t = string(block, "text");
                    if (t != null) {
                        parts.add(t);
                    }
                }
            }
        }
        return String.join("\n", parts);
    }

    private static String between(String text, String open, String close) {
        int a = text.indexOf(open);
        if (a < 0) {
            return null;
        }
        int b = text.indexOf(close, a + open.length());
        return b < 0 ? null : text.substring(a + open.length(), b).strip();
    }

    private static String string(JsonObject o, String field) {
        JsonElement v = o.get(field);
        return v instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }
}
