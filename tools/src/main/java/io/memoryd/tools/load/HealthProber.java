package io.memoryd.tools.load;

import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.HealthResponse;
import io.netty.channel.EventLoop;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The health probes of a load run, as their own small JVM: an operator's probe does not share a process
 * (its GC pauses, its CPU) with the hooks generating the load, so the latency measured is the daemon's and
 * the machine's, not the load generator's. Each probe is sent from the channel's own event loop and timed
 * in the response callback there, so the figure is the round trip through the socket and the daemon, not
 * the prober's hand-offs between its threads. It first makes 20,000 unrecorded calls, enough for the JIT
 * to compile the client's call path (a probe run by the interpreter or the first compiler tier times the
 * prober more than the daemon), then prints {@code READY} and one line per probe, {@code <epoch ms sent> <latency ms>}
 * or {@code <epoch ms sent> ERR <status>}, until its stdin closes or {@code seconds} pass.
 */
public final class HealthProber {

    private static final long DEADLINE_MS = 1000;
    private static final int WARM_UP_CALLS = 20_000;

    private final DaemonServiceGrpc.DaemonServiceStub stub;
    private final EventLoop loop;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private HealthProber(ManagedChannel channel, EventLoop loop) {
        this.stub = DaemonServiceGrpc.newStub(channel);
        this.loop = loop;
    }

    static final String USAGE = """
            usage: HealthProber --socket PATH --rate N --seconds N
              (started by a load run) probes the daemon's health N times a second; READY, then a line per probe
            """;

    static final OptionSpec SPEC = OptionSpec.none().valued("--socket", "--rate", "--seconds");

    public static void main(String[] args) {
        new CommandRunner("health-prober", SPEC, USAGE, HealthProber.class).exit(args, HealthProber::runProbes);
    }

    private static int runProbes(CommandArgs a, PrintStream out, PrintStream err) throws Exception {
        Path socket = Path.of(a.required("--socket"));
        a.required("--rate");
        a.required("--seconds");
        int rate = a.getInt("--rate", 0, 1);
        long periodNanos = 1_000_000_000L / rate;
        long probes = a.getInt("--seconds", 0, 1) * (long) rate;
        Thread parent = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the load run keeps stdin open while it wants probes
                }
            } catch (java.io.IOException ignored) {
                // gone
            }
            System.exit(0);
        }, "prober-stdin");
        parent.setDaemon(true);
        parent.start();
        UnixSocketChannels channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
        // directExecutor: responses are handled on the event loop that read them, no thread hand-off.
        ManagedChannel channel = channels.builder(socket).directExecutor().build();
        try {
            HealthProber prober = new HealthProber(channel, channels.eventLoop());
            prober.warmUp(WARM_UP_CALLS);
            out.println("READY");
            out.flush();
            prober.loop.scheduleAtFixedRate(prober.probes(probes), 0, periodNanos, TimeUnit.NANOSECONDS);
            for (long printed = 0; printed < probes; printed++) {
                out.println(prober.lines.take());
                out.flush();
            }
        } finally {
            channel.shutdownNow();
            channels.close();
        }
        return 0;
    }

    /** Warm-up calls, ten in flight at a time, answered or not; none is recorded. */
    private void warmUp(int calls) throws InterruptedException {
        for (int batch = 0; batch < calls; batch += 10) {
            CountDownLatch done = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                loop.execute(() -> probe(ignored -> done.countDown()));
            }
            done.await();
        }
    }

    /** The fixed-rate task: one probe per run, {@code count} in all. Runs on the event loop only. */
    private Runnable probes(long count) {
        long[] sent = {0};
        return () -> {
            if (sent[0]++ < count) {
                long sentAt = System.currentTimeMillis();
                probe(result -> lines.add(sentAt + " " + result));
            }
        };
    }

    private void probe(java.util.function.Consumer<String> result) {
        long t0 = System.nanoTime();
        stub.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS).health(HealthRequest.getDefaultInstance(),
                new StreamObserver<HealthResponse>() {
                    @Override
                    public void onNext(HealthResponse response) {
                        result.accept(Double.toString((System.nanoTime() - t0) / 1e6));
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.accept("ERR " + Status.fromThrowable(t).getCode());
                    }

                    @Override
                    public void onCompleted() {
                        // the answer was counted in onNext
                    }
                });
    }
}
