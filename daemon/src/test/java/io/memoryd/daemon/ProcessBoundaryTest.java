package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The daemon meets the renderer only as a process: its production code may use the renderer module's
 * {@code launch} package (the command line and the AppCDS archive that start one) and nothing else of it.
 */
class ProcessBoundaryTest {

    private static final Pattern RENDERER_REFERENCE = Pattern.compile("io\\.memoryd\\.renderer\\.([\\w.]+)");

    @Test
    void daemonCodeUsesOnlyTheRenderersLaunchPackage() throws IOException {
        List<String> crossings;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            crossings = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(ProcessBoundaryTest::rendererReferences)
                    .filter(reference -> !reference.contains("io.memoryd.renderer.launch."))
                    .toList();
        }
        assertEquals(List.of(), crossings);
    }

    private static Stream<String> rendererReferences(Path file) {
        try {
            Matcher m = RENDERER_REFERENCE.matcher(Files.readString(file));
            return m.results().map(r -> file.getFileName() + ": " + r.group());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
