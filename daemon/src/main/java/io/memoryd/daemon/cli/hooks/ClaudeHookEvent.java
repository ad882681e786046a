package io.memoryd.daemon.cli.hooks;

/**
 * The Claude Code hook events memoryd installs, with the gateway route each posts to and its time limits.
 *
 * <p>Two limits per event: curl's {@code --max-time} and the {@code timeout} written into settings.json
 * (Claude Code's kill deadline). The settings timeout is curl's limit plus a margin so that curl always gives
 * up first: then the hook exits 0 with one line on stderr, instead of being killed and reported to the user as
 * a failed ("cancelled") hook. The margin covers starting {@code sh} and {@code curl} on a loaded machine.
 * A daemon that is down costs nothing either way (the connect fails at once); the limits only matter for a
 * daemon that accepts and then stalls.
 */
public enum ClaudeHookEvent {

    /**
     * No matcher: fires on startup, resume, clear and compact. 5 s: the user waits for this hook before the
     * session starts, and a synthesis normally answers in milliseconds; starting without memory beats waiting
     * on a stuck daemon.
     */
    SESSION_START("SessionStart", "session-start", 5, 10),

    /**
     * 30 s: the capture reads and writes the whole transcript and may wait for an agent's lock behind an index
     * pass. Claude Code waits for SessionEnd hooks at exit (a budget of 1.5 s unless the hooks declare a longer
     * timeout, which raises it up to 60 s), so only a stalled daemon makes an exit take this long.
     */
    SESSION_END("SessionEnd", "session-end", 30, 35);

    private final String settingsKey;
    private final String route;
    private final int curlMaxTimeSeconds;
    private final int timeoutSeconds;

    ClaudeHookEvent(String settingsKey, String route, int curlMaxTimeSeconds, int timeoutSeconds) {
        this.settingsKey = settingsKey;
        this.route = route;
        this.curlMaxTimeSeconds = curlMaxTimeSeconds;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The event's key under {@code "hooks"} in settings.json ({@code SessionStart}). */
    public String settingsKey() {
        return settingsKey;
    }

    /** The gateway path the hook posts to: {@code /v1/hooks/claude-code/session-start}. */
    public String path() {
        return "/v1/hooks/" + HookCommand.HARNESS + "/" + route;
    }

    /** curl's {@code --max-time}: how long the hook waits for the daemon's whole answer. */
    public int curlMaxTimeSeconds() {
        return curlMaxTimeSeconds;
    }

    /** The settings.json {@code timeout}: when Claude Code kills the hook, after curl has given up. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }
}
