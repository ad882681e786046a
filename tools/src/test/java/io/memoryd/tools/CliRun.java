package io.memoryd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.process.cli.MemorydVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What an in-process run of a tool's command line printed and returned, with the checks every tool shares. */
public record CliRun(int code, String out, String err) {

    /** A tool's {@code run(args, out, err)}. */
    public interface Cli {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    public static CliRun of(Cli cli, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exit 2, {@code firstLine} then {@code usage} on stderr, nothing on stdout. */
    public void assertUsageError(String firstLine, String usage) {
        assertEquals(2, code, err);
        assertEquals(firstLine, err.lines().findFirst().orElse(""));
        assertTrue(err.endsWith(usage), err);
        assertEquals("", out);
    }

    /** Exit 0, {@code memoryd <version>} on stdout, nothing on stderr. */
    public void assertVersion() {
        assertEquals(new CliRun(0, "memoryd " + MemorydVersion.of(CliRun.class) + "\n", ""), this);
    }
}
