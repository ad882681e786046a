package io.memoryd.daemon.cli.ops;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.RendererPoolStatus;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code memoryctl top}: a live view of the daemon, redrawn when the pool changes and once a second. The
 * pool comes from the {@code WatchRendererPool} stream (so a restart shows at once) and, with health, from
 * a call every second (for the render rate). When the daemon goes away the view says so and keeps trying:
 * the stream is opened again and the calls go on every second. {@code q} (or Ctrl-C) quits and restores
 * the terminal. Runs until then; one instance per process.
 */
public final class TopCommand {

    /** The command's name in memoryctl. */
    public static final String NAME = "top";

    public static final String USAGE = """
            usage: memoryctl top [--home DIR] [--socket PATH]

              A live view of the daemon: pool mode, renders per second, render p50/p99, fallbacks, restarts,
              the renderer slots, and recent pool events (exits, restarts, recycles, DEGRADED). Redrawn on
              every pool change and every second; when the daemon goes away it says so and keeps retrying.
              q or Ctrl-C quits and restores the terminal. Fits an 80x24 terminal.
            """;

    private static final Object REDRAW = new Object();
    private static final Object QUIT = new Object();

    private final ManagedChannel channel;
    private final String where;
    private final TopModel model;
    private final LinkedBlockingQueue<Object> wake = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memoryctl-top-ticker");
        t.setDaemon(true);
        return t;
    });

    /** A view of the daemon behind {@code channel}; {@code where} names its address on screen. */
    public TopCommand(ManagedChannel channel, String where, Clock clock) {
        this.channel = channel;
        this.where = where;
        this.model = new TopModel(clock);
    }

    /**
     * memoryctl's entry: the view of the daemon behind {@code channel} ({@code where} names it) on this
     * process's terminal, sized by it; returns what memoryctl prints afterwards (nothing).
     */
    public static com.google.protobuf.MessageOrBuilder show(ManagedChannel channel, String where,
            io.memoryd.process.cli.CommandArgs a, PrintStream out) {
        if (a.has("--json")) {
            throw new io.memoryd.process.cli.UsageException("--json does not apply to top", NAME);
        }
        boolean tty = System.console() != null;
        int[] size = tty ? TopTerminal.size() : new int[] {24, 80};
        new TopCommand(channel, where, Clock.systemDefaultZone()).run(System.in, out, tty, size[1], size[0]);
        return null;
    }

    /** Shows the view on {@code out}, reading keys from {@code in}, until {@code q}; returns the exit code. */
    public int run(InputStream in, PrintStream out, boolean tty, int width, int height) {
        try (TopTerminal terminal = TopTerminal.enter(out, tty)) {
            watch();
            ticker.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
            Thread keys = new Thread(() -> readKeys(in), "memoryctl-top-keys");
            keys.setDaemon(true);
            keys.start();
            while (true) {
                terminal.draw(TopScreen.lines(model.snapshot(), where, width, height));
                Object signal = wake.poll(1, TimeUnit.SECONDS);
                if (signal == QUIT) {
                    return 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Health and pool once; a failure marks the daemon unreachable (the next tick tries again). */
    private void tick() {
        try {
            var stub = DaemonServiceGrpc.newBlockingStub(channel).withDeadlineAfter(900, TimeUnit.MILLISECONDS);
            model.health(stub.health(HealthRequest.getDefaultInstance()));
            model.pool(stub.rendererPool(RendererPoolRequest.getDefaultInstance()), true);
        } catch (StatusRuntimeException e) {
            model.unreachable(e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                    : ": " + e.getStatus().getDescription()));
        }
        wake.offer(REDRAW);
    }

    /** Subscribes to the pool's changes; when the stream ends it subscribes again a second later. */
    private void watch() {
        DaemonServiceGrpc.newStub(channel).watchRendererPool(RendererPoolRequest.getDefaultInstance(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(RendererPoolStatus status) {
                        model.pool(status, false);
                        wake.offer(REDRAW);
                    }

                    @Override
                    public void onError(Throwable t) {
                        model.unreachable(t instanceof StatusRuntimeException s ? s.getStatus().getCode().toString()
                                : t.toString());
                        again();
                    }

                    @Override
                    public void onCompleted() {
                        again();
                    }
                });
    }

    private void again() {
        wake.offer(REDRAW);
        if (!ticker.isShutdown()) {
            try {
                ticker.schedule(this::watch, 1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // quitting
            }
        }
    }

    private void readKeys(InputStream in) {
        try {
            int c;
            while ((c = in.read()) >= 0) {
                if (c == 'q' || c == 'Q') {
                    break;
                }
            }
            if (c >= 0) {
                wake.offer(QUIT);
            }
        } catch (java.io.IOException e) {
            // no keys: Ctrl-C still quits
        }
    }
}
