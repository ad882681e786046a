package io.memoryd.tools.load;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import io.memoryd.proto.v1.SynthesizeRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code scripts/stress}: concurrent synthesize load plus health probes against a real daemon, with
 * percentiles, errors, FDs and RSS, pass criteria and an HTML report. Optionally compares warm renders
 * with the in-process renderer and times renderer replacement after {@code kill -9}.
 */
public final class StressCommand {

    static final String USAGE = """
            usage: stress [options]
              Starts a daemon (or targets one with --socket), fires --clients concurrent synthesize calls across
              the agents for --seconds (or --requests calls) plus --health-rate health probes per second, and
              reports latency percentiles, throughput, errors, fallbacks, retries, FDs and RSS. Exit 0 only when
              the pass criteria hold: no failed or empty synthesize, health p99 within --health-p99-ms, FD growth
              within --fd-growth (and the optional limits below).
              --clients N         concurrent synthesize clients (default 16; 0 measures the probes on an idle daemon)
              --seconds N         length of the measured load (default 60)
              --warm-up-seconds N the same load first, not measured, while the JIT compilers of the daemon,
                                  the renderers and this tool are still busy (default 30: at 30k artifacts
                                  synthesize latency was still falling 20 s into a 10 s warm-up's run)
              --requests N        stop after N synthesize calls instead (default: no limit)
              --think-ms N        each client pauses N ms between calls (default 0: closed loop, saturating)
              --health-rate N     health probes per second (default 50)
              --max-tokens N      token budget of each synthesize (default 0 = the daemon's default)
              --health-p99-ms X   pass limit (default 5)    --health-max-ms X   optional limit
              --synth-p99-ms X    optional limit            --fd-growth N       pass limit (default 5)
              --compare-in-process   also time warm renders through the daemon against this process
              --restart-probes N  then kill -9 a renderer N times and time its replacement to READY
              --json              print the figures as JSON instead of text
            """ + LoadSetup.USAGE.formatted(30000, "stress");

    private StressCommand() {
    }

    static final OptionSpec SPEC = LoadSetup.SPEC.valued("--clients", "--seconds", "--requests", "--health-rate",
            "--max-tokens", "--health-p99-ms", "--health-max-ms", "--synth-p99-ms", "--fd-growth", "--restart-probes",
            "--think-ms", "--warm-up-seconds").flags("--compare-in-process", "--json");

    private static final CommandRunner CLI = new CommandRunner("stress", SPEC, USAGE, StressCommand.class);

    public static void main(String[] args) {
        CLI.exit(args, StressCommand::stress);
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        return CLI.run(argv, out, err, StressCommand::stress);
    }

    private static int stress(CommandArgs a, PrintStream out, PrintStream err) throws Exception {
        LoadSetup setup = new LoadSetup(a, "stress", 30000, List.of(), err);
        LoadPlan plan = new LoadPlan(a.getInt("--clients", 16, 0), Duration.ofSeconds(a.getInt("--seconds", 60, 1)),
                a.getInt("--requests", 0, 0), a.getInt("--health-rate", 50, 0), setup.agents,
                a.getInt("--max-tokens", 0, 0), Duration.ofSeconds(60), Duration.ofMillis(500),
                Duration.ofMillis(a.getInt("--think-ms", 0, 0)), Set.of(),
                Duration.ofSeconds(a.getInt("--warm-up-seconds", 30, 0)));
        Map<String, Object> figures = new LinkedHashMap<>();
        List<Criterion> criteria = new ArrayList<>();
        LoadResult result;
        try (DaemonTarget target = setup.connect()) {
            err.println("stress: warming up (one synthesize per agent)");
            for (String agent : setup.agents) {
                long t0 = System.nanoTime();
                target.memory(600_000).synthesize(SynthesizeRequest.newBuilder().setAgentId(agent).build());
                figures.put("first_synthesize_ms_" + agent, (System.nanoTime() - t0) / 1e6);
            }
            err.println("stress: " + plan.clients() + " clients for " + plan.duration().toSeconds() + " s, "
                    + plan.healthPerSecond() + " health probes/s");
            result = new LoadRun(target, plan, err).run();
            LoadFigures.add(figures, result);
            LoadFigures.addCriteria(criteria, result, a.getInt("--health-p99-ms", 5, 0),
                    a.getInt("--health-max-ms", 0, 0), a.getInt("--synth-p99-ms", 0, 0), a.getInt("--fd-growth", 5, 0));
            if (a.has("--compare-in-process") && setup.home != null) {
                compareInProcess(target, setup, plan.maxTokens(), figures, err);
            }
            int probes = a.getInt("--restart-probes", 0, 0);
            if (probes > 0) {
                figures.put("renderer_kill9_to_ready_ms_median", restartProbes(target, probes, setup.agents, err));
            }
        }
        return setup.publish(a, figures, criteria, result, out, err);
    }

    /** Sequential warm synthesize through the daemon against warm renders in this process, medians of 20. */
    private static void compareInProcess(DaemonTarget target, LoadSetup setup, int maxTokens,
            Map<String, Object> figures, PrintStream err) {
        err.println("stress: comparing warm renders with the in-process renderer");
        List<Double> daemon = new ArrayList<>();
        List<Double> local = new ArrayList<>();
        SynthesizeRequest request = SynthesizeRequest.newBuilder().setAgentId("default").setMaxTokens(maxTokens).build();
        for (int i = 0; i < 23; i++) {
            long t0 = System.nanoTime();
            target.memory(60_000).synthesize(request);
            if (i >= 3) {
                daemon.add((System.nanoTime() - t0) / 1e6);
            }
        }
        // Watched like the renderers, so both sides index only what changed.
        try (MemoryWorkspace ws = MemoryWorkspace.open(WorkspaceOptions.defaults(setup.home)
                .withWatch(io.memoryd.memory.watch.WatchOptions.watching(false)))) {
            for (int i = 0; i < 23; i++) {
                long t0 = System.nanoTime();
                ws.synthesize(AgentId.DEFAULT, maxTokens == 0 ? 5000 : maxTokens);
                if (i >= 3) {
                    local.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        double d = LatencySeries.median(daemon);
        double l = LatencySeries.median(local);
        figures.put("warm_synthesize_daemon_p50_ms", d);
        figures.put("warm_render_in_process_p50_ms", l);
        figures.put("warm_daemon_to_in_process_ratio", l == 0 ? 0.0 : d / l);
    }

    /** Kills a renderer (alternating slots) {@code n} times; median ms from the kill to its successor READY. */
    static double restartProbes(DaemonTarget target, int n, List<String> agents, PrintStream err) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int slot = i % Math.max(1, target.pool().getSlotsCount());
            RendererSlotStatus before = target.pool().getSlots(slot);
            if (before.getState() != RendererState.RENDERER_READY) {
                throw new IllegalStateException("renderer slot " + slot + " is not READY before the probe: " + before);
            }
            long t0 = System.nanoTime();
            DaemonTarget.signal(before.getPid(), "KILL");
            // The pool announces every state change, so the replacement's READY is seen when it happens.
            RendererPoolStatus replaced = target.awaitPool(p -> p.getSlots(slot).getState() == RendererState.RENDERER_READY
                    && p.getSlots(slot).getPid() != before.getPid(), Duration.ofSeconds(30))
                    .orElseThrow(() -> new IllegalStateException("renderer slot " + slot + " not replaced within 30 s: "
                            + target.pool().getSlots(slot)));
            double ms = (System.nanoTime() - t0) / 1e6;
            times.add(ms);
            err.println(String.format(Locale.ROOT, "stress: renderer slot %d kill -9 -> READY in %.0f ms", slot, ms));
            // A served render resets a slot's backoff; the agents spread over the slots, so each probe
            // measures a first restart.
            for (String agent : agents) {
                target.memory(60_000).synthesize(SynthesizeRequest.newBuilder().setAgentId(agent).build());
            }
        }
        return LatencySeries.median(times);
    }
}
