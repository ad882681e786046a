package io.memoryd.daemon.cli.hooks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code memoryctl doctor} needs to know about memoryd's Claude Code hooks, read the way
 * {@code memoryctl hooks status} reads them: whether each event memoryd installs has a memoryd hook and
 * whether every installed hook posts to the workspace's hook socket. Stateless.
 */
public final class InstalledHooks {

    /**
     * The hooks in one settings file.
     *
     * @param settings the file read
     * @param problem why the file could not be read, or null
     * @param missing events without a memoryd hook
     * @param elsewhere sockets installed hooks post to that are not the workspace's (or cannot be read back)
     */
    public record Summary(Path settings, String problem, List<String> missing, List<String> elsewhere) {
    }

    private InstalledHooks() {
    }

    /** Claude Code's settings file: $CLAUDE_CONFIG_DIR/settings.json, else $HOME/.claude/settings.json. */
    public static Path settingsPath(Map<String, String> env, String userHome) {
        return new HooksCommand(env, userHome, java.time.Clock.systemUTC()).settingsPath(null);
    }

    /** Reads memoryd's hooks in {@code settings} against {@code workspaceSocket}. */
    public static Summary inspect(Path settings, Path workspaceSocket) {
        List<ClaudeHookEntries.Found> found;
        try {
            found = ClaudeHookEntries.find(ClaudeSettingsFile.at(settings).read());
        } catch (SettingsRefused e) {
            return new Summary(settings, e.getMessage(), List.of(), List.of());
        } catch (IOException e) {
            return new Summary(settings, "cannot be read (" + e + ")", List.of(), List.of());
        }
        List<String> missing = java.util.Arrays.stream(ClaudeHookEvent.values()).map(ClaudeHookEvent::settingsKey)
                .filter(event -> found.stream().noneMatch(f -> f.event().equals(event))).toList();
        Path expected = workspaceSocket.toAbsolutePath().normalize();
        List<String> elsewhere = found.stream()
                .map(f -> HookCommand.parse(f.command()).map(t -> t.socket().toAbsolutePath().normalize()))
                .filter(socket -> socket.isEmpty() || !socket.get().equals(expected))
                .map(socket -> socket.map(Path::toString).orElse("(unreadable command)")).distinct().toList();
        return new Summary(settings, null, missing, elsewhere);
    }
}
