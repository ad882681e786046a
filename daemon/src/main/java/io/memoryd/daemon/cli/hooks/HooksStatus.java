package io.memoryd.daemon.cli.hooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code memoryctl hooks status claude-code} reports: each memoryd hook in the settings, the socket it
 * posts to, whether that socket exists now and whether it is the current workspace's, and which events have
 * no memoryd hook. Printed as lines of text or as one JSON object. Immutable once made.
 */
final class HooksStatus {

    /** One installed memoryd hook; {@code target} is empty when its command could not be read back. */
    private record Hook(String event, Optional<HookCommand.Target> target, boolean socketExists) {
    }

    private final Path settings;
    private final boolean settingsExist;
    private final Path workspaceSocket;
    private final boolean workspaceSocketExists;
    private final List<Hook> hooks;
    private final List<String> missing;

    private HooksStatus(Path settings, boolean settingsExist, Path workspaceSocket, List<Hook> hooks,
            List<String> missing) {
        this.settings = settings;
        this.settingsExist = settingsExist;
        this.workspaceSocket = workspaceSocket;
        this.workspaceSocketExists = Files.exists(workspaceSocket);
        this.hooks = List.copyOf(hooks);
        this.missing = List.copyOf(missing);
    }

    /** The status of {@code found} (memoryd's entries in {@code settings}) against {@code workspaceSocket}. */
    static HooksStatus of(Path settings, boolean settingsExist, Path workspaceSocket,
            List<ClaudeHookEntries.Found> found) {
        List<Hook> hooks = new ArrayList<>();
        for (ClaudeHookEntries.Found f : found) {
            Optional<HookCommand.Target> target = HookCommand.parse(f.command());
            hooks.add(new Hook(f.event(), target, target.map(t -> Files.exists(t.socket())).orElse(false)));
        }
        List<String> missing = new ArrayList<>();
        for (ClaudeHookEvent event : ClaudeHookEvent.values()) {
            if (hooks.stream().noneMatch(h -> h.event().equals(event.settingsKey()))) {
                missing.add(event.settingsKey());
            }
        }
        return new HooksStatus(settings, settingsExist, workspaceSocket, hooks, missing);
    }

    /** Whether every event memoryd installs has a memoryd hook. */
    boolean complete() {
        return missing.isEmpty();
    }

    /** One line per fact: the settings file, the workspace's socket, then each event. */
    String text() {
        StringBuilder s = new StringBuilder();
        s.append("settings: ").append(settings).append(settingsExist ? "" : " (missing)").append('\n');
        s.append("workspace socket: ").append(workspaceSocket)
                .append(workspaceSocketExists ? " (exists)" : " (missing)").append('\n');
        for (Hook hook : hooks) {
            s.append(hook.event()).append(": installed, ");
            if (hook.target().isEmpty()) {
                s.append("socket unknown (the command is not in memoryd's format)\n");
                continue;
            }
            HookCommand.Target t = hook.target().get();
            s.append("socket ").append(t.socket()).append(" (").append(hook.socketExists() ? "exists" : "missing")
                    .append(", ").append(matches(t) ? "this workspace's" : "not this workspace's")
                    .append("), agent ").append(t.agent()).append('\n');
        }
        for (String event : missing) {
            s.append(event).append(": not installed\n");
        }
        return s.toString();
    }

    /** The same facts as one JSON object. */
    JsonObject json() {
        JsonObject o = new JsonObject();
        o.addProperty("settings", settings.toString());
        o.addProperty("settingsExists", settingsExist);
        o.addProperty("workspaceSocket", workspaceSocket.toString());
        o.addProperty("workspaceSocketExists", workspaceSocketExists);
        o.addProperty("installed", complete());
        JsonArray list = new JsonArray();
        for (Hook hook : hooks) {
            JsonObject h = new JsonObject();
            h.addProperty("event", hook.event());
            hook.target().ifPresent(t -> {
                h.addProperty("path", t.path());
                h.addProperty("socket", t.socket().toString());
                h.addProperty("agent", t.agent());
                h.addProperty("socketExists", hook.socketExists());
                h.addProperty("matchesWorkspace", matches(t));
            });
            h.addProperty("readable", hook.target().isPresent());
            list.add(h);
        }
        o.add("hooks", list);
        JsonArray absent = new JsonArray();
        missing.forEach(absent::add);
        o.add("missing", absent);
        return o;
    }

    private boolean matches(HookCommand.Target target) {
        return target.socket().toAbsolutePath().normalize().equals(workspaceSocket.toAbsolutePath().normalize());
    }
}
