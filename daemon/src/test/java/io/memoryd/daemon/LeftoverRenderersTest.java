package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.renderer.launch.RendererCommandLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which processes named by pid files a starting daemon kills: only renderers of its own workspace whose
 * daemon is gone. The "renderers" are shell processes whose command lines look like a renderer's; one
 * that still answers on its stdin after the cleanup was certainly not killed by it.
 */
@Timeout(60)
class LeftoverRenderersTest {

    @TempDir
    Path dir;
    Path root;
    Path run;
    long goneDaemon;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void runDirectory() throws Exception {
        root = Files.createDirectory(dir.resolve("ws"));
        run = Files.createDirectories(root.resolve(".memoryd/run"));
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        goneDaemon = ended.pid();
    }

    @AfterEach
    void stopFakes() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A process whose command line is that of a renderer of {@code home} on {@code socket}, with a classpath
     * as long as a real one (over the 4 KiB of a command line that {@code ProcessHandle.Info} reads).
     */
    private Process fakeRenderer(Path home, Path socket) throws IOException {
        return fake(List.of("-cp", "/m2/a.jar:".repeat(1000), RendererCommandLine.MAIN_CLASS, "--home", home.toString(),
                "--socket", socket.toString(), "--id", "r0"));
    }

    private Process fake(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "read line; echo alive; read line"));
        command.addAll(arguments);
        Process p = new ProcessBuilder(command).start();
        started.add(p);
        return p;
    }

    private static boolean answers(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
        return "alive".equals(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine());
    }

    private Path pidFile(Path socket, long pid, long daemonPid) throws IOException {
        Files.writeString(socket, "");
        return Files.writeString(RunDirectory.pidFile(socket), pid + " " + daemonPid + "\n");
    }

    @Test
    void rendererOfThisWorkspace_whoseDaemonIsGone_isKilledAndItsFilesRemoved() throws Exception {
        Path socket = run.resolve("r0-1.sock");
        Process orphan = fakeRenderer(root, socket);
        Path pidFile = pidFile(socket, orphan.pid(), goneDaemon);

        LeftoverRenderers.killOrphans(run, root);

        assertTrue(orphan.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, orphan.exitValue());
        assertFalse(Files.exists(pidFile));
        assertFalse(Files.exists(socket));
    }

    @Test
    void rendererOfAnotherWorkspace_isLeftAlone_onlyTheStalePidFileGoes() throws Exception {
        Path socket = run.resolve("r0-1.sock");
        Process other = fakeRenderer(dir.resolve("other-ws"), socket);
        Path pidFile = pidFile(socket, other.pid(), goneDaemon);

        LeftoverRenderers.killOrphans(run, root);

        assertTrue(answers(other));
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void rendererOfThisWorkspaceOnAnotherSocket_isLeftAlone() throws Exception {
        Path socket = run.resolve("r0-1.sock");
        Process elsewhere = fakeRenderer(root, dir.resolve("r0-1.sock"));
        pidFile(socket, elsewhere.pid(), goneDaemon);

        LeftoverRenderers.killOrphans(run, root);

        assertTrue(answers(elsewhere));
    }

    @Test
    void rendererWhoseDaemonIsStillItsParent_isLeftAloneWithItsFiles() throws Exception {
        Path socket = run.resolve("r0-1.sock");
        Process served = fakeRenderer(root, socket);
        Path pidFile = pidFile(socket, served.pid(), ProcessHandle.current().pid());

        LeftoverRenderers.killOrphans(run, root);

        assertTrue(answers(served));
        assertTrue(Files.exists(pidFile));
        assertTrue(Files.exists(socket));
    }

    @Test
    void processThatIsNoRenderer_isLeftAlone() throws Exception {
        Path socket = run.resolve("r0-1.sock");
        Process unrelated = fake(List.of("--home", root.toString(), "--socket", socket.toString()));
        pidFile(socket, unrelated.pid(), goneDaemon);

        LeftoverRenderers.killOrphans(run, root);

        assertTrue(answers(unrelated));
    }

    @Test
    void pidFileOfAnEndedProcess_isRemovedWithItsSocket() throws Exception {
        Path socket = run.resolve("r0-1.sock");
        Path pidFile = pidFile(socket, goneDaemon, goneDaemon);

        LeftoverRenderers.killOrphans(run, root);

        assertFalse(Files.exists(pidFile));
        assertFalse(Files.exists(socket));
    }
}
