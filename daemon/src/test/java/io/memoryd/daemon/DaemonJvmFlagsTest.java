package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        assertTrue(launcher.contains("if [[ ${1:-} != render ]]; then"), launcher);
        assertTrue(launcher.contains("MEMORYD_JAVA_OPTS=\"$MEMORYD_DAEMON_FLAGS ${MEMORYD_JAVA_OPTS:-}\""), launcher);
        DaemonJvmFlags.ENVIRONMENT.forEach((name, value) -> assertTrue(
                launcher.contains("export " + name + "=\"${" + name + ":-" + value + "}\""), launcher));
    }
}
