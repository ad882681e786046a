package io.memoryd.memory.workspace;

import java.nio.file.Path;
import java.util.Map;

/**
 * Picks the workspace root: {@code --home}, else {@code MEMORYD_HOME}, else {@code SIGNET_PATH}, else
 * {@code ~/.agents} (docs/format.md §1.1).
 */
public final class WorkspaceRoots {

    private WorkspaceRoots() {
    }

    /** Resolves the root from an optional command-line value, the environment and the user's home. */
    public static Path resolve(String homeFlag, Map<String, String> env, String userHome) {
        if (homeFlag != null && !homeFlag.isBlank()) {
            return Path.of(homeFlag).toAbsolutePath().normalize();
        }
        for (String var : new String[] {"MEMORYD_HOME", "SIGNET_PATH"}) {
            String value = env.get(var);
            if (value != null && !value.isBlank()) {
                return Path.of(value).toAbsolutePath().normalize();
            }
        }
        return Path.of(userHome, ".agents").toAbsolutePath().normalize();
    }
}
