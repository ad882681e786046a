package io.memoryd.daemon.cli.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import io.memoryd.daemon.RunDirectory;
import io.memoryd.daemon.cli.CliOutcome;
import io.memoryd.memory.workspace.AgentId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed hook commands, run with {@code sh -c} exactly as written into settings.json: a hook never
 * breaks or stalls the agent (exit 0, nothing on stdout, one line on stderr when the daemon is down, stalled or
 * failing), and when the daemon answers, its answer is the hook's stdout. Skipped where curl is missing.
 */
class HookCommandShellTest {

    private static final String INPUT = "{\"session_id\":\"s-1\",\"hook_event_name\":\"SessionStart\",\"source\":"
            + "\"startup\",\"cwd\":\"/p\"}";

    @TempDir
    Path dir;

    /** What a finished hook process printed and returned. */
    private record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeAll
    static void curlIsThere() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v curl").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "curl is not installed");
    }

    /** Installs for {@code home} (and {@code agent}) and returns the SessionStart command written. */
    private String installedSessionStartCommand(Path home, String agent) throws IOException {
        Path settings = dir.resolve("settings.json");
        CliOutcome r = new HooksCli(Map.of(), dir).run("install", "claude-code", "--home", home.toString(),
                "--agent", agent, "--settings", settings.toString());
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(Files.readString(settings)).getAsJsonObject().getAsJsonObject("hooks")
                .getAsJsonArray("SessionStart").get(0).getAsJsonObject().getAsJsonArray("hooks").get(0)
                .getAsJsonObject().get("command").getAsString();
    }

    /** Runs {@code sh -c command} with {@link #INPUT} on stdin, as Claude Code runs a hook. */
    private Run run(String command, Map<String, String> env) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("MEMORYD_BYPASS");
        builder.environment().putAll(env);
        Process p = builder.start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(INPUT.getBytes(StandardCharsets.UTF_8));
        }
        // A bound for a hung test run only: the command's own --max-time ends it long before.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the hook did not exit: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void daemonDown_noSocket_exits0_printsNothing_andOneStderrLine() throws Exception {
        String command = installedSessionStartCommand(dir.resolve("ws"), "default");

        Run r = run(command, Map.of());

        assertEquals(0, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r.err());
    }

    @Test
    void daemonStalled_acceptsAndNeverAnswers_exits0AfterMaxTime_printsNothing_andOneStderrLine()
            throws Exception {
        Path socket = dir.resolve("hooks.sock");
        try (FakeGateway gateway = FakeGateway.stalling(socket)) {
            // The builder's own command with a 1 s --max-time instead of 5 s, so the test waits less.
            Run r = run(HookCommand.build(ClaudeHookEvent.SESSION_START, socket, AgentId.DEFAULT, 1), Map.of());

            assertEquals(0, r.code());
            assertEquals("", r.out());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("(28)"), r.err()); // curl's "operation timed out"
        }
    }

    @Test
    void daemonFailing_http500_exits0_printsNothingOfItsBody_andOneStderrLine() throws Exception {
        Path home = dir.resolve("ws");
        Path socket = RunDirectory.hooksSocket(RunDirectory.choose(home, Map.of()));
        Files.createDirectories(socket.getParent());
        try (FakeGateway gateway = FakeGateway.answering(socket, 500, "internal error page")) {
            Run r = run(installedSessionStartCommand(home, "default"), Map.of());

            assertEquals(0, r.code());
            assertEquals("", r.out());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("(22)"), r.err()); // curl's "HTTP error" under -f
        }
    }

    @Test
    void daemonAnswering_throughAPathWithASpaceAndAQuote_getsTheInputAndAgent_andItsAnswerIsStdout()
            throws Exception {
        Path home = dir.resolve("a b").resolve("it's");
        Path socket = RunDirectory.hooksSocket(RunDirectory.choose(home, Map.of()));
        Files.createDirectories(socket.getParent());
        try (FakeGateway gateway = FakeGateway.answering(socket, 200, "memory for the model\n")) {
            Run r = run(installedSessionStartCommand(home, "a-1"), Map.of());

            assertEquals(new Run(0, "memory for the model\n", ""), r);
            String request = gateway.requests().poll(30, TimeUnit.SECONDS);
            assertTrue(request.startsWith("POST /v1/hooks/claude-code/session-start HTTP/1.1\r\n"), request);
            assertTrue(request.contains("\r\nX-Memoryd-Agent: a-1\r\n"), request);
            assertTrue(request.contains("\r\nContent-Type: application/json\r\n"), request);
            assertTrue(request.endsWith("\r\n\r\n" + INPUT), request);
        }
    }

    @Test
    void bypass_skipsTheDaemon_silently() throws Exception {
        Path home = dir.resolve("ws");
        Path socket = RunDirectory.hooksSocket(RunDirectory.choose(home, Map.of()));
        Files.createDirectories(socket.getParent());
        try (FakeGateway gateway = FakeGateway.answering(socket, 200, "memory for the model\n")) {
            Run r = run(installedSessionStartCommand(home, "default"), Map.of("MEMORYD_BYPASS", "1"));

            assertEquals(new Run(0, "", ""), r);
        }
    }
}
