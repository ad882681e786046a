package io.memoryd.tools;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.tools.bench.BenchRender;
import io.memoryd.tools.bench.BenchRun;
import io.memoryd.tools.generate.WorkspaceGenerator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the workspace tools ({@code generate}, {@code bench-render}, {@code bench-run}); not part of the
 * product jars.
 * Results go to stdout, logs and progress to stderr; exit code 0 only on success, 2 on usage errors.
 */
public final class MemoryTool {

    static final String USAGE = """
            usage: memoryd-tool <command> [options]   (scripts/gen-workspace, scripts/bench-render)

            commands:
              generate   write a deterministic benchmark workspace through the project's writers: sessions
                         of agents default, agent-1, ...; plus memories, thread heads, temporal nodes, noise
                         sessions in /tmp projects and hand-made notes unless --plain
                         --artifacts N [--agents A] [--seed S] [--plain] --out DIR
              bench-render  render benchmark over generated workspaces, Markdown table of medians
                         [--sizes 1000,8500,30000] [--runs 5] [--work DIR]
              bench-run  time renders of one workspace in this process (used by bench-render)
                         --home DIR [--warm-runs N] [--changes N]

            The workspace root is --home, else $MEMORYD_HOME, else $SIGNET_PATH, else ~/.agents.
            Every command accepts --help.
            """;

    private MemoryTool() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    /** Runs a command; returns the process exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        try {
            return switch (command) {
                case "generate" -> WorkspaceGenerator.main(rest, out, err);
                case "bench-run" -> BenchRun.main(rest, out, err);
                case "bench-render" -> BenchRender.main(rest, out, err);
                default -> throw new CommandArgs.UsageException("unknown command " + command);
            };
        } catch (CommandArgs.UsageException e) {
            err.println("memoryd: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (RuntimeException | java.io.IOException e) {
            err.println("memoryd " + command + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("memoryd " + command + ": interrupted");
            return 1;
        }
    }
}
