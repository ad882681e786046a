package io.memoryd.daemon;

import io.memoryd.daemon.head.HeadSchedule;
import io.memoryd.daemon.supervisor.PoolConfig;
import io.memoryd.memory.head.HeadPolicy;
import io.memoryd.daemon.supervisor.RecyclePolicy;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.watch.WatchOptions;
import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon's command line, parsed and checked, with every default filled in: what {@link DaemonRuntime}
 * starts from. Building one touches nothing on disk.
 *
 * @param root the workspace root ({@code --home}, else the environment's, else {@code ~/.agents})
 * @param renderers renderer processes in the pool
 * @param socket the Unix socket to serve, or null for {@code <run dir>/daemon.sock}
 * @param tcpPort the loopback TCP port to serve too (0 picks a free one), or {@link #NO_TCP}
 * @param requestDeadline how long one render may go without progress before its renderer is treated as hung
 * @param readinessDeadline how long a renderer may take to print READY
 * @param healInterval how long a DEGRADED slot waits before it is probed again
 * @param recycleAfterRenders renders after which a renderer is replaced
 * @param recycleAfter age at which a renderer is replaced
 * @param rendererArgs extra arguments for every renderer ({@code --renderer-arg}, in order)
 * @param watch whether the daemon and renderers watch {@code memory/} ({@code --no-watch} turns it off)
 * @param safetyNet how often a full fingerprint pass runs while watching
 * @param maxAgents idle agents whose state the daemon and each renderer keep
 * @param summarizerCommand a shell command that turns a captured session's normalised transcript (stdin)
 *     into its summary (stdout), run after the hook is answered ({@code --summarizer-cmd}); null for the
 *     extractive summary only
 * @param summarizerTimeout how long one summarizer run may take before the extractive summary is written
 * @param headSchedule when the scheduled synthesis rewrites MEMORY.md ({@code --head-*} options)
 * @param headPolicy the head writer's lease time and backup count ({@code --head-lease-seconds},
 *     {@code --head-backups})
 * @param headScheduling whether the scheduled synthesis runs at all ({@code --no-head-schedule} turns it off;
 *     WriteHead and Synthesize's write_head still write)
 */
public record DaemonOptions(Path root, int renderers, Path socket, int tcpPort, Duration requestDeadline,
        Duration readinessDeadline, Duration healInterval, long recycleAfterRenders, Duration recycleAfter,
        List<String> rendererArgs, boolean watch, Duration safetyNet, int maxAgents, String summarizerCommand,
        Duration summarizerTimeout, HeadSchedule headSchedule, HeadPolicy headPolicy, boolean headScheduling) {

    /** {@link #tcpPort} when the daemon serves no TCP port. */
    public static final int NO_TCP = -1;

    /** The daemon's options. */
    public static final OptionSpec SPEC = OptionSpec.none()
            .valued("--home", "--renderers", "--socket", "--request-deadline-ms", "--readiness-deadline-ms",
                    "--heal-interval-ms", "--tcp-port", "--recycle-after-renders", "--recycle-after-minutes",
                    "--safety-net-seconds", "--max-agents", "--summarizer-cmd", "--summarizer-timeout-seconds",
                    "--head-idle-gap-minutes", "--head-min-interval-minutes", "--head-check-seconds",
                    "--head-abandon-hours", "--head-lease-seconds", "--head-backups")
            .repeatable("--renderer-arg")
            .flags("--no-watch", "--no-head-schedule", "--head-on-session-end");

    private static final int MAX_RENDERERS = 64;

    public DaemonOptions {
        rendererArgs = List.copyOf(rendererArgs);
    }

    /**
     * The options of a parsed command line.
     *
     * @param env the environment ({@code MEMORYD_HOME}, {@code SIGNET_PATH} pick the root without --home)
     * @param userHome the user's home ({@code ~/.agents} otherwise)
     * @throws UsageException naming the first option whose value is out of range
     */
    public static DaemonOptions from(CommandArgs a, Map<String, String> env, String userHome) {
        PoolConfig defaults = PoolConfig.defaults(1);
        RecyclePolicy recycle = defaults.recycle();
        String socket = a.get("--socket", null);
        if (socket != null && socket.isBlank()) {
            throw new UsageException("--socket must name a path");
        }
        String summarizer = a.get("--summarizer-cmd", null);
        if (summarizer != null && summarizer.isBlank()) {
            throw new UsageException("--summarizer-cmd must name a command");
        }
        return new DaemonOptions(
                WorkspaceRoots.resolve(a.get("--home", null), env, userHome),
                a.getInt("--renderers", 2, 1, MAX_RENDERERS),
                socket == null ? null : Path.of(socket),
                a.getInt("--tcp-port", NO_TCP, 0, 65535),
                millis(a, "--request-deadline-ms", defaults.requestDeadline()),
                millis(a, "--readiness-deadline-ms", defaults.readinessDeadline()),
                millis(a, "--heal-interval-ms", defaults.healInterval()),
                a.getLong("--recycle-after-renders", recycle.maxRenders(), 1, Long.MAX_VALUE),
                Duration.ofMinutes(a.getLong("--recycle-after-minutes", recycle.maxAge().toMinutes(), 1,
                        Long.MAX_VALUE)),
                a.all("--renderer-arg"),
                !a.has("--no-watch"),
                Duration.ofSeconds(a.getLong("--safety-net-seconds", 600, 1, Long.MAX_VALUE)),
                a.getInt("--max-agents", PoolConfig.DEFAULT_MAX_AGENTS, 1),
                summarizer,
                Duration.ofSeconds(a.getLong("--summarizer-timeout-seconds", 120, 1, 3600)),
                headSchedule(a),
                new HeadPolicy(Duration.ofSeconds(a.getLong("--head-lease-seconds",
                        HeadPolicy.DEFAULT_LEASE_TTL.toSeconds(), 1, 86_400)),
                        a.getInt("--head-backups", HeadPolicy.DEFAULT_KEEP_BACKUPS, 1, 10_000)),
                !a.has("--no-head-schedule"));
    }

    private static HeadSchedule headSchedule(CommandArgs a) {
        HeadSchedule d = HeadSchedule.DEFAULTS;
        return new HeadSchedule(
                Duration.ofMinutes(a.getLong("--head-idle-gap-minutes", d.idleGap().toMinutes(), 0, 10_080)),
                Duration.ofMinutes(a.getLong("--head-min-interval-minutes", d.minInterval().toMinutes(), 0, 10_080)),
                Duration.ofSeconds(a.getLong("--head-check-seconds", d.checkInterval().toSeconds(), 1, 86_400)),
                Duration.ofHours(a.getLong("--head-abandon-hours", d.abandonAfter().toHours(), 1, 720)),
                a.has("--head-on-session-end"), d.shutdownWait());
    }

    /** The renderer pool's configuration: production defaults with these options applied. */
    public PoolConfig poolConfig() {
        PoolConfig config = PoolConfig.defaults(renderers).withMaxAgents(maxAgents)
                .withRequestDeadline(requestDeadline).withReadinessDeadline(readinessDeadline)
                .withHealInterval(healInterval);
        RecyclePolicy r = config.recycle();
        return config.withRecycle(new RecyclePolicy(recycleAfterRenders, r.maxHeapFraction(), recycleAfter,
                r.pollInterval(), r.jitter()));
    }

    /** The daemon's own workspace: it watches too (its fallback renders use its index) and ingests notes. */
    public WorkspaceOptions workspaceOptions() {
        return WorkspaceOptions.defaults(root)
                .withWatch(watch ? WatchOptions.watching(true).withSafetyNetInterval(safetyNet) : WatchOptions.OFF)
                .withMaxAgents(maxAgents);
    }

    /** What every renderer is started with after its identity: {@code --renderer-arg}s, watching, the agent cap. */
    public List<String> rendererCommandArgs() {
        List<String> args = new ArrayList<>(rendererArgs);
        args.addAll(watch ? List.of("--safety-net-seconds", Long.toString(safetyNet.toSeconds()))
                : List.of("--no-watch"));
        args.addAll(List.of("--max-agents", Integer.toString(maxAgents)));
        return args;
    }

    /** The Unix socket to serve in {@code runDir}, unless {@code --socket} named one. */
    public Path socketIn(Path runDir) {
        return socket != null ? socket : runDir.resolve("daemon.sock");
    }

    private static Duration millis(CommandArgs a, String name, Duration fallback) {
        return Duration.ofMillis(a.getLong(name, fallback.toMillis(), 1, Long.MAX_VALUE));
    }
}
