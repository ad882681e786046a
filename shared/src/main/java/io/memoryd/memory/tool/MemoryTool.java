package io.memoryd.memory.tool;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.text.JsonStrings;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.WorkspaceRoots;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Entry point of the memory-core command-line tools ({@code render}, {@code generate}, {@code bench-run}).
 * Results go to stdout, logs and progress to stderr; exit code 0 only on success, 2 on usage errors.
 */
public final class MemoryTool {

    static final String USAGE = """
            usage: memoryd <command> [options]

            commands:
              render     print the MEMORY.md projection of a workspace
                         [--agent ID] [--home DIR] [--max-tokens N] [--json]
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
                case "render" -> render(rest, out);
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

    private static int render(List<String> rest, PrintStream out) {
        CommandArgs a = CommandArgs.parse(rest, Set.of("--agent", "--home", "--max-tokens"), Set.of("--json"));
        Path root = WorkspaceRoots.resolve(a.get("--home", null), System.getenv(), System.getProperty("user.home"));
        AgentId agent = AgentId.parse(a.get("--agent", null));
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(root))) {
            Projection p = ws.synthesize(agent, a.getInt("--max-tokens", TokenBudget.DEFAULT_MAX_TOKENS));
            if (a.has("--json")) {
                out.println("{\"content\":" + JsonStrings.quote(p.content()) + ",\"fileCount\":" + p.fileCount()
                        + ",\"indexBlock\":" + JsonStrings.quote(p.indexBlock()) + "}");
            } else {
                out.println(p.content());
            }
        }
        return 0;
    }
}
