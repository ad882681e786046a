package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.memoryd.daemon.gateway.UnixHttpClient;
import io.memoryd.daemon.hooks.ClaudeTranscriptFixture;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claude Code's loop through real processes: a daemon, {@code memoryctl hooks install claude-code} run as a
 * process, and the hook commands run by {@code sh -c} exactly as settings.json holds them, fed the JSON
 * Claude Code gives its hooks and a transcript in Claude Code's format.
 */
@Timeout(180)
class ClaudeCodeHooksEndToEndTest {

    private static final String PROJECT = "/home/dev/shop-api";

    @TempDir
    Path dir;
    Path home;
    Path settings;

    /** What one hook command did. */
    record HookRun(int exit, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }

        String context() {
            return json().getAsJsonObject("hookSpecificOutput").get("additionalContext").getAsString();
        }
    }

    @BeforeEach
    void workspace() throws Exception {
        assumeTrue(curlPresent(), "the installed hook commands need curl (scripts/test installs it)");
        home = dir.resolve("ws");
        TestWorkspace.open(home).close();
        settings = dir.resolve("claude").resolve("settings.json");
        Process install = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.memoryd.daemon.cli.MemoryCtl", "hooks", "install",
                "claude-code", "--settings", settings.toString(), "--home", home.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, install.waitFor(), out);
    }

    private static boolean curlPresent() {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "curl")));
    }

    /** The command settings.json holds for {@code event} ("SessionStart", "SessionEnd"). */
    private String command(String event) throws IOException {
        JsonObject hooks = JsonParser.parseString(Files.readString(settings)).getAsJsonObject().getAsJsonObject("hooks");
        for (JsonElement group : hooks.getAsJsonArray(event)) {
            for (JsonElement hook : group.getAsJsonObject().getAsJsonArray("hooks")) {
                String command = hook.getAsJsonObject().get("command").getAsString();
                if (command.contains("http://memoryd/v1/hooks/claude-code/")) {
                    return command;
                }
            }
        }
        throw new AssertionError("no memoryd " + event + " hook in " + settings);
    }

    private static HookRun run(String command, String stdin) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the hook command ended");
        return new HookRun(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String input(String event, String sessionId, Path transcript, String extra) {
        JsonObject o = new JsonObject();
        o.addProperty("session_id", sessionId);
        o.addProperty("transcript_path", transcript.toString());
        o.addProperty("cwd", PROJECT);
        o.addProperty("hook_event_name", event);
        o.addProperty("permission_mode", "default");
        String json = o.toString();
        return extra.isEmpty() ? json : json.substring(0, json.length() - 1) + "," + extra + "}";
    }

    /** A realistic session: string and block content, tools, thinking, a sidechain, an image, a bad line. */
    private static ClaudeTranscriptFixture session(String sessionId) {
        return new ClaudeTranscriptFixture(sessionId, PROJECT)
                .user("Fix the flaky retry in platform/daemon/src/retry.ts")
                .thinking("SECRET-THOUGHT the backoff is probably wrong")
                .assistantText("Let me look at the retry loop.")
                .tool("Bash", ClaudeTranscriptFixture.input("command", "grep -n retry platform/daemon/src/retry.ts"),
                        "12: for (let i = 0; i < retries; i++) LONG-TOOL-OUTPUT", false)
                .tool("Edit", ClaudeTranscriptFixture.input("file_path", "platform/daemon/src/retry.ts"), "ok", false)
                .sidechain("SIDECHAIN-ONLY subagent chatter")
                .image()
                .raw("{not json at all")
                .assistantText("Fixed: the loop now waits between attempts.");
    }

    private List<Path> artifacts(String kind) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("memory"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("--" + kind + ".md")).sorted().toList();
        }
    }

    @Test
    void aSessionsEndShowsInTheNextSessionsStartingContext_withItsProject() throws Exception {
        Path transcript = session("s1").writeTo(Files.createDirectories(dir.resolve("projects")).resolve("s1.jsonl"));
        try (DaemonProcess d = DaemonProcess.start(home)) {
            HookRun start1 = run(command("SessionStart"), input("SessionStart", "s1", transcript, "\"source\":\"startup\""));
            assertEquals(0, start1.exit(), start1.err());
            assertEquals("SessionStart", start1.json().getAsJsonObject("hookSpecificOutput").get("hookEventName")
                    .getAsString());
            assertTrue(start1.context().startsWith("# Working Memory Summary"), start1.context());
            assertFalse(start1.context().contains("session=s1"));

            HookRun end1 = run(command("SessionEnd"), input("SessionEnd", "s1", transcript,
                    "\"reason\":\"prompt_input_exit\""));
            assertEquals(0, end1.exit(), end1.err());
            assertEquals("", end1.err());

            HookRun start2 = run(command("SessionStart"), input("SessionStart", "s2",
                    dir.resolve("projects").resolve("s2.jsonl"), "\"source\":\"startup\""));
            assertEquals(0, start2.exit(), start2.err());
            String ledgerLine = start2.context().lines().filter(l -> l.contains("session=s1")).findFirst()
                    .orElseThrow(() -> new AssertionError("no ledger line for s1 in\n" + start2.context()));
            assertTrue(ledgerLine.contains("project=" + PROJECT), ledgerLine);
        }
        assertEquals(1, artifacts("summary").size());
        String written = Files.readString(artifacts("transcript").get(0));
        assertTrue(written.contains("User: Fix the flaky retry"), written);
        assertTrue(written.contains("Tool: Bash(grep -n retry platform/daemon/src/retry.ts)"), written);
        assertTrue(written.contains("harness: \"claude-code\"") || written.contains("harness: claude-code"), written);
        assertFalse(written.contains("SECRET-THOUGHT"), "no thinking blocks");
        assertFalse(written.contains("LONG-TOOL-OUTPUT"), "no tool output");
        assertFalse(written.contains("SIDECHAIN-ONLY"), "no sidechain entries");
    }

    @Test
    void aResumedSessionEndsAgainAsASecondSegmentWithOnlyItsNewPart_andARetryWritesNothing() throws Exception {
        Path transcript = session("s1").writeTo(dir.resolve("s1.jsonl"));
        try (DaemonProcess d = DaemonProcess.start(home)) {
            String end = command("SessionEnd");
            assertEquals(0, run(end, input("SessionEnd", "s1", transcript, "\"reason\":\"other\"")).exit());
            new ClaudeTranscriptFixture("s1", PROJECT).user("Now add a test for RESUMED-PART")
                    .assistantText("Added the test.").appendTo(transcript);
            HookRun second = run(end, input("SessionEnd", "s1", transcript, "\"reason\":\"other\""));
            assertEquals(0, second.exit(), second.err());
            HookRun retry = run(end, input("SessionEnd", "s1", transcript, "\"reason\":\"other\""));
            assertEquals(0, retry.exit(), retry.err());

            String context = run(command("SessionStart"), input("SessionStart", "s3", transcript,
                    "\"source\":\"startup\"")).context();
            assertEquals(2, context.lines().filter(l -> l.contains("session=s1 ")).count(), context);
        }
        List<Path> transcripts = artifacts("transcript");
        assertEquals(2, transcripts.size(), "two segments, one transcript each");
        List<String> texts = new ArrayList<>();
        for (Path t : transcripts) {
            texts.add(Files.readString(t));
        }
        assertEquals(1, texts.stream().filter(t -> t.contains("RESUMED-PART")).count());
        assertEquals(1, texts.stream().filter(t -> t.contains("Fix the flaky retry")).count(),
                "the second segment holds only the new part");
        assertEquals(2, artifacts("summary").size());
    }

    @Test
    void afterACompactionTheNextSessionStartCapturesTheCompactionSummary() throws Exception {
        Path transcript = session("s1").compaction("This session is being continued from a previous conversation "
                + "that ran out of context. The conversation is summarized below: COMPACTED-RETRY-WORK")
                .writeTo(dir.resolve("s1.jsonl"));
        try (DaemonProcess d = DaemonProcess.start(home)) {
            HookRun start = run(command("SessionStart"), input("SessionStart", "s1", transcript, "\"source\":\"compact\""));
            assertEquals(0, start.exit(), start.err());
            assertTrue(start.context().startsWith("# Working Memory Summary"));
            // The compaction is captured after the answer, on the daemon's write queue; its log line says when.
            String line;
            do {
                line = d.stderr.poll(30, TimeUnit.SECONDS);
            } while (line != null && !line.contains("compaction capture of session s1"));
            assertTrue(line != null && line.contains("CaptureOutcome"), "the compaction capture ended: " + line);
        }
        List<Path> compactions = artifacts("compaction");
        assertEquals(1, compactions.size());
        assertTrue(Files.readString(compactions.get(0)).contains("COMPACTED-RETRY-WORK"));
    }

    @Test
    void withTheDaemonDownEveryHookExitsZeroWithNothingOnStdoutAndOneLineOnStderr() throws Exception {
        Path transcript = session("s1").writeTo(dir.resolve("s1.jsonl"));
        for (String event : List.of("SessionStart", "SessionEnd")) {
            HookRun run = run(command(event), input(event, "s1", transcript, ""));
            assertEquals(0, run.exit(), event);
            assertEquals("", run.out(), event);
            assertEquals(1, run.err().lines().count(), event + ": " + run.err());
        }
        assertTrue(artifacts("summary").isEmpty());
    }

    @Test
    void malformedHookInputIsRefusedAndWritesNothing() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            HookRun run = run(command("SessionEnd"), "{\"transcript_path\": 42}");
            assertEquals(0, run.exit(), "a refusal never breaks the agent");
            assertEquals("", run.out());
            assertTrue(run.err().contains("400"), run.err());
        }
        assertTrue(artifacts("summary").isEmpty());
        assertTrue(artifacts("transcript").isEmpty());
    }

    @Test
    void theGenericAdapterAndTheHookRoutesRefusals() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home)) {
            Path hooks = RunDirectory.hooksSocket(RunDirectory.choose(home.toAbsolutePath().normalize()));
            UnixHttpClient.Answer end = UnixHttpClient.post(hooks, "/v1/hooks/generic/session-end",
                    "{\"session_id\":\"g1\",\"cwd\":\"/home/dev/tools\",\"harness\":\"my-agent\","
                            + "\"transcript_text\":\"User: tidy the Makefile\\nAssistant: Done.\"}",
                    "X-Memoryd-Agent: alice");
            assertEquals(200, end.status(), end.body());
            UnixHttpClient.Answer start = UnixHttpClient.post(hooks, "/v1/hooks/generic/session-start",
                    "{\"session_id\":\"g2\"}", "X-Memoryd-Agent: alice");
            assertEquals(200, start.status());
            assertTrue(start.headers().get("content-type").startsWith("text/markdown"));
            assertTrue(start.body().contains("session=g1 | project=/home/dev/tools"), start.body());
            assertFalse(UnixHttpClient.post(hooks, "/v1/hooks/generic/session-start", "{\"session_id\":\"g2\"}")
                    .body().contains("session=g1"), "another agent's memory");

            assertEquals(204, UnixHttpClient.post(hooks, "/v1/hooks/claude-code/user-prompt-submit",
                    "{\"session_id\":\"s1\",\"prompt\":\"hi\"}").status());
            assertEquals(404, UnixHttpClient.post(hooks, "/v1/hooks/cursor/session-end", "{\"session_id\":\"s1\"}")
                    .status());
            assertEquals(404, UnixHttpClient.post(hooks, "/v1/hooks/claude-code/nap", "{\"session_id\":\"s1\"}")
                    .status());
            assertEquals(400, UnixHttpClient.post(hooks, "/v1/hooks/claude-code/session-start",
                    "{\"session_id\":\"s1\"}", "X-Memoryd-Agent: ../etc").status());
            assertEquals(400, UnixHttpClient.post(hooks, "/v1/hooks/claude-code/session-end", "[]").status());
        }
    }
}
