package io.memoryd.daemon.cli;

import io.memoryd.daemon.DaemonMain;
import io.memoryd.daemon.DaemonOptions;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.CommandSet;
import io.memoryd.process.cli.OptionSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code scripts/memoryd}: with no command, or {@code daemon}, runs the daemon in the foreground;
 * {@code render} prints a projection rendered in this process. Options may come before or after the command.
 */
public final class MemorydCommand {

    static final CommandSet SYNTAX = CommandSet.withGlobal(OptionSpec.none())
            .command("daemon", DaemonOptions.SPEC)
            .command("render", RenderCommand.SPEC)
            .defaultCommand("daemon");

    private static final CommandRunner CLI = new CommandRunner("memoryd", SYNTAX,
            command -> "render".equals(command) ? RenderCommand.USAGE : DaemonMain.USAGE_HEADER + DaemonMain.USAGE,
            MemorydCommand.class);

    private MemorydCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    /** Runs the daemon until it stops, or renders; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return CLI.run(args, out, err, MemorydCommand::dispatch);
    }

    private static int dispatch(CommandArgs a, PrintStream out, PrintStream err) {
        if (a.command().equals("render")) {
            return RenderCommand.run(a, out);
        }
        return DaemonMain.serve(DaemonOptions.from(a, System.getenv(), System.getProperty("user.home")), out, err);
    }
}
