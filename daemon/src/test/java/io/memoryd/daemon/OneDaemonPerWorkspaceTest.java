package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two real daemons on one workspace: the second leaves, the first never notices. */
@Timeout(180)
class OneDaemonPerWorkspaceTest {

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
    }

    @Test
    void secondDaemon_onTheSameWorkspace_exits3WithOneLine_andTheFirstKeepsItsRenderersSocketAndPidFiles()
            throws Exception {
        assertSecondDaemonRefused();
    }

    @Test
    void secondDaemon_withAnotherSocket_isRefusedTheSameWay_andCreatesNothingThere() throws Exception {
        Path otherSocket = dir.resolve("other").resolve("daemon.sock");

        assertSecondDaemonRefused("--socket", otherSocket.toString());

        assertFalse(Files.exists(otherSocket.getParent()));
    }

    private void assertSecondDaemonRefused(String... extra) throws Exception {
        try (DaemonProcess first = DaemonProcess.start(home)) {
            List<Long> renderers = readyRendererPids(first);
            Map<String, String> runFiles = runDirectoryFiles(first.socket.getParent());
            Path out = dir.resolve("second.out");
            Path err = dir.resolve("second.err");

            Process second = new ProcessBuilder(DaemonProcess.command(home, extra))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

            assertTrue(DaemonProcess.endsByItself(second, 60), "the second daemon kept running");
            assertEquals(3, second.exitValue());
            assertEquals(List.of("memoryd: already running for " + home.toAbsolutePath().normalize() + " (pid "
                    + first.process.pid() + ")"), Files.readAllLines(err));
            assertEquals("", Files.readString(out));
            assertEquals(renderers, readyRendererPids(first));
            assertEquals(runFiles, runDirectoryFiles(first.socket.getParent()));
            assertTrue(Files.exists(first.socket));
            SynthesizeResponse r = first.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build());
            assertEquals(ServedBy.RENDERER, r.getServedBy());
            assertTrue(renderers.contains(r.getRendererPid()));
            for (long pid : renderers) {
                assertTrue(DaemonProcess.alive(pid), "renderer " + pid + " of the first daemon died");
            }
        }
    }

    private static List<Long> readyRendererPids(DaemonProcess d) {
        List<RendererSlotStatus> slots = d.pool().getSlotsList();
        assertTrue(slots.stream().allMatch(s -> s.getState() == RendererState.RENDERER_READY), slots.toString());
        return slots.stream().map(RendererSlotStatus::getPid).toList();
    }

    /** Every file of the run directory with, for pid files, its content. */
    private static Map<String, String> runDirectoryFiles(Path runDir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(runDir)) {
            for (Path p : list.toList()) {
                String name = p.getFileName().toString();
                files.put(name, name.endsWith(".pid") ? Files.readString(p) : "");
            }
        }
        return files;
    }

    @Test
    void daemonKilledWhileItsRendererWasStopped_theNextDaemonKillsThatRenderer() throws Exception {
        DaemonProcess first = DaemonProcess.start(home, "--renderers", "1");
        try {
            long renderer = first.pool().getSlots(0).getPid();
            // A stopped renderer does not see its stdin close: it outlives the daemon that is killed now.
            first.signal(renderer, "STOP");
            first.process.destroyForcibly();
            assertTrue(first.process.waitFor(10, TimeUnit.SECONDS));
            assertTrue(DaemonProcess.alive(renderer));

            try (DaemonProcess second = DaemonProcess.start(home, "--renderers", "1")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                DaemonProcess.awaitExit(renderer, deadline);
                assertFalse(DaemonProcess.alive(renderer), "the stopped renderer of the killed daemon still runs");
                assertNotEquals(renderer, second.pool().getSlots(0).getPid());
            }
        } finally {
            first.close(); // asserts that none of its renderers is left
        }
    }
}
