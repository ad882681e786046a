package io.memoryd.tools.load;

import io.grpc.StatusRuntimeException;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives one load run against a daemon: synthesize clients on their own threads, health probes at a
 * fixed rate from a separate small JVM ({@link HealthProber}), resource samples on a timer. Faults (chaos) are reported through
 * {@link #mark} so that they appear on the charts at the moment they happened.
 */
public final class LoadRun {

    private final DaemonTarget target;
    private final LoadPlan plan;
    private final PrintStream progress;
    private final LatencySeries synthesize = new LatencySeries();
    private final LatencySeries health = new LatencySeries();
    private final Map<String, Integer> synthesizeErrors = new TreeMap<>();
    private final Map<String, Integer> healthErrors = new TreeMap<>();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final AtomicInteger empty = new AtomicInteger();
    private final AtomicInteger fallbacks = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger coalesced = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<ResourceSample> resources = new CopyOnWriteArrayList<>();
    private final List<FaultMarker> faults = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile long startNanos;
    /** False during the plan's warm-up: latencies are not recorded, failures still are. */
    private volatile boolean measuring;
    private BufferedReader proberOutput;

    public LoadRun(DaemonTarget target, LoadPlan plan, PrintStream progress) {
        this.target = target;
        this.plan = plan;
        this.progress = progress;
    }

    /** Milliseconds since the run started. */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Records a fault injected now; it is drawn as a marker on every time chart. */
    public void mark(String label) {
        faults.add(new FaultMarker(now(), label));
        progress.println("  " + now() + " ms: " + label);
    }

    /** Runs the plan to its end and returns what it saw. */
    public LoadResult run() throws InterruptedException {
        return run(() -> {
        });
    }

    /**
     * Runs the plan to its end; {@code onStart} runs at the moment the run's clock starts (after the
     * prober's warm-up and the plan's), so that whatever it starts (faults) times itself on {@link #now}.
     */
    public LoadResult run(Runnable onStart) throws InterruptedException {
        Process prober = plan.healthPerSecond() > 0 ? startProber() : null;
        startNanos = System.nanoTime();
        // The first resource sample is taken before any load, so FD growth counts the warm-up too; it is
        // drawn at the measured start.
        sample();
        CountDownLatch done = startClients();
        if (!plan.warmUp().isZero()) {
            progress.println("  warming up under load for " + plan.warmUp().toSeconds() + " s (not measured)");
            Thread.sleep(plan.warmUp().toMillis()); // the warm-up's length, not a synchronisation
        }
        startNanos = System.nanoTime();
        measuring = true;
        onStart.run();
        long startEpoch = System.currentTimeMillis();
        Thread proberReader = prober == null ? null : readProbes(prober, startEpoch);
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "load-timer");
            t.setDaemon(true);
            return t;
        });
        long period = plan.samplePeriod().toMillis();
        timers.scheduleAtFixedRate(this::sample, period, period, TimeUnit.MILLISECONDS);
        boolean finished = done.await(plan.duration().toMillis(), TimeUnit.MILLISECONDS);
        if (plan.clients() == 0) {
            Thread.sleep(plan.duration().toMillis()); // an idle baseline lasts the run's length
        }
        stop.set(true);
        if (!finished) {
            done.await(plan.synthesizeDeadline().toMillis() + 5000, TimeUnit.MILLISECONDS);
        }
        timers.shutdownNow();
        timers.awaitTermination(5, TimeUnit.SECONDS);
        if (prober != null) {
            try {
                prober.getOutputStream().close(); // its stdin: stop probing
            } catch (IOException e) {
                prober.destroy();
            }
            prober.waitFor(10, TimeUnit.SECONDS);
            prober.destroyForcibly();
            proberReader.join(5000);
        }
        long elapsed = now();
        sample();
        synchronized (this) {
            return new LoadResult(elapsed, synthesize, health, new TreeMap<>(synthesizeErrors),
                    new TreeMap<>(healthErrors), unexpected.get(), empty.get(), fallbacks.get(), retries.get(),
                    coalesced.get(), List.copyOf(resources), List.copyOf(faults));
        }
    }

    private CountDownLatch startClients() {
        CountDownLatch done = new CountDownLatch(plan.clients());
        for (int c = 0; c < plan.clients(); c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    clientLoop(client);
                } finally {
                    done.countDown();
                }
            }, "load-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        return done;
    }

    private void clientLoop(int client) {
        int n = 0;
        while (!stop.get()) {
            if (measuring && plan.maxRequests() > 0 && issued.incrementAndGet() > plan.maxRequests()) {
                return;
            }
            String agent = plan.agents().get((client + n++) % plan.agents().size());
            boolean measured = measuring;
            long at = now();
            long t0 = System.nanoTime();
            try {
                SynthesizeResponse r = target.memory(plan.synthesizeDeadline().toMillis()).synthesize(
                        SynthesizeRequest.newBuilder().setAgentId(agent).setMaxTokens(plan.maxTokens()).build());
                if (measured) {
                    synthesize.add(at, (System.nanoTime() - t0) / 1e6);
                }
                if (r.getContent().isBlank()) {
                    empty.incrementAndGet();
                }
                if (r.getServedBy() == ServedBy.FALLBACK) {
                    fallbacks.incrementAndGet();
                }
                retries.addAndGet(r.getRetries());
                if (r.getCoalesced()) {
                    coalesced.incrementAndGet();
                }
            } catch (StatusRuntimeException e) {
                String code = e.getStatus().getCode().name();
                synchronized (this) {
                    synthesizeErrors.merge(code, 1, Integer::sum);
                }
                if (!plan.expectedErrors().contains(code)) {
                    unexpected.incrementAndGet();
                    progress.println("  synthesize for " + agent + " failed: " + e.getStatus());
                }
            }
            if (!plan.thinkTime().isZero()) {
                try {
                    Thread.sleep(plan.thinkTime().toMillis()); // a hook's pause between calls, not a synchronisation
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Starts the health prober JVM and waits for its warm-up to end (its READY line). */
    private Process startProber() throws InterruptedException {
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path")));
            // This JVM's configuration, else the daemon's (stderr only): the prober's stdout is its protocol,
            // and an empty value would make logback fail loudly.
            String logback = System.getProperty("logback.configurationFile");
            command.add("-Dlogback.configurationFile="
                    + (logback == null || logback.isEmpty() ? "memoryd-daemon-logback.xml" : logback));
            command.addAll(List.of(HealthProber.class.getName(), "--socket", target.socket().toString(),
                    "--rate", Integer.toString(plan.healthPerSecond()),
                    "--seconds", Long.toString(plan.warmUp().toSeconds() + plan.duration().toSeconds() + 5)));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = r.readLine();
            if (!"READY".equals(first)) {
                p.destroyForcibly();
                throw new IllegalStateException("health prober did not start: " + first);
            }
            proberOutput = r;
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the health prober: " + e.getMessage(), e);
        }
    }

    /** Reads the prober's lines into the health series until it ends. */
    private Thread readProbes(Process prober, long startEpoch) {
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = proberOutput.readLine()) != null) {
                    String[] f = line.split(" ");
                    long at = Long.parseLong(f[0]) - startEpoch;
                    if (f[1].equals("ERR")) {
                        synchronized (this) {
                            healthErrors.merge(f[2], 1, Integer::sum);
                        }
                    } else if (at >= 0 && !stop.get()) { // probes of the warm-up are not measured
                        health.add(at, Double.parseDouble(f[1]));
                    }
                }
            } catch (IOException | RuntimeException e) {
                progress.println("  health prober output unreadable: " + e);
            }
        }, "load-prober-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void sample() {
        try {
            HealthResponse h = target.health();
            RendererPoolStatus pool = target.pool();
            int rendererFds = 0;
            long rendererRss = 0;
            for (RendererSlotStatus s : pool.getSlotsList()) {
                rendererFds = rendererFds < 0 || s.getOpenFds() < 0 ? -1 : rendererFds + s.getOpenFds();
                rendererRss += s.getRssBytes();
            }
            resources.add(new ResourceSample(now(), h.getResources().getFds().getTotal(),
                    h.getResources().getFds().getInotify(), h.getResources().getRssBytes(), rendererFds, rendererRss,
                    pool.getMode().name().replace("POOL_", "")));
        } catch (StatusRuntimeException e) {
            // the daemon is down for a moment (chaos); the gap shows on the chart
        }
    }
}
