package io.memoryd.daemon.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files of operator output, next to this class in the test resources. Run with
 * {@code -Dmemoryd.golden.update=true} to rewrite them from the current output (then review the diff).
 */
final class Golden {

    private static final Path SOURCE = Path.of("src/test/resources/io/memoryd/daemon/cli/ops");

    private Golden() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        if (Boolean.getBoolean("memoryd.golden.update")) {
            Files.createDirectories(SOURCE);
            Files.writeString(SOURCE.resolve(name), actual);
            return;
        }
        try (InputStream in = Golden.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + name + "; the output was:\n" + actual);
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, name);
        }
    }

    /** {@code text} without ANSI colour sequences. */
    static String stripAnsi(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
