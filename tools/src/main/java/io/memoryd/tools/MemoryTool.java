package io.memoryd.tools;

import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.CommandSet;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import io.memoryd.tools.bench.BenchHead;
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
                         --artifacts N [--agents A] [--seed S] [--plain] [--size-factor F] --out DIR
                         (--size-factor: summaries and transcripts F times their usual size)
              bench-render  render benchmark over generated workspaces, Markdown table of medians
                         [--sizes 1000,8500,30000] [--runs 5] [--work DIR]
              bench-run  time renders of one workspace in this process (used by bench-render)
                         --home DIR [--warm-runs N] [--changes N]
              bench-head time MEMORY.md head writes (changed and unchanged) on a workspace it may write to
                         --home DIR [--writes N] [--warmup N]   (scripts/bench-head runs it on a copy)

            Options take "--name value" or "--name=value", before or after the command. Every command accepts
            --help and --version. Exit codes: 0 on success, 1 on failure, 2 for a bad command line.
            """;

    static final CommandSet SYNTAX = CommandSet.withGlobal(OptionSpec.none())
            .command("generate", WorkspaceGenerator.SPEC)
            .command("bench-run", BenchRun.SPEC)
            .command("bench-head", BenchHead.SPEC)
            .command("bench-render", BenchRender.SPEC);

    private static final CommandRunner CLI = new CommandRunner("memoryd-tool", SYNTAX, USAGE, MemoryTool.class);

    private MemoryTool() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    /** Runs a command; returns the process exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return CLI.run(args, out, err, (a, o, e) -> {
            if (a.command() == null) {
                throw new UsageException("name a command: " + String.join(", ", SYNTAX.names()));
            }
            return switch (a.command()) {
                case "generate" -> WorkspaceGenerator.run(a, o, e);
                case "bench-run" -> BenchRun.run(a, o, e);
                case "bench-head" -> BenchHead.run(a, o, e);
                default -> BenchRender.run(a, o, e);
            };
        });
    }
}
