package io.memoryd.daemon.cli.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.memoryd.daemon.cli.CliOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For random settings without memoryd entries: install(install(x)) = install(x) and uninstall(install(x)) = x,
 * byte for byte (x written the way memoryd writes JSON, since a rewrite normalises the layout). The generator
 * leaves out one input: an event array or {@code hooks} object that is empty before install, which uninstall
 * removes as emptied by it (nothing records that it was there before; see ClaudeSettingsGoldenTest).
 */
class InstallUninstallPropertyTest {

    private static final List<String> EVENTS = List.of("SessionStart", "SessionEnd", "PreToolUse", "Stop",
            "UserPromptSubmit", "PreCompact");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40})
    void installIsIdempotent_andUninstallUndoesIt(long seed) throws IOException {
        Random random = new Random(seed);
        String original = StrictJson.print(settings(random));
        Path settings = dir.resolve("settings.json");
        Files.writeString(settings, original);
        HooksCli cli = new HooksCli(Map.of(), dir);
        String agent = random.nextBoolean() ? "default" : "agent-" + random.nextInt(5);

        String[] install = {"install", "claude-code", "--home", "/ws", "--agent", agent, "--settings",
                settings.toString()};

        assertOk(cli.run(install));
        String once = Files.readString(settings);
        assertOk(cli.run(install));
        String twice = Files.readString(settings);
        assertOk(cli.run("uninstall", "claude-code", "--settings", settings.toString()));

        assertEquals(once, twice, original);
        assertEquals(original, Files.readString(settings));
    }

    private static void assertOk(CliOutcome r) {
        assertEquals(0, r.code(), r.err());
    }

    /** Foreign top-level keys in random places around an optional hooks object of foreign hooks. */
    private static JsonObject settings(Random random) {
        JsonObject settings = new JsonObject();
        int keys = random.nextInt(4);
        boolean withHooks = random.nextInt(5) > 0;
        int hooksAt = random.nextInt(keys + 1);
        for (int i = 0; i <= keys; i++) {
            if (withHooks && i == hooksAt) {
                settings.add("hooks", hooks(random));
            }
            if (i < keys) {
                settings.add("key" + i, value(random, 2));
            }
        }
        return settings;
    }

    private static JsonObject hooks(Random random) {
        JsonObject hooks = new JsonObject();
        for (String event : EVENTS) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            JsonArray groups = new JsonArray();
            for (int g = 0, n = 1 + random.nextInt(3); g < n; g++) {
                JsonObject group = new JsonObject();
                if (random.nextBoolean()) {
                    group.addProperty("matcher", random.nextBoolean() ? "" : "startup|Bash.*");
                }
                JsonArray entries = new JsonArray();
                for (int e = 0, m = random.nextInt(3); e < m; e++) {
                    JsonObject entry = new JsonObject();
                    entry.addProperty("type", "command");
                    entry.addProperty("command", "~/bin/hook-" + random.nextInt(100) + " 'arg' \"$x\"");
                    if (random.nextBoolean()) {
                        entry.addProperty("timeout", random.nextInt(120));
                    }
                    entries.add(entry);
                }
                group.add("hooks", entries); // an empty list of a foreign group stays: it was not emptied by us
                groups.add(group);
            }
            hooks.add(event, groups);
        }
        if (hooks.isEmpty()) {
            hooks.add("Stop", new JsonArray());
            hooks.getAsJsonArray("Stop").add(new JsonObject());
        }
        return hooks;
    }

    private static JsonElement value(Random random, int depth) {
        return switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> new JsonPrimitive(random.nextInt(1000) - 500);
            case 3 -> new JsonPrimitive(random.nextDouble());
            case 4 -> new JsonPrimitive("v<" + random.nextInt(10) + ">&'é\"");
            case 5 -> {
                JsonArray array = new JsonArray();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    array.add(value(random, depth - 1));
                }
                yield array;
            }
            default -> {
                JsonObject object = new JsonObject();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    object.add("k" + i, value(random, depth - 1));
                }
                yield object;
            }
        };
    }
}
