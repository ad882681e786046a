package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.GetHeadRequest;
import io.memoryd.proto.v1.GetHeadResponse;
import io.memoryd.proto.v1.HeadOutcome;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.proto.v1.WriteHeadRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MEMORY.md through a real daemon: memoryctl, the API, the reference's route and the scheduled synthesis. */
@Timeout(180)
class HeadEndToEndTest {

    private static final String STAMP = "<!-- generated \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} -->\n\n";

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
        TestWorkspace.open(home).close();
    }

    private static WriteArtifactRequest summary(String sessionId, Instant at) {
        String time = IsoTime.format(at);
        return WriteArtifactRequest.newBuilder().setAgentId("default").setKind(ArtifactKind.SUMMARY)
                .setSessionId(sessionId).setSessionKey(sessionId).setProject("/home/u/shop").setHarness("codex")
                .setCapturedAt(time).setEndedAt(time)
                .setText("Moved the checkout retry policy into platform/checkout/retry.ts for " + sessionId + ".")
                .build();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run memoryctl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.memoryd.daemon.cli.MemoryCtl", "--home", home.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    @DisplayName("memoryctl synthesize --write: MEMORY.md appears with the stamp and the projection body; head shows it")
    void memoryctlWritesTheHead() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--no-head-schedule")) {
            d.memory().writeArtifact(summary("sess-1", Instant.now().minus(Duration.ofHours(1))));
            Run write = memoryctl("synthesize", "--write");
            assertEquals(0, write.exit(), write.err());
            Path head = home.resolve("MEMORY.md");
            assertEquals("written " + head + " revision 1", write.out().trim());

            String file = Files.readString(head);
            assertTrue(file.matches("(?s)" + STAMP + ".*"), file);
            String projection = d.memory().synthesize(SynthesizeRequest.getDefaultInstance()).getContent();
            assertEquals(projection.strip(), file.replaceFirst(STAMP, ""));
            assertTrue(file.contains("session=sess-1"), file);

            Run again = memoryctl("synthesize", "--write");
            assertEquals("unchanged " + head + " revision 1", again.out().trim());

            Run show = memoryctl("head");
            assertEquals(0, show.exit(), show.err());
            assertTrue(show.out().contains("path: " + head + "\n"), show.out());
            assertTrue(show.out().contains("revision: 1\n"), show.out());
            assertTrue(show.out().contains("lease: none\n"), show.out());
        }
    }

    @Test
    @DisplayName("Synthesize with write_head and WriteHead: written, a backup, and the typed refusals")
    void apiWritesAndRefuses() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--no-head-schedule")) {
            d.memory().writeArtifact(summary("sess-2", Instant.now().minus(Duration.ofHours(1))));
            SynthesizeResponse r = d.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("agent-x")
                    .setWriteHead(true).build());
            assertEquals(HeadOutcome.HEAD_WRITTEN, r.getHead().getOutcome());
            assertEquals(home.resolve("agents/agent-x/MEMORY.md").toString(), r.getHead().getPath());

            var written = d.memory().writeHead(WriteHeadRequest.newBuilder().setAgentId("agent-x")
                    .setContent("# Finished by the caller").build());
            assertEquals(2, written.getHead().getRevision());
            assertTrue(Files.readString(Path.of(written.getHead().getBackupPath())).contains("# Working Memory"));
            assertTrue(Files.readString(home.resolve("agents/agent-x/MEMORY.md")).endsWith("\n\n# Finished by the caller"));

            for (String[] bad : new String[][] {{"default", "  "}, {"default", "{\"prompt\": \"x\"}"},
                    {"Agent_X", "# fine"}}) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> d.memory().writeHead(WriteHeadRequest.newBuilder().setAgentId(bad[0])
                                .setContent(bad[1]).build()));
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            }
            StatusRuntimeException badAgent = assertThrows(StatusRuntimeException.class,
                    () -> d.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("Agent_X")
                            .setWriteHead(true).build()));
            assertEquals("INVALID_AGENT_ID", ErrorDetails.reason(badAgent));
            assertFalse(Files.exists(home.resolve("MEMORY.md")));
            GetHeadResponse state = d.memory().getHead(GetHeadRequest.newBuilder().setAgentId("agent-x").build());
            assertEquals(2, state.getRevision());
            assertFalse(state.getLeaseActive());
        }
    }

    private static boolean curlPresent() {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, "curl")));
    }

    private static String curl(Path socket, String path, String body) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-s", "-w", "\n%{http_code}", "--unix-socket", socket.toString(),
                "-H", "content-type: application/json", "-d", body, "http://localhost" + path).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @Test
    @DisplayName("the reference's POST /api/hooks/synthesis/complete stores the text as MEMORY.md")
    void referenceCompleteRoute() throws Exception {
        assumeTrue(curlPresent(), "needs curl");
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--no-head-schedule")) {
            Path hooks = RunDirectory.hooksSocket(RunDirectory.choose(home.toAbsolutePath().normalize()));
            assertEquals("{\"success\":true}\n\n200", curl(hooks, "/api/hooks/synthesis/complete",
                    "{\"content\":\"# Synthesized elsewhere\"}"));
            assertTrue(Files.readString(home.resolve("MEMORY.md")).endsWith("\n\n# Synthesized elsewhere"));
            assertEquals("{\"error\":\"content is required\"}\n\n400", curl(hooks, "/api/hooks/synthesis/complete",
                    "{}"));
            assertEquals("{\"error\":\"Refusing to write JSON to MEMORY.md\"}\n\n400",
                    curl(hooks, "/api/hooks/synthesis/complete", "{\"content\":\"[1,2]\"}"));
            String viaV1 = curl(hooks, "/v1/head", "{\"agentId\":\"agent-y\",\"content\":\"# Y\"}");
            assertTrue(viaV1.endsWith("200") && viaV1.contains("HEAD_WRITTEN"), viaV1);
        }
    }

    @Test
    @DisplayName("the scheduled synthesis writes MEMORY.md after a session's summary, once the idle gap has passed")
    void scheduledSynthesis() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--head-idle-gap-minutes", "0",
                "--head-min-interval-minutes", "0", "--head-check-seconds", "1")) {
            d.memory().writeArtifact(summary("sess-sched", Instant.now().minus(Duration.ofMinutes(1))));
            Path head = home.resolve("MEMORY.md");
            // Nothing to listen to from outside: a bounded poll of the file the daemon writes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(head) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String file = Files.readString(head);
            assertTrue(file.matches("(?s)" + STAMP + "# Working Memory Summary.*"), file);
            assertTrue(file.contains("session=sess-sched"), file);
            GetHeadResponse state = d.memory().getHead(GetHeadRequest.getDefaultInstance());
            assertEquals(1, state.getRevision());
        }
    }

    @Test
    @DisplayName("with --head-on-session-end a session end through the hook API writes MEMORY.md at once, idle gap or not")
    void hookSessionEndForcesTheHead() throws Exception {
        assumeTrue(curlPresent(), "needs curl");
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--head-idle-gap-minutes", "600",
                "--head-on-session-end")) {
            Path hooks = RunDirectory.hooksSocket(RunDirectory.choose(home.toAbsolutePath().normalize()));
            String started = curl(hooks, "/v1/hooks/generic/session-start", "{\"session_id\": \"hook-1\"}");
            assertTrue(started.endsWith("200"), started);
            String ended = curl(hooks, "/v1/hooks/generic/session-end", "{\"session_id\": \"hook-1\","
                    + " \"cwd\": \"/home/u/shop\", \"harness\": \"my-agent\", \"transcript_text\":"
                    + " \"User: move the retry policy\\nAssistant: moved it into platform/checkout/retry.ts\"}");
            assertTrue(ended.endsWith("200"), ended);
            Path head = home.resolve("MEMORY.md");
            // The forced run is asynchronous to the hook's answer: a bounded poll of the file.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(head) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String file = Files.readString(head);
            assertTrue(file.matches("(?s)" + STAMP + "# Working Memory Summary.*"), file);
            assertTrue(file.contains("session=hook-1"), file);
        }
    }
}
