package io.memoryd.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small runs of {@code scripts/stress} and {@code scripts/chaos} against real daemons, so the scripts cannot
 * rot. Their timing limits are loosened: on a shared CI machine the smoke proves the machinery and the
 * correctness criteria (nothing failed, nothing empty, nothing leaked, nothing lost), the full-size runs
 * in BENCHMARKS.md prove the speed.
 */
@Tag("smoke")
@Timeout(180)
class LoadScriptsSmokeTest {

    @TempDir
    Path work;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(boolean chaos, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = chaos ? ChaosCommand.run(args, o, e) : StressCommand.run(args, o, e);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stressSmoke_passesAndWritesItsReports() throws Exception {
        Outcome r = run(false, List.of("--artifacts", "300", "--agents", "2", "--clients", "4", "--seconds", "8",
                "--warm-up-seconds", "2",
                "--health-rate", "20", "--health-p99-ms", "1000", "--work", work.toString()));

        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("PASS"), r.out());
        String html = Files.readString(work.resolve("stress-report.html"));
        assertTrue(html.contains("<svg") && html.contains("Synthesize latency over time"));
        assertTrue(Files.readString(work.resolve("stress-report.json")).contains("\"passed\": true"));
    }

    @Test
    void chaosSmoke_losesNothingAndLeavesNoProcess() throws Exception {
        Outcome r = run(true, List.of("--artifacts", "300", "--agents", "2", "--clients", "4", "--seconds", "20",
                "--health-rate", "10", "--kill-every-ms", "4000", "--deadline-ms", "5000", "--churn-every-ms", "500",
                "--work", work.toString()));

        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(figure(r.out(), "renderer_kills") >= 2, r.out());
        String json = Files.readString(work.resolve("chaos-report.json"));
        assertTrue(json.contains("\"processes_alive_1s_after_daemon_kill\": 0"), json);
        assertTrue(Files.readString(work.resolve("chaos-report.html")).contains("class=\"fault\""));
    }

    /** A whole-number figure from the text output ("name   value" lines). */
    private static int figure(String out, String name) {
        for (String line : out.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Integer.parseInt(line.substring(name.length()).trim());
            }
        }
        throw new AssertionError("no figure " + name + " in\n" + out);
    }

    @Test
    void stressWithAnUnknownOption_isAUsageErrorOnStderr() {
        Outcome r = run(false, List.of("--clients", "2", "--bogus", "1"));

        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("stress: unknown option --bogus"), r.err());
    }
}
