package io.memoryd.daemon.cli.hooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.memoryd.daemon.RunDirectory;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.InvalidAgentIdException;
import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code memoryctl hooks install|uninstall|status claude-code}: puts memoryd's hooks into Claude Code's
 * settings.json, takes them out again, or reports them. Install and uninstall back the file up and rewrite it
 * atomically only when something changes; a file memoryd cannot read safely is refused and left as it is.
 * The socket the hooks post to is the hook gateway's in the run directory of the workspace ({@code --home},
 * else {@code MEMORYD_HOME}, …), as for every memoryctl command. Immutable; thread-safe.
 */
public final class HooksCommand {

    /** The command's name in memoryctl, and the command its usage errors belong to. */
    public static final String NAME = "hooks";

    public static final String USAGE = """
            usage: memoryctl hooks install|uninstall|status claude-code [--home DIR] [--settings FILE] [--json]

              hooks install claude-code [--agent A]   add memoryd's SessionStart and SessionEnd hooks to Claude
                                                      Code's settings, replacing earlier memoryd hooks
              hooks uninstall claude-code             remove exactly those hooks
              hooks status claude-code                which memoryd hooks are installed, the socket they post to,
                                                      whether it exists and whether it is this workspace's

            The hooks post Claude Code's hook input with curl to <run dir of the workspace>/hooks.sock, naming
            agent A (header X-Memoryd-Agent) unless it is "default". They exit 0 with nothing on stdout when
            the daemon is down or slow; MEMORYD_BYPASS=1 in Claude Code's environment turns them off.
            The settings file is --settings, else $CLAUDE_CONFIG_DIR/settings.json, else $HOME/.claude/settings.json.
            Install and uninstall change nothing else in it: when they change it they first copy it to
            <file>.memoryd-backup-<UTC time> (printed), then replace it atomically, keeping its mode. A file
            that is not valid JSON, or whose "hooks" are not shaped as Claude Code documents, is refused and
            left unchanged. Exit codes: 0 on success; 1 when the file is refused or cannot be written; 2 for a
            bad command line.
            """;

    private static final List<String> ACTIONS = List.of("install", "uninstall", "status");

    private final Map<String, String> env;
    private final String userHome;
    private final Clock clock;

    /**
     * @param env the environment ({@code MEMORYD_HOME}, {@code XDG_RUNTIME_DIR}, {@code CLAUDE_CONFIG_DIR})
     * @param userHome the passwd home: where {@code ~} is when {@code HOME} is unset
     * @param clock the time in backup names
     */
    public HooksCommand(Map<String, String> env, String userHome, Clock clock) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
        this.clock = clock;
    }

    /** The options of {@code hooks} (besides memoryctl's global ones): the action and the harness follow it. */
    public static OptionSpec options() {
        return OptionSpec.none().valued("--agent", "--settings").positionals(2);
    }

    /** Runs the action named in {@code a}; returns the exit code. */
    public int run(CommandArgs a, PrintStream out, PrintStream err) {
        String action = action(a);
        if (a.has("--socket") || a.has("--tcp")) {
            throw new UsageException("--socket and --tcp do not apply to hooks: they post to "
                    + RunDirectory.HOOKS_SOCKET + " in the run directory of the workspace (--home)", NAME);
        }
        if (a.has("--agent") && !action.equals("install")) {
            throw new UsageException("--agent applies to hooks install only", NAME);
        }
        AgentId agent = agent(a.get("--agent", null));
        Path root = WorkspaceRoots.resolve(a.get("--home", null), env, userHome);
        Path socket = RunDirectory.hooksSocket(RunDirectory.choose(root, env));
        Path settingsPath = settingsPath(a.get("--settings", null));
        try {
            ClaudeSettingsFile file = ClaudeSettingsFile.at(settingsPath);
            JsonObject settings = file.read();
            JsonElement result = switch (action) {
                case "install" -> install(file, settings, socket, agent);
                case "uninstall" -> uninstall(file, settings);
                case "status" -> {
                    HooksStatus status = HooksStatus.of(file.path(), file.exists(), socket,
                            ClaudeHookEntries.find(settings));
                    if (!a.has("--json")) {
                        out.print(status.text());
                        yield null;
                    }
                    yield status.json();
                }
                default -> throw new IllegalStateException("action " + action + " is declared but not handled");
            };
            if (result != null) {
                out.print(a.has("--json") ? StrictJson.print(result) : text(result.getAsJsonObject()));
            }
            return CommandRunner.EXIT_OK;
        } catch (SettingsRefused e) {
            err.println("memoryctl hooks " + action + ": refusing " + e.getMessage()
                    + (action.equals("status") ? "" : "; left unchanged"));
            return CommandRunner.EXIT_FAILURE;
        } catch (IOException | UncheckedIOException e) {
            // An I/O exception's message is often just a path: name the file and the kind of failure too.
            err.println("memoryctl hooks " + action + ": cannot read, back up or write " + settingsPath + ": "
                    + (e instanceof UncheckedIOException u ? u.getCause() : e));
            return CommandRunner.EXIT_FAILURE;
        }
    }

    private JsonObject install(ClaudeSettingsFile file, JsonObject settings, Path socket, AgentId agent)
            throws IOException {
        JsonObject changed = settings.deepCopy();
        int replaced = ClaudeHookEntries.remove(changed);
        JsonArray events = new JsonArray();
        for (ClaudeHookEvent event : ClaudeHookEvent.values()) {
            ClaudeHookEntries.add(changed, event.settingsKey(), ClaudeHookEntries.commandEntry(
                    HookCommand.build(event, socket, agent), event.timeoutSeconds()));
            events.add(event.settingsKey());
        }
        JsonObject result = new JsonObject();
        result.addProperty("settings", file.path().toString());
        result.add("installed", events);
        result.addProperty("socket", socket.toString());
        result.addProperty("agent", agent.value());
        boolean differs = write(file, settings, changed, result);
        // Earlier memoryd entries identical to the new ones were not replaced: the file was left alone.
        result.addProperty("replaced", differs ? replaced : 0);
        return result;
    }

    private JsonObject uninstall(ClaudeSettingsFile file, JsonObject settings) throws IOException {
        JsonObject changed = settings.deepCopy();
        JsonArray events = new JsonArray();
        ClaudeHookEntries.find(settings).stream().map(ClaudeHookEntries.Found::event).distinct()
                .forEach(events::add);
        int removed = ClaudeHookEntries.remove(changed);
        JsonObject result = new JsonObject();
        result.addProperty("settings", file.path().toString());
        result.addProperty("removed", removed);
        result.add("events", events);
        write(file, settings, changed, result);
        return result;
    }

    /**
     * Backs the file up and writes {@code changed} unless it equals {@code settings} (then the file is not
     * touched, not even reformatted); adds {@code changed} and {@code backup} to {@code result}; returns
     * whether it wrote.
     */
    private boolean write(ClaudeSettingsFile file, JsonObject settings, JsonObject changed, JsonObject result)
            throws IOException {
        boolean differs = !file.exists() ? !changed.isEmpty() : !changed.equals(settings);
        Path backup = null;
        if (differs) {
            if (file.exists()) {
                backup = file.backup(clock.instant());
            }
            file.write(changed);
        }
        result.addProperty("changed", differs);
        result.add("backup", backup == null ? JsonNull.INSTANCE : new JsonPrimitive(backup.toString()));
        return differs;
    }

    /** {@code key: value} lines; arrays joined with ", ", null as "none". */
    private static String text(JsonObject result) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, JsonElement> member : result.entrySet()) {
            JsonElement value = member.getValue();
            String shown;
            if (value.isJsonNull()) {
                shown = "none";
            } else if (value.isJsonArray()) {
                List<String> items = value.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList();
                shown = items.isEmpty() ? "none" : String.join(", ", items);
            } else {
                shown = value.getAsString();
            }
            s.append(member.getKey()).append(": ").append(shown).append('\n');
        }
        return s.toString();
    }

    private static String action(CommandArgs a) {
        List<String> p = a.positionals();
        if (p.isEmpty()) {
            throw new UsageException("name an action: " + String.join(", ", ACTIONS), NAME);
        }
        if (!ACTIONS.contains(p.get(0))) {
            throw new UsageException("unknown hooks action " + p.get(0) + " (" + String.join(", ", ACTIONS) + ")",
                    NAME);
        }
        if (p.size() < 2) {
            throw new UsageException("name the agent harness: " + HookCommand.HARNESS, NAME);
        }
        if (!p.get(1).equals(HookCommand.HARNESS)) {
            throw new UsageException("unknown agent harness " + p.get(1) + " (supported: " + HookCommand.HARNESS
                    + ")", NAME);
        }
        return p.get(0);
    }

    private static AgentId agent(String raw) {
        try {
            return AgentId.parse(raw);
        } catch (InvalidAgentIdException e) {
            throw new UsageException("--agent: " + e.getMessage(), NAME);
        }
    }

    /** --settings, else $CLAUDE_CONFIG_DIR/settings.json (Claude Code's own override), else $HOME/.claude. */
    Path settingsPath(String flag) {
        if (flag != null && !flag.isBlank()) {
            return Path.of(flag);
        }
        String configDir = env.get("CLAUDE_CONFIG_DIR");
        if (configDir != null && !configDir.isBlank()) {
            return Path.of(configDir, "settings.json");
        }
        return Path.of(WorkspaceRoots.userHome(env, userHome), ".claude", "settings.json");
    }
}
