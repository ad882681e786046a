package io.memoryd.daemon.load;

import io.grpc.StatusRuntimeException;
import io.memoryd.proto.v1.HealthRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The health probes of a load run, as their own small JVM: an operator's probe does not share a process
 * (its GC pauses, its CPU) with the hooks generating the load, so the latency measured is the daemon's and
 * the machine's, not the load generator's. After 300 unrecorded warm-up calls it prints {@code READY}, then
 * one line per probe, {@code <epoch ms sent> <latency ms>} or {@code <epoch ms sent> ERR <status>}, until
 * its stdin closes or {@code seconds} pass.
 */
public final class HealthProber {

    private HealthProber() {
    }

    /** Arguments: socket, probes per second, seconds. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Path socket = Path.of(args[0]);
        long periodNanos = 1_000_000_000L / Integer.parseInt(args[1]);
        long endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
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
        try (DaemonTarget target = DaemonTarget.attach(socket)) {
            for (int i = 0; i < 300; i++) {
                target.daemon(1000).health(HealthRequest.getDefaultInstance());
            }
            out.println("READY");
            out.flush();
            long next = System.nanoTime();
            while (next < endNanos) {
                long sentAt = System.currentTimeMillis();
                long t0 = System.nanoTime();
                try {
                    target.daemon(1000).health(HealthRequest.getDefaultInstance());
                    out.println(sentAt + " " + (System.nanoTime() - t0) / 1e6);
                } catch (StatusRuntimeException e) {
                    out.println(sentAt + " ERR " + e.getStatus().getCode());
                }
                out.flush();
                next += periodNanos;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime())); // the probe rate's clock
            }
        }
    }
}
