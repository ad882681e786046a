package io.memoryd.daemon.cli.service;

import io.memoryd.daemon.DaemonRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The systemd user unit that runs memoryd for one workspace: {@code ExecStart} is this checkout's launcher
 * with {@code --home}, restarted on failure (but not after a bad command line or when another daemon
 * already serves the workspace), SIGTERM to the daemon alone so that it drains and stops its renderers
 * itself, and a stop timeout above that drain. Immutable.
 */
public final class ServiceUnit {

    /** The unit's file name. */
    public static final String NAME = "memoryd.service";

    /**
     * How long systemd waits after SIGTERM before SIGKILL: the daemon's drain of calls in flight plus time
     * for its renderers to finish and exit and for the workspace to close.
     */
    static final long STOP_TIMEOUT_SECONDS = DaemonRuntime.DRAIN_MILLIS / 1000 + 20;

    /** Characters an ExecStart word may hold without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9/._+@:=,-]+");

    private final Path launcher;
    private final Path root;

    /**
     * @param launcher this checkout's {@code scripts/memoryd}
     * @param root the workspace the service serves
     */
    public ServiceUnit(Path launcher, Path root) {
        this.launcher = launcher;
        this.root = root;
    }

    /** The unit file's text. */
    public String text() {
        return """
                # memoryd, the local memory daemon for AI coding agents, as a systemd user service.
                # Written by `memoryctl service install`; `memoryctl service uninstall` removes it.
                [Unit]
                Description=memoryd memory daemon (workspace %s)
                Documentation=file://%s

                [Service]
                Type=simple
                ExecStart=%s
                Restart=on-failure
                RestartSec=2
                # 2: a bad command line; 3: another daemon already serves the workspace. Restarting helps neither.
                RestartPreventExitStatus=2 3
                # SIGTERM to the daemon only: it drains calls in flight (%d s), then stops its renderers itself.
                KillMode=mixed
                TimeoutStopSec=%d

                [Install]
                WantedBy=default.target
                """.formatted(root, launcher.getParent().resolveSibling("README.md"), execStart(),
                DaemonRuntime.DRAIN_MILLIS / 1000, STOP_TIMEOUT_SECONDS);
    }

    private String execStart() {
        return String.join(" ", List.of(word(launcher.toString()), "--home", word(root.toString())));
    }

    /**
     * One ExecStart word: systemd expands {@code %} specifiers and {@code $} variables even inside quotes,
     * so both are doubled; a word with spaces or other characters is double-quoted.
     */
    static String word(String raw) {
        String escaped = raw.replace("%", "%%").replace("$", "$$");
        if (PLAIN.matcher(escaped).matches()) {
            return escaped;
        }
        return '"' + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
