package io.memoryd.tools.load;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import io.memoryd.proto.v1.PoolMode;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.proto.v1.SynthesizeRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scripts/chaos}: the stress load while renderers are killed and stopped and {@code memory/} churns,
 * then {@code kill -9} of the daemon. Passes when every call got content or an expected typed error, the
 * pool came back to NORMAL, nothing memoryd started outlived the daemon by a second, and a fresh daemon
 * renders every agent's projection exactly as the first one did before the chaos.
 */
public final class ChaosCommand {

    /** Typed errors a caller may see while renderers die: a deadline passed, or admission was full. */
    static final Set<String> EXPECTED_ERRORS = Set.of("DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED");

    static final String USAGE = """
            usage: chaos [options]
              Starts a daemon on the workspace, records every agent's projection, then runs the stress load
              while it kill -9s a random renderer every --kill-every-ms, SIGSTOPs one for longer than the
              request deadline, rewrites, deletes and re-creates artifacts and drops notes into memory/. Then it
              restores the files, waits for the pool to be NORMAL, kill -9s the daemon, checks that no memoryd
              process is alive 1 s later, and starts a fresh daemon that must render the same projections.
              --clients N          concurrent synthesize clients (default 8)
              --seconds N          length of the load with faults (default 60)
              --health-rate N      health probes per second (default 20)
              --kill-every-ms N    renderer kill -9 period (default 4000)
              --deadline-ms N      the daemon's request deadline (default 10000, above a cold 30k render); the SIGSTOP lasts 2 s longer
              --churn-every-ms N   one file fault every N ms (default 1000)
              --normal-within-s N  pass limit for the pool to be NORMAL after the faults (default 60)
              --json               print the figures as JSON instead of text
            """ + LoadSetup.USAGE.formatted(30000, "chaos");

    private ChaosCommand() {
    }

    static final OptionSpec SPEC = LoadSetup.SPEC.valued("--clients", "--seconds", "--health-rate", "--kill-every-ms",
            "--deadline-ms", "--churn-every-ms", "--normal-within-s").flags("--json");

    private static final CommandRunner CLI = new CommandRunner("chaos", SPEC, USAGE, ChaosCommand.class);

    public static void main(String[] args) {
        CLI.exit(args, ChaosCommand::chaos);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return CLI.run(argv, out, err, ChaosCommand::chaos);
    }

    private static int chaos(CommandArgs a, PrintStream out, PrintStream err) throws Exception {
        if (a.get("--socket", null) != null) {
            throw new UsageException("chaos starts (and kills) its own daemon; --socket is not allowed");
        }
        int deadline = a.getInt("--deadline-ms", 10000, 1);
        LoadSetup setup = new LoadSetup(a, "chaos", 30000, List.of("--request-deadline-ms",
                Integer.toString(deadline), "--heal-interval-ms", "5000"), err);
        int seconds = a.getInt("--seconds", 60, 1);
        LoadPlan plan = new LoadPlan(a.getInt("--clients", 8, 0), Duration.ofSeconds(seconds), 0,
                a.getInt("--health-rate", 20, 0), setup.agents, 0, Duration.ofSeconds(60), Duration.ofMillis(500),
                Duration.ZERO, EXPECTED_ERRORS, Duration.ZERO);
        FaultInjector.Schedule schedule = new FaultInjector.Schedule(a.getInt("--kill-every-ms", 4000, 1),
                deadline + 2000L, seconds * 1000L / 3, a.getInt("--churn-every-ms", 1000, 1));
        Map<String, Object> figures = new LinkedHashMap<>();
        List<Criterion> criteria = new ArrayList<>();
        LoadResult result;
        Map<String, String> before;
        DaemonTarget target = setup.connect();
        try {
            err.println("chaos: warming up, then recording the projections before the chaos");
            projections(target, setup.agents);
            before = projections(target, setup.agents);
            LoadRun run = new LoadRun(target, plan, err);
            FaultInjector faults = new FaultInjector(run, target, setup.home, schedule, 7, err);
            result = run.run(faults::start);
            faults.stopAndRestore();
            figures.put("renderer_kills", faults.kills());
            figures.put("file_faults", faults.churns());
            LoadFigures.add(figures, result);
            long t0 = System.nanoTime();
            boolean normal = awaitNormal(target, a.getInt("--normal-within-s", 60, 1));
            double normalSeconds = (System.nanoTime() - t0) / 1e9;
            figures.put("pool_normal_after_faults_s", normalSeconds);
            criteria.add(new Criterion("synthesize answered with content or an expected typed error",
                    result.synthesize().count() + " ok, " + result.synthesizeErrors() + ", "
                            + result.unexpectedErrors() + " unexpected, " + result.empty() + " empty",
                    "0 unexpected, 0 empty", result.unexpectedErrors() == 0 && result.empty() == 0
                            && result.synthesize().count() > 0));
            criteria.add(new Criterion("pool NORMAL after the faults", normal
                    ? String.format("after %.1f s", normalSeconds) : "not NORMAL: " + target.pool().getMode(),
                    "within " + a.getInt("--normal-within-s", 60, 1) + " s", normal));
            Set<Long> pids = new HashSet<>(target.rendererPidsSeen());
            long daemonPid = target.daemonPid();
            run.mark("kill -9 daemon (pid " + daemonPid + ")");
            target.killDaemon();
            Thread.sleep(1000); // the criterion is "nothing alive 1 s after the kill"
            List<Long> alive = new ArrayList<>();
            for (long pid : pids) {
                if (DaemonTarget.alive(pid)) {
                    alive.add(pid);
                }
            }
            figures.put("processes_alive_1s_after_daemon_kill", alive.size());
            criteria.add(new Criterion("no memoryd process alive 1 s after kill -9 of the daemon",
                    alive.isEmpty() ? "none of " + pids.size() + " renderers" : "alive: " + alive, "none",
                    alive.isEmpty()));
            alive.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        } finally {
            target.close();
        }
        err.println("chaos: starting a fresh daemon on the same workspace");
        Map<String, String> after;
        try (DaemonTarget fresh = DaemonTarget.start(setup.home, setup.daemonArgs, 120)) {
            after = projections(fresh, setup.agents);
        }
        List<String> differing = new ArrayList<>();
        for (String agent : setup.agents) {
            if (!before.get(agent).equals(after.get(agent))) {
                differing.add(agent);
            }
        }
        figures.put("agents_compared", setup.agents.size());
        criteria.add(new Criterion("fresh daemon renders the projections of before the chaos",
                differing.isEmpty() ? "all " + setup.agents.size() + " identical" : "differ: " + differing,
                "byte for byte", differing.isEmpty()));
        return setup.publish(a, figures, criteria, result, out, err);
    }

    private static Map<String, String> projections(DaemonTarget target, List<String> agents) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String agent : agents) {
            out.put(agent, target.memory(600_000).synthesize(SynthesizeRequest.newBuilder().setAgentId(agent).build())
                    .getContent());
        }
        return out;
    }

    /** Waits on the pool's change stream until it is NORMAL with every slot READY. */
    private static boolean awaitNormal(DaemonTarget target, int seconds) {
        return target.awaitPool(s -> s.getMode() == PoolMode.POOL_NORMAL && s.getSlotsList().stream()
                .allMatch(slot -> slot.getState() == RendererState.RENDERER_READY), Duration.ofSeconds(seconds))
                .isPresent();
    }
}
