package io.memoryd.daemon.cli.hooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * memoryd's hook entries inside a Claude Code settings object: checking that the object has the documented
 * shape, finding memoryd's entries, removing them, adding them. The shape is
 * {@code {"hooks": {"<Event>": [{"matcher": "…", "hooks": [{"type": "command", "command": "…"}]}]}}}; an
 * entry is memoryd's when its {@code command} is a string containing {@link HookCommand#MARKER}, whatever
 * socket or agent it names, so that installing again replaces it. Everything else is foreign and never
 * touched. The methods change the object they are given (the caller's copy); not thread-safe.
 */
final class ClaudeHookEntries {

    /** The settings key of the hooks object, and of the entry list in each matcher group. */
    static final String HOOKS = "hooks";

    /** One memoryd entry found: its event and its command. */
    record Found(String event, String command) {
    }

    private ClaudeHookEntries() {
    }

    /**
     * What is wrong with the shape of {@code settings}, naming where; empty when it is an object whose
     * {@code hooks} (if any) is an object of arrays of matcher-group objects whose {@code hooks} (if any) are
     * arrays of objects. Only the shape of what memoryd walks through is checked.
     */
    static Optional<String> check(JsonElement settings) {
        if (!settings.isJsonObject()) {
            return Optional.of("the top level is " + kind(settings) + ", expected an object");
        }
        JsonElement hooks = settings.getAsJsonObject().get(HOOKS);
        if (hooks == null) {
            return Optional.empty();
        }
        if (!hooks.isJsonObject()) {
            return wrong(HOOKS, hooks, "an object");
        }
        for (Map.Entry<String, JsonElement> event : hooks.getAsJsonObject().entrySet()) {
            String where = HOOKS + "." + event.getKey();
            if (!event.getValue().isJsonArray()) {
                return wrong(where, event.getValue(), "an array of matcher groups");
            }
            JsonArray groups = event.getValue().getAsJsonArray();
            for (int i = 0; i < groups.size(); i++) {
                String groupWhere = where + "[" + i + "]";
                if (!groups.get(i).isJsonObject()) {
                    return wrong(groupWhere, groups.get(i), "an object");
                }
                JsonElement entries = groups.get(i).getAsJsonObject().get(HOOKS);
                if (entries == null) {
                    continue;
                }
                if (!entries.isJsonArray()) {
                    return wrong(groupWhere + "." + HOOKS, entries, "an array");
                }
                for (int j = 0; j < entries.getAsJsonArray().size(); j++) {
                    JsonElement entry = entries.getAsJsonArray().get(j);
                    if (!entry.isJsonObject()) {
                        return wrong(groupWhere + "." + HOOKS + "[" + j + "]", entry, "an object");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** memoryd's entries in {@code settings} (already {@link #check checked}), in file order. */
    static List<Found> find(JsonObject settings) {
        List<Found> found = new ArrayList<>();
        JsonObject hooks = hooksOf(settings);
        if (hooks == null) {
            return found;
        }
        for (Map.Entry<String, JsonElement> event : hooks.entrySet()) {
            for (JsonElement group : event.getValue().getAsJsonArray()) {
                JsonArray entries = entriesOf(group);
                for (int j = 0; entries != null && j < entries.size(); j++) {
                    String command = memorydCommand(entries.get(j));
                    if (command != null) {
                        found.add(new Found(event.getKey(), command));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Removes memoryd's entries from {@code settings} (already {@link #check checked}), then whatever became
     * empty because of that: a matcher group, an event's array, the {@code hooks} object. Containers that
     * were empty before stay. Returns how many entries were removed.
     */
    static int remove(JsonObject settings) {
        JsonObject hooks = hooksOf(settings);
        if (hooks == null) {
            return 0;
        }
        int removed = 0;
        boolean eventRemoved = false;
        for (String event : List.copyOf(hooks.keySet())) {
            JsonArray groups = hooks.getAsJsonArray(event);
            boolean groupRemoved = false;
            for (int i = groups.size() - 1; i >= 0; i--) {
                JsonArray entries = entriesOf(groups.get(i));
                if (entries == null) {
                    continue;
                }
                int before = entries.size();
                for (int j = entries.size() - 1; j >= 0; j--) {
                    if (memorydCommand(entries.get(j)) != null) {
                        entries.remove(j);
                    }
                }
                removed += before - entries.size();
                if (before > 0 && entries.isEmpty()) {
                    groups.remove(i);
                    groupRemoved = true;
                }
            }
            if (groupRemoved && groups.isEmpty()) {
                hooks.remove(event);
                eventRemoved = true;
            }
        }
        if (eventRemoved && hooks.isEmpty()) {
            settings.remove(HOOKS);
        }
        return removed;
    }

    /**
     * Appends a matcher group without a matcher (every source of the event) holding {@code entry} to
     * {@code event}'s array, creating the array and the {@code hooks} object (at the end) when missing.
     */
    static void add(JsonObject settings, String event, JsonObject entry) {
        JsonObject hooks = hooksOf(settings);
        if (hooks == null) {
            hooks = new JsonObject();
            settings.add(HOOKS, hooks);
        }
        JsonArray groups = hooks.getAsJsonArray(event);
        if (groups == null) {
            groups = new JsonArray();
            hooks.add(event, groups);
        }
        JsonArray entries = new JsonArray();
        entries.add(entry);
        JsonObject group = new JsonObject();
        group.add(HOOKS, entries);
        groups.add(group);
    }

    /** An entry of Claude Code's {@code command} type. */
    static JsonObject commandEntry(String command, int timeoutSeconds) {
        JsonObject entry = new JsonObject();
        entry.addProperty("type", "command");
        entry.addProperty("command", command);
        entry.addProperty("timeout", timeoutSeconds);
        return entry;
    }

    private static JsonObject hooksOf(JsonObject settings) {
        JsonElement hooks = settings.get(HOOKS);
        return hooks == null ? null : hooks.getAsJsonObject();
    }

    private static JsonArray entriesOf(JsonElement group) {
        JsonElement entries = group.getAsJsonObject().get(HOOKS);
        return entries == null ? null : entries.getAsJsonArray();
    }

    /** The entry's command when it is memoryd's, else null. */
    private static String memorydCommand(JsonElement entry) {
        JsonElement command = entry.getAsJsonObject().get("command");
        if (command == null || !command.isJsonPrimitive() || !command.getAsJsonPrimitive().isString()) {
            return null;
        }
        return HookCommand.isMemoryd(command.getAsString()) ? command.getAsString() : null;
    }

    private static Optional<String> wrong(String where, JsonElement value, String expected) {
        return Optional.of("\"" + where + "\" is " + kind(value) + ", expected " + expected);
    }

    /** "an object", "a string", "null"…: how a JSON value is named in messages. */
    private static String kind(JsonElement value) {
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        if (value.isJsonNull()) {
            return "null";
        }
        var primitive = value.getAsJsonPrimitive();
        return primitive.isString() ? "a string" : primitive.isNumber() ? "a number" : "a boolean";
    }
}
