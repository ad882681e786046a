package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DaemonJvmFlagsTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @Test
    void theLauncherScriptGivesTheDaemonTheSameFlags() throws Exception {
        String script = Files.readString(ROOT.resolve("scripts/lib/java-tool.sh"));
        Matcher m = Pattern.compile("(?m)^MEMORYD_DAEMON_FLAGS=\"([^\"]*)\"$").matcher(script);

        assertTrue(m.find(), "java-tool.sh defines MEMORYD_DAEMON_FLAGS");
        assertEquals(String.join(" ", DaemonJvmFlags.FLAGS), m.group(1));
    }

    @Test
    void theDaemonRunsWithABoundedHeapThatStartsSmall() {
        assertTrue(DaemonJvmFlags.FLAGS.stream().anyMatch(f -> f.startsWith("-Xmx")));
        assertTrue(DaemonJvmFlags.FLAGS.stream().anyMatch(f -> f.startsWith("-Xms")));
    }

    @Test
    void scriptsMemorydPassesThemToTheDaemonButNotToTheRenderCommand() throws Exception {
        String launcher = Files.readString(ROOT.resolve("scripts/memoryd"));

        assertTrue(launcher.contains("if memoryd_is_render \"$@\"; then"), launcher);
        assertTrue(launcher.contains("MEMORYD_JAVA_OPTS=\"$MEMORYD_DAEMON_FLAGS ${MEMORYD_JAVA_OPTS:-}\""), launcher);
        DaemonJvmFlags.ENVIRONMENT.forEach((name, value) -> assertTrue(
                launcher.contains("export " + name + "=\"${" + name + ":-" + value + "}\""), launcher));
    }

    @Test
    void scriptsMemorydTellsTheRenderCommandFromTheDaemonWhereverTheOptionsStand() throws Exception {
        assertTrue(isRender("render"));
        assertTrue(isRender("--home", "/w", "render", "--agent", "a"));
        assertTrue(isRender("--home=/w", "--json", "render"));
        assertFalse(isRender());
        assertFalse(isRender("--home", "/w"));
        assertFalse(isRender("daemon", "--renderers", "2"));
        assertFalse(isRender("--home", "render"), "a value named render is the home directory, not the command");
    }

    /** Runs the launcher's own memoryd_is_render function in bash. */
    private static boolean isRender(String... args) throws Exception {
        String function = "source <(sed -n '/^memoryd_is_render() {/,/^}/p' \"$0\"); memoryd_is_render \"$@\"";
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", "-c", function,
                ROOT.resolve("scripts/memoryd").toString()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        assertTrue(exit == 0 || exit == 1, "bash failed: " + out);
        return exit == 0;
    }
}
