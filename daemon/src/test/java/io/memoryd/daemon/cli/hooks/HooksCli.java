package io.memoryd.daemon.cli.hooks;

import io.memoryd.daemon.cli.CliOutcome;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.CommandSet;
import io.memoryd.process.cli.OptionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * {@code memoryctl hooks} run in process with an environment, home and clock of the test's choosing (the
 * end-to-end test through memoryctl's own main is {@code MemoryCtlHooksTest}), and the golden files.
 */
final class HooksCli {

    /** The clock of every backup name in these tests: 2025-01-31T12:00:00Z. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-31T12:00:00Z"), ZoneOffset.UTC);

    /** memoryctl's global options and its hooks command. */
    private static final CommandSet SYNTAX = CommandSet.withGlobal(OptionSpec.none()
                    .valued("--home", "--socket", "--tcp").flags("--json"))
            .command(HooksCommand.NAME, HooksCommand.options());

    private final HooksCommand command;
    private final CommandRunner runner = new CommandRunner("memoryctl", SYNTAX, HooksCommand.USAGE, HooksCli.class);

    HooksCli(Map<String, String> env, Path userHome) {
        this.command = new HooksCommand(env, userHome.toString(), CLOCK);
    }

    /** Runs {@code memoryctl hooks <args>}. */
    CliOutcome run(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = HooksCommand.NAME;
        System.arraycopy(args, 0, line, 1, args.length);
        return CliOutcome.of((a, out, err) -> runner.run(a, out, err, command::run), line);
    }

    /** A golden file of this package's test resources, as text. */
    static String golden(String name) {
        try (InputStream in = HooksCli.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
