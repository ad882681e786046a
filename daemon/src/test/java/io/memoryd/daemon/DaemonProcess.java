package io.memoryd.daemon;

import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real daemon JVM (with real renderer JVMs) started by a test. It remembers every renderer pid it
 * has seen so that {@link #close} can prove none is left running.
 */
final class DaemonProcess implements AutoCloseable {

    final Process process;
    /** The socket the daemon named in its READY line. */
    Path socket;
    final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    /** Its stderr (the log), line by line; it is echoed to the test's stderr as well. */
    final LinkedBlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    /** Completes when its stderr reached EOF, so that {@link #stderr} holds every line. */
    final java.util.concurrent.CompletableFuture<Void> stderrClosed = new java.util.concurrent.CompletableFuture<>();
    final Set<Long> rendererPids = new HashSet<>();
    /** The handshake line the daemon printed. */
    String readyLine = "";
    private UnixSocketChannels channels;
    private ManagedChannel channel;

    private DaemonProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stdout.add(line);
                }
            } catch (IOException ignored) {
                // ended
            }
        });
        t.setDaemon(true);
        t.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.err.println(line);
                    stderr.add(line);
                }
            } catch (IOException ignored) {
                // ended
            }
            stderrClosed.complete(null);
        });
        err.setDaemon(true);
        err.start();
    }

    /** The command line of a daemon on {@code home}, for tests that start and watch one themselves. */
    static List<String> command(Path home, String... extra) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), DaemonMain.class.getName(), "--home", home.toString()));
        command.addAll(List.of(extra));
        return command;
    }

    static DaemonProcess start(Path home, String... extra) throws Exception {
        Process p = new ProcessBuilder(command(home, extra)).start();
        DaemonProcess d = new DaemonProcess(p, RunDirectory.choose(home.toAbsolutePath().normalize()).resolve("daemon.sock"));
        String ready = d.stdout.poll(60, TimeUnit.SECONDS);
        if (ready == null || !ready.startsWith("READY ")) {
            d.close();
            throw new IllegalStateException("daemon did not become ready: " + ready);
        }
        d.readyLine = ready;
        d.socket = Path.of(ready.split(" ")[1]);
        d.pool();
        return d;
    }

    synchronized ManagedChannel channel() {
        if (channel == null) {
            channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
            channel = channels.builder(socket).build();
        }
        return channel;
    }

    MemoryServiceGrpc.MemoryServiceBlockingStub memory() {
        return MemoryServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    MemoryServiceGrpc.MemoryServiceFutureStub memoryAsync() {
        return MemoryServiceGrpc.newFutureStub(channel());
    }

    DaemonServiceGrpc.DaemonServiceBlockingStub daemon() {
        return DaemonServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    RendererPoolStatus pool() {
        RendererPoolStatus s = daemon().rendererPool(RendererPoolRequest.getDefaultInstance());
        remember(s);
        return s;
    }

    private void remember(RendererPoolStatus s) {
        for (RendererSlotStatus slot : s.getSlotsList()) {
            if (slot.getPid() > 0) {
                rendererPids.add(slot.getPid());
            }
        }
    }

    /** Waits on the pool's change stream until {@code condition} holds. */
    RendererPoolStatus awaitPool(Predicate<RendererPoolStatus> condition, Duration timeout) throws TimeoutException {
        Iterator<RendererPoolStatus> updates = DaemonServiceGrpc.newBlockingStub(channel())
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .watchRendererPool(RendererPoolRequest.getDefaultInstance());
        try {
            while (updates.hasNext()) {
                RendererPoolStatus s = updates.next();
                remember(s);
                if (condition.test(s)) {
                    return s;
                }
            }
        } catch (io.grpc.StatusRuntimeException e) {
            throw new TimeoutException("pool never reached the condition: " + e.getStatus() + "; now " + pool());
        }
        throw new TimeoutException("pool stream ended");
    }

    /**
     * Waits for a process that a test expects to end by itself. One that does not (a daemon that should
     * have refused to start, say) is stopped, SIGTERM then SIGKILL, so that no test leaves it running.
     */
    static boolean endsByItself(Process p, long seconds) throws InterruptedException {
        if (p.waitFor(seconds, TimeUnit.SECONDS)) {
            return true;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return false;
    }

    /** Waits, until {@code deadlineNanos} at the latest, for process {@code pid} (not a child) to end. */
    static void awaitExit(long pid, long deadlineNanos) {
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still alive at the deadline: the caller checks
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** True while {@code pid} runs (a zombie counts as gone: it only waits to be reaped). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    void signal(long pid, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** Stops the daemon (SIGTERM), then asserts that it and every renderer it ran are gone. */
    @Override
    public void close() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            channels.close();
        }
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (long pid : rendererPids) {
            awaitExit(pid, until);
            if (alive(pid)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                throw new AssertionError("renderer pid " + pid + " outlived its daemon");
            }
        }
    }
}
