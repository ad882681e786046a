package io.memoryd.memory.workspace;

import java.nio.file.Path;
import java.util.Map;

/**
 * Picks the workspace root: {@code --home}, else {@code MEMORYD_HOME}, else {@code SIGNET_PATH}, else
 * {@code $HOME/.agents} (docs/format.md §1.1). {@code $HOME} is read from the environment as the reference
 * does; the passwd home ({@code user.home}) is only the fallback when {@code HOME} is unset, so that both
 * programs agree on the workspace in containers, sandboxes and CI where {@code HOME} points elsewhere.
 * Every entry point (the daemon, memoryctl, {@code memoryd render}, the tools) goes through here.
 */
public final class WorkspaceRoots {

    /** Why a root was chosen: the first source in precedence order that was set. */
    public enum Source {
        /** The {@code --home} option. */
        FLAG("--home"),
        /** The {@code MEMORYD_HOME} environment variable. */
        MEMORYD_HOME("$MEMORYD_HOME"),
        /** The {@code SIGNET_PATH} environment variable (the reference daemon's). */
        SIGNET_PATH("$SIGNET_PATH"),
        /** {@code $HOME/.agents}. */
        HOME("$HOME/.agents"),
        /** {@code user.home}/.agents: {@code HOME} was unset. */
        USER_HOME("~/.agents (user.home; $HOME is unset)");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** How an operator would name it ({@code --home}, {@code $MEMORYD_HOME}, ...). */
        public String label() {
            return label;
        }
    }

    /** A chosen root and the reason it was chosen. */
    public record Choice(Path root, Source source) {
    }

    private WorkspaceRoots() {
    }

    /** Resolves the root from an optional command-line value, the environment and the passwd home. */
    public static Path resolve(String homeFlag, Map<String, String> env, String userHome) {
        return choose(homeFlag, env, userHome).root();
    }

    /**
     * Resolves the root as {@link #resolve} does and says which source gave it.
     *
     * @param userHome the passwd home ({@code user.home}), used only when {@code HOME} is unset or blank
     */
    public static Choice choose(String homeFlag, Map<String, String> env, String userHome) {
        if (set(homeFlag)) {
            return new Choice(normalized(Path.of(homeFlag)), Source.FLAG);
        }
        if (set(env.get("MEMORYD_HOME"))) {
            return new Choice(normalized(Path.of(env.get("MEMORYD_HOME"))), Source.MEMORYD_HOME);
        }
        if (set(env.get("SIGNET_PATH"))) {
            return new Choice(normalized(Path.of(env.get("SIGNET_PATH"))), Source.SIGNET_PATH);
        }
        Source source = set(env.get("HOME")) ? Source.HOME : Source.USER_HOME;
        return new Choice(normalized(Path.of(userHome(env, userHome), ".agents")), source);
    }

    /**
     * The user's home directory as the reference reads it: {@code $HOME}, else {@code userHome} (the passwd
     * home). For every other {@code ~/...} path memoryd uses too ({@code ~/.claude},
     * {@code ~/.config/systemd/user}).
     */
    public static String userHome(Map<String, String> env, String userHome) {
        String home = env.get("HOME");
        return set(home) ? home : userHome;
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
