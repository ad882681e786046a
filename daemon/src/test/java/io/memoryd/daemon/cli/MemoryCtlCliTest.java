package io.memoryd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.StreamObserver;
import io.memoryd.daemon.RunDirectory;
import io.memoryd.process.cli.MemorydVersion;
import io.memoryd.process.socket.UnixSocketServer;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.HealthResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** memoryctl's command line, run in process: where options may go, and what a mistake does. */
class MemoryCtlCliTest {

    @TempDir
    Path dir;

    private static CliOutcome memoryctl(String... args) {
        return CliOutcome.of(MemoryCtl::run, args);
    }

    private static void assertUsageError(CliOutcome r, String firstLine) {
        assertEquals(2, r.code(), r.err());
        assertEquals(firstLine, r.firstErrLine());
        assertTrue(r.err().contains(MemoryCtl.USAGE), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownOption_beforeOrAfterTheCommand_exits2WithItsNameAndTheUsageOnStderr() {
        assertUsageError(memoryctl("health", "--bogus"), "memoryctl: unknown option --bogus for health");
        assertUsageError(memoryctl("--bogus", "health"), "memoryctl: unknown option --bogus");
        assertUsageError(memoryctl("synthesize", "--agent"), "memoryctl: option --agent needs a value");
    }

    @Test
    void anotherCommandsOption_isAUsageError() {
        assertUsageError(memoryctl("health", "--agent", "a"), "memoryctl: unknown option --agent for health");
    }

    @Test
    void unknownCommand_orNone_isAUsageError() {
        assertUsageError(memoryctl("synthesise"), "memoryctl: unknown command synthesise");
        assertUsageError(memoryctl(), "memoryctl: name a command: health, pool, synthesize, head, reindex, "
                + "remove-session, write-summary, purge-noise, hooks, doctor, service, top");
        assertUsageError(memoryctl("--home", dir.toString()), "memoryctl: name a command: health, pool, "
                + "synthesize, head, reindex, remove-session, write-summary, purge-noise, hooks, doctor, service, top");
    }

    @Test
    void socketAndTcpTogether_isAUsageError() {
        assertUsageError(memoryctl("health", "--socket", "/x.sock", "--tcp", "127.0.0.1:1"),
                "memoryctl: --socket and --tcp exclude each other");
    }

    @Test
    void tcpToANonLoopbackAddress_isAUsageError() {
        assertUsageError(memoryctl("health", "--tcp", "192.0.2.1:5000"), "memoryctl: --tcp must name a loopback "
                + "address (the daemon listens on 127.0.0.1 only): 192.0.2.1:5000");
    }

    @Test
    void maxTokensBelowZero_isAUsageErrorNamingIt() {
        assertUsageError(memoryctl("synthesize", "--max-tokens", "-1"),
                "memoryctl: --max-tokens must be a whole number of at least 0: -1");
    }

    @Test
    void help_printsTheUsageOnStdout_withOrWithoutACommand() {
        assertEquals(new CliOutcome(0, MemoryCtl.USAGE, ""), memoryctl("--help"));
        assertEquals(new CliOutcome(0, MemoryCtl.USAGE, ""), memoryctl("synthesize", "--help"));
    }

    @Test
    void version_printsMemorydAndItsVersion() {
        String line = "memoryd " + MemorydVersion.of(MemoryCtl.class) + "\n";

        assertEquals(new CliOutcome(0, line, ""), memoryctl("--version"));
        assertEquals(new CliOutcome(0, line, ""), memoryctl("health", "--version"));
    }

    @Test
    void homeBeforeOrAfterTheCommand_failsTheSameWay_namingThatWorkspacesSocket() {
        Path home = dir.resolve("ws");
        Path socket = RunDirectory.choose(home).resolve("daemon.sock");

        CliOutcome before = memoryctl("--home", home.toString(), "synthesize");
        CliOutcome after = memoryctl("synthesize", "--home", home.toString());

        assertEquals(before, after);
        assertEquals(1, after.code());
        assertEquals("", after.out());
        assertTrue(after.err().startsWith("memoryctl synthesize: UNAVAILABLE: "), after.err());
        assertTrue(after.err().contains("(socket " + socket + ")"), after.err());
    }

    @Test
    void globalOptionsBeforeOrAfterTheCommand_reachTheDaemon() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Path socket = dir.resolve("d.sock");
        try (UnixSocketServer server = UnixSocketServer.start(socket, "fake-daemon", new FakeDaemon(calls))) {
            CliOutcome before = memoryctl("--socket", socket.toString(), "--json", "health");
            CliOutcome after = memoryctl("health", "--socket=" + socket, "--json");
            CliOutcome mixed = memoryctl("--json", "health", "--socket", socket.toString());

            assertEquals(0, before.code(), before.err());
            assertTrue(before.out().contains("\"status\": \"DAEMON_SERVING\""), before.out());
            assertEquals(before, after);
            assertEquals(before, mixed);
            assertEquals(3, calls.get());
        }
    }

    /** Answers health as a serving daemon, counting the calls. */
    private static final class FakeDaemon extends DaemonServiceGrpc.DaemonServiceImplBase {
        private final AtomicInteger calls;

        FakeDaemon(AtomicInteger calls) {
            this.calls = calls;
        }

        @Override
        public void health(HealthRequest request, StreamObserver<HealthResponse> observer) {
            calls.incrementAndGet();
            observer.onNext(HealthResponse.newBuilder().setStatus(DaemonStatus.DAEMON_SERVING).setPid(42).build());
            observer.onCompleted();
        }
    }
}
