package io.memoryd.daemon.cli;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.text.JsonStrings;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.OptionSpec;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code memoryd render}: prints one agent's MEMORY.md projection, rendered in this process without a daemon
 * (the index is brought up to date first).
 */
final class RenderCommand {

    static final String USAGE = """
            usage: memoryd render [--agent ID] [--home DIR] [--max-tokens N] [--json] [--help] [--version]
              prints the MEMORY.md projection of a workspace, rendered in this process (--max-tokens at least 1)
            """;

    static final OptionSpec SPEC = OptionSpec.none().valued("--agent", "--home", "--max-tokens").flags("--json");

    private RenderCommand() {
    }

    /** Renders and prints; returns the exit code. Usage errors throw {@link io.memoryd.process.cli.UsageException}. */
    static int run(CommandArgs a, PrintStream out) {
        Path root = WorkspaceRoots.resolve(a.get("--home", null), System.getenv(), System.getProperty("user.home"));
        AgentId agent = AgentId.parse(a.get("--agent", null));
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(root))) {
            Projection p = ws.synthesize(agent, a.getInt("--max-tokens", TokenBudget.DEFAULT_MAX_TOKENS, 1));
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
