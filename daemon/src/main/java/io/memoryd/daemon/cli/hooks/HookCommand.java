package io.memoryd.daemon.cli.hooks;

import io.memoryd.memory.workspace.AgentId;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shell command of one installed hook, and reading one back. The command needs only {@code sh} and
 * {@code curl} (both on every Linux and macOS): it posts the hook's stdin (Claude Code's JSON) to the daemon's
 * gateway socket and prints the answer, which Claude Code adds to the model's context for SessionStart:
 *
 * <pre>{@code
 * [ "${MEMORYD_BYPASS:-}" = 1 ] || curl -q -sSf --max-time 5 --unix-socket '/ws/.memoryd/run/hooks.sock'
 *   -H 'Content-Type: application/json' [-H 'X-Memoryd-Agent: A'] --data-binary @-
 *   http://memoryd/v1/hooks/claude-code/session-start || true
 * }</pre>
 * (one line). A hook never breaks or stalls the agent: {@code MEMORYD_BYPASS=1} skips it; {@code -q} (first,
 * as curl requires) ignores the user's {@code ~/.curlrc}, which could add output to stdout; {@code -f} keeps
 * an HTTP error's body off stdout; {@code -sS} hides the progress meter but leaves curl's one error line on
 * stderr; {@code --max-time} bounds the wait; {@code || true} makes every failure (daemon down, stalled,
 * erroring, curl missing) exit 0. The host name {@code memoryd} is not resolved (the socket is the address)
 * and every memoryd hook URL starts with {@link #MARKER}, which is how an installed entry is recognised.
 * Stateless.
 */
public final class HookCommand {

    /** What every memoryd hook command contains, and foreign ones do not. */
    public static final String MARKER = "http://memoryd/v1/hooks/";
    /** The request header naming the agent; absent means {@link AgentId#DEFAULT}. */
    public static final String AGENT_HEADER = "X-Memoryd-Agent";
    /** The harness these commands are for, as it appears in routes and on the command line. */
    public static final String HARNESS = "claude-code";

    /** Where an installed hook posts: the gateway path, the socket, and the agent (default when no header). */
    public record Target(String path, Path socket, String agent) {
    }

    private HookCommand() {
    }

    /** The command for {@code event} posting to {@code socket} for {@code agent}, with the event's time limit. */
    public static String build(ClaudeHookEvent event, Path socket, AgentId agent) {
        return build(event, socket, agent, event.curlMaxTimeSeconds());
    }

    /** As {@link #build(ClaudeHookEvent, Path, AgentId)} with curl's {@code --max-time} given (tests shorten it). */
    static String build(ClaudeHookEvent event, Path socket, AgentId agent, int maxTimeSeconds) {
        StringBuilder command = new StringBuilder("[ \"${MEMORYD_BYPASS:-}\" = 1 ] || curl -q -sSf --max-time ")
                .append(maxTimeSeconds)
                .append(" --unix-socket ").append(ShellWords.quote(socket.toAbsolutePath().toString()))
                .append(" -H ").append(ShellWords.quote("Content-Type: application/json"));
        if (!agent.isDefault()) {
            command.append(" -H ").append(ShellWords.quote(AGENT_HEADER + ": " + agent.value()));
        }
        return command.append(" --data-binary @- http://memoryd").append(event.path()).append(" || true").toString();
    }

    /** Whether {@code command} is one of memoryd's hooks (of any version, socket or agent). */
    public static boolean isMemoryd(String command) {
        return command.contains(MARKER);
    }

    /**
     * The target of a memoryd hook command; empty when {@code command} is not one or cannot be read (edited by
     * hand beyond what {@link ShellWords#split} understands, or without a socket).
     */
    public static Optional<Target> parse(String command) {
        if (!isMemoryd(command)) {
            return Optional.empty();
        }
        List<String> words;
        try {
            words = ShellWords.split(command);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String socket = null;
        String agent = AgentId.DEFAULT.value();
        String path = null;
        String agentPrefix = AGENT_HEADER.toLowerCase(Locale.ROOT) + ":";
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if (word.equals("--unix-socket") && next != null) {
                socket = next;
            } else if (word.equals("-H") && next != null
                    && next.toLowerCase(Locale.ROOT).startsWith(agentPrefix)) {
                agent = next.substring(agentPrefix.length()).strip();
            } else if (word.startsWith(MARKER)) {
                path = word.substring("http://memoryd".length());
            }
        }
        if (socket == null || path == null) {
            return Optional.empty();
        }
        return Optional.of(new Target(path, Path.of(socket), agent));
    }
}
