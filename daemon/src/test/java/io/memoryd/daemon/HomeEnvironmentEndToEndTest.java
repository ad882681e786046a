package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.cli.MemoryCtl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/format.md §1.1 as real processes see it: with {@code HOME} pointing away from the passwd home and no
 * {@code --home} or variable, the daemon serves {@code $HOME/.agents} and memoryctl finds it there.
 */
class HomeEnvironmentEndToEndTest {

    @TempDir
    Path dir;

    private ProcessBuilder java(Path home, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.remove("MEMORYD_HOME");
        env.remove("SIGNET_PATH");
        env.put("HOME", home.toString());
        return pb;
    }

    @Test
    void daemonAndMemoryctlWithoutHomeOption_bothUseHomeFromTheEnvironment() throws Exception {
        Path home = dir.resolve("sandbox-home");
        Files.createDirectories(home);
        Path root = home.resolve(".agents");
        Process daemon = java(home, DaemonMain.class, "--renderers", "1").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String ready;
            try (var out = daemon.inputReader(StandardCharsets.UTF_8)) {
                ready = out.readLine();
                assertNotNull(ready, "the daemon ended before READY");
                assertEquals("READY " + RunDirectory.choose(root).resolve("daemon.sock"), ready);
                assertTrue(Files.isDirectory(root.resolve("memory")), "the workspace was created under $HOME");

                Process ctl = java(home, MemoryCtl.class, "health", "--json").redirectErrorStream(true).start();
                String health = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(ctl.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, ctl.exitValue(), health);
                assertTrue(health.contains("\"workspace\": \"" + root + "\""), health);
            }
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
