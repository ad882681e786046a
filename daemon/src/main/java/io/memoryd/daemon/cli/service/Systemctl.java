package io.memoryd.daemon.cli.service;

import java.util.List;

/**
 * {@code systemctl --user}, as {@code memoryctl service} uses it: a real process on a machine with a user
 * systemd, a recording fake in tests.
 */
public interface Systemctl {

    /** What one invocation printed and returned. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Whether a user systemd answers (systemctl exists and the user's manager is reachable). */
    boolean available();

    /** Runs {@code systemctl --user <args>}. */
    Result run(List<String> args) throws java.io.IOException;
}
