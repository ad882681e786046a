package io.memoryd.memory.multiprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.testing.TestWorkspace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/format.md §2.8 across processes (the daemon, renderers and {@code memoryd render} can all write): two
 * JVMs writing different summaries of one session at the same moment end with one success and one
 * {@code content mismatch}, and the file holds the winner's text.
 */
class TwoProcessWriteTest {

    private static final int ROUNDS = 10;

    @TempDir
    Path root;

    @Test
    @Timeout(120)
    void twoProcessesWritingDifferentSummariesOfOneSession_oneWinsTheOtherGetsContentMismatch() throws Exception {
        TestWorkspace.open(root).close();
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        List<Writer> inputs = new ArrayList<>();
        List<String> labels = List.of("Process A wrote", "Process B wrote");
        try {
            for (String label : labels) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), WriteChild.class.getName(), root.toString(), label)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
                inputs.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            }
            for (BufferedReader out : outputs) {
                assertEquals("READY", out.readLine());
            }
            for (int round = 0; round < ROUNDS; round++) {
                String session = "race-" + round;
                for (Writer in : inputs) {
                    in.write("WRITE " + session + "\n");
                    in.flush();
                }
                List<String> answers = List.of(outputs.get(0).readLine(), outputs.get(1).readLine());

                int winner = answers.get(0).startsWith("WROTE ") ? 0 : 1;
                assertTrue(answers.get(winner).startsWith("WROTE "), "round " + round + ": " + answers);
                assertEquals("REFUSED content mismatch", answers.get(1 - winner), "round " + round + ": " + answers);
                Path file = root.resolve(answers.get(winner).substring("WROTE ".length()));
                assertEquals(labels.get(winner) + " " + session,
                        FrontMatterCodec.parse(Files.readString(file)).body().strip());
            }
            for (Writer in : inputs) {
                in.close();
            }
            for (Process p : children) {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue());
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }
}
