package io.memoryd.daemon;

/**
 * A reason the daemon will not start that the user can act on (another daemon serves the workspace, the
 * run directory is not private): reported as one line on stderr, without a stack trace, and the exit
 * code carried here.
 */
final class DaemonStartRefused extends Exception {

    /** Exit code of a start refused for an unsafe run directory or socket path. */
    static final int EXIT_REFUSED = 1;
    /** Exit code when another daemon already holds the workspace's lock. */
    static final int EXIT_ALREADY_RUNNING = 3;

    private final int exitCode;

    DaemonStartRefused(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
