package io.memoryd.process.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every command does around its work: help, version, usage errors, failures and their exit codes. */
class CommandRunnerTest {

    private static final String USAGE = "usage: demo [--n N]\n";

    private final CommandRunner runner = new CommandRunner("demo", OptionSpec.none().valued("--n"), USAGE,
            CommandRunnerTest.class);
    private final AtomicInteger bodyRuns = new AtomicInteger();

    private record Outcome(int code, String out, String err) {
    }

    private Outcome run(CommandRunner.Body body, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runner.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), body);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Outcome run(String... args) {
        return run((a, out, err) -> {
            bodyRuns.incrementAndGet();
            out.println("n=" + a.getInt("--n", 0, 0, 9));
            return 0;
        }, args);
    }

    @Test
    void unknownOption_exits2_withOneLineNamingItAndTheUsageOnStderr_andNothingOnStdout() {
        Outcome r = run("--bogus");

        assertEquals(2, r.code());
        assertEquals("demo: unknown option --bogus\n" + USAGE, r.err());
        assertEquals("", r.out());
        assertEquals(0, bodyRuns.get());
    }

    @Test
    void badValueFoundByTheBody_isAUsageErrorToo() {
        Outcome r = run("--n", "10");

        assertEquals(2, r.code());
        assertEquals("demo: --n must be a whole number from 0 to 9: 10\n" + USAGE, r.err());
        assertEquals("", r.out());
    }

    @Test
    void help_printsTheUsageOnStdout_exits0_andDoesNotRunTheCommand() {
        Outcome r = run("--n", "3", "--help");

        assertEquals(new Outcome(0, USAGE, ""), r);
        assertEquals(0, bodyRuns.get());
    }

    @Test
    void version_printsMemorydAndTheVersionOnStdout_exits0() {
        Outcome r = run("--version");

        assertEquals(0, r.code());
        assertTrue(r.out().matches("memoryd [0-9][^\\s]*\n"), r.out());
        assertEquals("", r.err());
        assertEquals(0, bodyRuns.get());
    }

    @Test
    void failureOfTheCommand_exits1_withItsMessageOnStderr() {
        Outcome r = run((a, out, err) -> {
            throw new IllegalStateException("the workspace is broken");
        });

        assertEquals(new Outcome(1, "", "demo: the workspace is broken\n"), r);
    }

    @Test
    void success_isTheBodysExitCodeAndOutput() {
        Outcome r = run("--n=4");

        assertEquals(new Outcome(0, "n=4\n", ""), r);
        assertFalse(r.out().isEmpty());
    }

    @Test
    void usageErrorInACommand_printsThatCommandsUsage() {
        CommandSet set = CommandSet.withGlobal(OptionSpec.none()).command("a", OptionSpec.none())
                .command("b", OptionSpec.none());
        CommandRunner twoUsages = new CommandRunner("demo", set, c -> "usage of " + c + "\n", CommandRunnerTest.class);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = twoUsages.run(List.of("b", "--x"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), (a, o, e) -> 0);

        assertEquals(2, code);
        assertEquals("demo: unknown option --x for b\nusage of b\n", err.toString(StandardCharsets.UTF_8));
    }
}
