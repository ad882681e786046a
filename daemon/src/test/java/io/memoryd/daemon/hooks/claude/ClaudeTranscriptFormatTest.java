package io.memoryd.daemon.hooks.claude;

import static io.memoryd.daemon.hooks.ClaudeTranscriptFixture.block;
import static io.memoryd.daemon.hooks.ClaudeTranscriptFixture.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.memoryd.daemon.hooks.ClaudeTranscriptFixture;
import io.memoryd.daemon.hooks.RecordingSink;
import io.memoryd.daemon.hooks.TranscriptFormat;
import io.memoryd.daemon.hooks.TranscriptFormat.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The normalisation rules for Claude Code transcripts, line by line (docs/format.md §5.7). */
class ClaudeTranscriptFormatTest {

    private final RecordingSink sink = new RecordingSink();

    /** Feeds every line of the fixture to one parser; returns the verdicts. */
    private List<Verdict> feed(ClaudeTranscriptFixture fixture) {
        TranscriptFormat.LineParser parser = ClaudeTranscriptFormat.INSTANCE.newParser();
        List<Verdict> verdicts = new ArrayList<>();
        for (String line : new String(fixture.bytes(), StandardCharsets.UTF_8).split("\n")) {
            verdicts.add(parser.accept(line, sink));
        }
        return verdicts;
    }

    @Test
    void userAndAssistantTextIsKeptAsTurns() {
        feed(new ClaudeTranscriptFixture("s", "/p").user("Fix the flaky retry test").assistantText("Looking at it.")
                .user("Also add a regression case").assistantText("Done."));
        assertEquals("""
                User: Fix the flaky retry test
                Assistant: Looking at it.

                User: Also add a regression case
                Assistant: Done.""", sink.joined());
        assertEquals(List.of("Fix the flaky retry test", "Also add a regression case"), sink.requests);
        assertEquals(List.of("Looking at it.", "Done."), sink.answers);
    }

    @Test
    void toolCallsShowTheirNameAndShortInputButNeverTheirResult() {
        feed(new ClaudeTranscriptFixture("s", "/p")
                .tool("Bash", input("command", "git status\ngit diff", "description", "status"),
                        "On branch main\n".repeat(500), false)
                .tool("Read", input("file_path", "/p/src/Retry.java"), "class Retry {}".repeat(1000), false)
                .tool("Edit", input("file_path", "/p/src/Retry.java", "old_string", "a", "new_string", "b"), "ok",
                        false)
                .tool("Grep", input("pattern", "retry", "path", "/p/src"), "many matches", false)
                .tool("WebFetch", input("url", "https://example.com/doc", "prompt", "x"), "page", false)
                .tool("mcp__db__query", input("sql", "select 1"), "1", false));
        assertEquals("""
                Tool: Bash(git status ⏎ git diff)
                Tool: Read(/p/src/Retry.java)
                Tool: Edit(/p/src/Retry.java)
                Tool: Grep(retry in /p/src)
                Tool: WebFetch(https://example.com/doc)
                Tool: mcp__db__query({"sql":"select 1"})""", sink.joined());
        assertEquals(6, sink.toolCalls);
        assertEquals(List.of("git status\ngit diff"), sink.commands);
        assertEquals(List.of("/p/src/Retry.java"), sink.filesChanged);
        assertEquals(List.of("/p/src/Retry.java"), sink.filesRead);
        assertFalse(sink.joined().contains("On branch main"));
    }

    @Test
    void longToolInputIsCutToOneShortLine() {
        feed(new ClaudeTranscriptFixture("s", "/p").tool("Write",
                input("file_path", "/p/" + "d/".repeat(150) + "f.txt", "content", "x"), "ok", false));
        String line = sink.text.get(0);
        assertTrue(line.startsWith("Tool: Write(/p/d/d/"), line);
        assertEquals("Tool: Write(".length() + 200 + 1, line.length(), line);
        assertTrue(line.endsWith("…)"), line);
    }

    @Test
    void toolErrorsKeepTheirFirstLineOnly() {
        feed(new ClaudeTranscriptFixture("s", "/p").tool("Bash", input("command", "make"),
                "make: *** No rule\nmore\nlines", true));
        assertEquals(List.of("Tool: Bash(make)", "Tool error: make: *** No rule"), sink.text);
    }

    @Test
    void toolErrorTextIsFoundWhereverIsErrorStandsInTheBlock() {
        TranscriptFormat.LineParser parser = ClaudeTranscriptFormat.INSTANCE.newParser();
        parser.accept("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"first failure\\nstack\"}]}]}}", sink);
        parser.accept("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
                + "\"ok\"},{\"type\":\"tool_result\",\"content\":\"second failure\",\"is_error\":true}]}}", sink);
        assertEquals(List.of("Tool error: first failure", "Tool error: second failure", "User: ok"), sink.text);
    }

    @Test
    void thinkingSidechainMetaAndMetadataLinesAreLeftOut() {
        List<Verdict> verdicts = feed(new ClaudeTranscriptFixture("s", "/p").thinking("secret reasoning").raw("")
                .sidechain("subagent chatter").meta("<local-command-caveat>Caveat</local-command-caveat>")
                .fileHistorySnapshot().raw("{\"type\":\"summary\",\"summary\":\"Title\",\"leafUuid\":\"u\"}"));
        assertEquals(List.of(Verdict.IGNORED, Verdict.IGNORED, Verdict.IGNORED, Verdict.IGNORED, Verdict.IGNORED,
                Verdict.IGNORED), verdicts);
        assertEquals(List.of(), sink.text);
    }

    @Test
    void imagesBecomeAPlaceholderAndTheirTextIsARequest() {
        feed(new ClaudeTranscriptFixture("s", "/p").image());
        assertEquals("User: [image]\n\nUser: What is in this screenshot?", sink.joined());
        assertFalse(sink.joined().contains("iVBOR"));
        assertEquals(List.of("What is in this screenshot?"), sink.requests);
    }

    @Test
    void slashCommandsAndInterruptionsAreShownButAreNotRequests() {
        feed(new ClaudeTranscriptFixture("s", "/p")
                .user("<command-name>/review</command-name>\n<command-message>review</command-message>\n"
                        + "<command-args>PR 12</command-args>")
                .user("<local-command-stdout>Compacted</local-command-stdout>")
                .userBlocks(block("text", "text", "[Request interrupted by user]")));
        assertEquals("User: /review PR 12\n\nUser: [Request interrupted by user]", sink.joined());
        assertEquals(List.of(), sink.requests);
    }

    @Test
    void aCompactSummaryLineIsReportedAsACompactionAfterABoundaryNote() {
        String summary = "This session is being continued from a previous conversation that ran out of context."
                + " Summary: …";
        List<Verdict> verdicts = feed(new ClaudeTranscriptFixture("s", "/p").user("Start").compaction(summary));
        assertEquals(List.of(Verdict.USED, Verdict.USED, Verdict.USED), verdicts);
        assertEquals(List.of(summary), sink.compactions);
        assertEquals("User: Start\n[context compacted]", sink.joined());
        assertEquals(List.of("Start"), sink.requests);
    }

    @Test
    void anUnflaggedContinuationRightAfterABoundaryIsACompactionToo() {
        JsonObject boundary = new JsonObject();
        boundary.addProperty("type", "system");
        boundary.addProperty("subtype", "compact_boundary");
        feed(new ClaudeTranscriptFixture("s", "/p").raw(boundary.toString())
                .user("This session is being continued from a previous conversation. Older summary."));
        assertEquals(List.of("This session is being continued from a previous conversation. Older summary."),
                sink.compactions);
        assertEquals(List.of(), sink.requests);
    }

    @Test
    void linesThatAreNotJsonObjectsAreMalformed() {
        TranscriptFormat.LineParser parser = ClaudeTranscriptFormat.INSTANCE.newParser();
        assertEquals(Verdict.MALFORMED, parser.accept("{\"type\":\"user\"", sink));
        assertEquals(Verdict.MALFORMED, parser.accept("[1,2,3]", sink));
        assertEquals(Verdict.MALFORMED, parser.accept("{type:'user'}", sink));
        assertEquals(Verdict.IGNORED, parser.accept("{\"type\":\"user\",\"message\":7}", sink));
    }

    @Test
    void lineTimesAreReported() {
        feed(new ClaudeTranscriptFixture("s", "/p").user("a").assistantText("b"));
        assertEquals(List.of("2026-04-30T10:00:00Z", "2026-04-30T10:00:01Z"), sink.times);
    }
}
