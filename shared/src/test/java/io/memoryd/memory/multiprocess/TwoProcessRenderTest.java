package io.memoryd.memory.multiprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue point "several processes at once": two real JVMs rendering the same agent at the same moment
 * leave the database and the manifests exactly as one render does, and neither sees an error.
 */
class TwoProcessRenderTest {

    private static final String NOW = "2026-04-30T12:00:00.000Z";

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    @DisplayName("two JVMs rendering one agent together leave DB rows and manifests as one render would")
    void twoProcessesRenderingTogetherEqualOneRender() throws Exception {
        Path seed = dir.resolve("seed");
        try (TestWorkspace t = TestWorkspace.open(seed)) {
            for (int i = 0; i < 40; i++) {
                t.ws.writer().writeSummary(TestWorkspace.session("default", "s" + i, "/home/u/proj",
                        String.format("2026-04-%02dT10:00:00.000Z", 1 + i % 29), "Body of session " + i + "."));
            }
        }
        Path single = copy(seed, dir.resolve("single"));
        Path pair = copy(seed, dir.resolve("pair"));

        String singleContent;
        WorkspaceOptions options = WorkspaceOptions.defaults(single).withFsync(false)
                .withClock(Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC));
        try (MemoryWorkspace ws = MemoryWorkspace.open(options)) {
            singleContent = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS).content();
        }

        runTogether("DONE " + ArtifactBody.sha256(singleContent), pair.toString(), NOW);

        assertEquals(rows(single), rows(pair));
        assertEquals(manifests(single), manifests(pair));
    }

    @Test
    @Timeout(90)
    @DisplayName("two JVMs rewriting one manifest together lose no revision")
    void twoProcessesUpdatingOneManifestLoseNoRevision() throws Exception {
        Path root = dir.resolve("ws");
        String manifest;
        try (TestWorkspace t = TestWorkspace.open(root)) {
            manifest = t.ws.writer().writeSummary(TestWorkspace.session("default", "s1", "/home/u/proj",
                    "2026-04-29T10:00:00.000Z", "Body.")).manifestPath();
        }

        runTogether("DONE updates", root.toString(), NOW, "update", manifest, "25");

        String text = Files.readString(root.resolve(manifest));
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("\nrevision: 51\n"), text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("\ntest_counter: 50\n"), text);
    }

    /** Starts two children, releases them at the same moment, and expects {@code done} from both. */
    private static void runTogether(String done, String... args) throws Exception {
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), RenderChild.class.getName()));
                command.addAll(List.of(args));
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader out : outputs) {
                assertEquals("READY", out.readLine());
            }
            for (Process p : children) {
                Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                in.write("GO\n");
                in.flush();
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(done, outputs.get(i).readLine());
                assertEquals(true, children.get(i).waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, children.get(i).exitValue());
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /** Every memory_artifacts row except the file mtime (copies and rewrites differ there by nature). */
    private static List<String> rows(Path root) {
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(root))) {
            return ws.database().read("dump", c -> {
                List<String> out = new ArrayList<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT * FROM memory_artifacts ORDER BY agent_id, source_path")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            if (!md.getColumnName(i).equals("source_mtime_ms")) {
                                row.append(md.getColumnName(i)).append('=').append(rs.getString(i)).append('|');
                            }
                        }
                        out.add(row.toString());
                    }
                }
                return out;
            });
        }
    }

    private static TreeMap<String, String> manifests(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve("memory"))) {
            for (Path f : files.filter(p -> p.toString().endsWith("--manifest.md")).toList()) {
                out.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return out;
    }
}
