package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memoryd.daemon.cli.MemoryCtl;
import io.memoryd.proto.v1.RendererState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memoryctl top in a real 80x24 terminal (tmux, Debian package; skipped without it) on a real daemon: the
 * screen shows a killed renderer's restart, and q quits and leaves the alternate screen.
 */
class TopUnderTmuxTest {

    @TempDir
    Path dir;

    /** A private tmux server (its own socket name, no user config) holding one 80x24 session. */
    private static final class Tmux implements AutoCloseable {
        private final String server = "memoryd-top-test-" + ProcessHandle.current().pid();

        String run(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tmux " + String.join(" ", args));
            return out;
        }

        String screen() throws IOException, InterruptedException {
            return run("capture-pane", "-p", "-t", "top");
        }

        /**
         * Waits until the screen satisfies {@code condition}. tmux offers nothing to listen to for a pane's
         * content, so this polls, bounded by {@code timeout}.
         */
        String await(Predicate<String> condition, Duration timeout) throws Exception {
            long until = System.nanoTime() + timeout.toNanos();
            String screen = screen();
            while (!condition.test(screen)) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("the screen never matched; it shows:\n" + screen);
                }
                Thread.sleep(200);
                screen = screen();
            }
            return screen;
        }

        @Override
        public void close() throws Exception {
            run("kill-server");
        }
    }

    private static boolean tmuxInstalled() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void top_showsAKilledRenderersRestart_andQuitsOnQRestoringTheTerminal() throws Exception {
        assumeTrue(tmuxInstalled(), "tmux is not installed (scripts/test installs it)");
        Path conf = Files.writeString(dir.resolve("tmux.conf"), "set -g remain-on-exit on\n");
        try (DaemonProcess d = DaemonProcess.start(dir.resolve("ws"), "--renderers", "1"); Tmux tmux = new Tmux()) {
            long pid = d.pool().getSlots(0).getPid();
            Path script = Files.writeString(dir.resolve("top.sh"), "exec '" + Path.of(System.getProperty("java.home"),
                    "bin", "java") + "' -cp '" + System.getProperty("java.class.path") + "' "
                    + MemoryCtl.class.getName() + " top --socket '" + d.socket + "'\n");
            tmux.run("-f", conf.toString(), "new-session", "-d", "-s", "top", "-x", "80", "-y", "24",
                    "sh " + script);

            String before = tmux.await(s -> s.contains("RENDERER") && s.contains("ready"), Duration.ofSeconds(60));
            d.signal(pid, "KILL");
            String after = tmux.await(s -> s.contains("restarted"), Duration.ofSeconds(60));
            d.awaitPool(p -> p.getSlots(0).getState() == RendererState.RENDERER_READY
                    && p.getSlots(0).getPid() != pid, Duration.ofSeconds(60));
            tmux.run("send-keys", "-t", "top", "q");
            tmux.await(s -> !s.contains("RENDERER"), Duration.ofSeconds(30));

            assertTrue(before.contains("pool normal"), before);
            assertTrue(after.contains("killed by signal 9"), after);
            assertTrue(after.lines().anyMatch(l -> l.equals("q quit")), "the whole frame fits 80x24:\n" + after);
            assertFalse(after.lines().anyMatch(l -> l.length() > 80), after);
            // The screen is restored before the JVM has exited: wait (bounded) for the pane's process to end.
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String dead = tmux.run("display-message", "-p", "-t", "top", "#{pane_dead}").strip();
            while (!dead.equals("1") && System.nanoTime() < until) {
                Thread.sleep(100);
                dead = tmux.run("display-message", "-p", "-t", "top", "#{pane_dead}").strip();
            }
            assertEquals("1", dead, "top ended after q");
        }
    }
}
