package io.memoryd.daemon.cli;

import io.memoryd.daemon.DaemonMain;
import io.memoryd.process.cli.CommandArgs;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scripts/memoryd}: with no command, or {@code daemon}, runs the daemon in the foreground;
 * {@code render} prints a projection rendered in this process.
 */
public final class MemorydCommand {

    private MemorydCommand() {
    }

    public static void main(String[] args) {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty() || list.get(0).equals("daemon") || list.get(0).startsWith("--")) {
            if (list.equals(List.of("--help"))) {
                System.out.print(DaemonMain.USAGE_HEADER);
            }
            DaemonMain.main(list.isEmpty() || !list.get(0).equals("daemon") ? args
                    : list.subList(1, list.size()).toArray(String[]::new));
            return;
        }
        System.exit(run(list, new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    private static int run(List<String> args, PrintStream out, PrintStream err) {
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (!command.equals("render")) {
            err.println("memoryd: unknown command " + command);
            err.print(DaemonMain.USAGE_HEADER);
            return 2;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(RenderCommand.USAGE);
            return 0;
        }
        try {
            return RenderCommand.run(rest, out);
        } catch (CommandArgs.UsageException e) {
            err.println("memoryd render: " + e.getMessage());
            err.print(RenderCommand.USAGE);
            return 2;
        } catch (RuntimeException e) {
            err.println("memoryd render: " + e.getMessage());
            return 1;
        }
    }
}
