package io.memoryd.tools.load;

import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.memoryd.daemon.DaemonMain;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.RendererPoolStatus;
import io.memoryd.proto.v1.RendererSlotStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The daemon a load run talks to: one this tool started as a child JVM (and may kill), or one already
 * running behind a socket. It remembers every renderer pid it saw, so a run can check none outlives it.
 */
public final class DaemonTarget implements AutoCloseable {

    private final Path socket;
    private final Process process;
    private final UnixSocketChannels channels;
    private final ManagedChannel channel;
    /** Health and pool calls go on their own connection, as an operator's would, not behind the load. */
    private final ManagedChannel control;
    private final Set<Long> rendererPids = new HashSet<>();

    private DaemonTarget(Path socket, Process process, int eventLoops) {
        this.socket = socket;
        this.process = process;
        this.channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), eventLoops);
        this.channel = connect(socket, channels);
        this.control = connect(socket, channels);
    }

    private static ManagedChannel connect(Path socket, UnixSocketChannels channels) {
        return channels.builder(socket).build();
    }

    /** Connects to a daemon that is already running. */
    public static DaemonTarget attach(Path socket) {
        return new DaemonTarget(socket, null, 2);
    }

    /**
     * Starts a daemon on {@code home} with this JVM's classpath and waits for its READY line. The daemon JVM
     * gets the flags {@code scripts/memoryd} gives it ({@link io.memoryd.daemon.DaemonJvmFlags}), so a load run
     * measures what users run.
     *
     * @throws IOException when it exits or does not print READY within {@code readySeconds}
     */
    public static DaemonTarget start(Path home, List<String> daemonArgs, int readySeconds) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(1, io.memoryd.daemon.DaemonJvmFlags.FLAGS);
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.add(DaemonMain.class.getName());
        command.addAll(List.of("--home", home.toString()));
        command.addAll(daemonArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        io.memoryd.daemon.DaemonJvmFlags.ENVIRONMENT.forEach(builder.environment()::putIfAbsent);
        Process p = builder.start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                return r.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(readySeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null || !line.startsWith("READY ")) {
            p.destroyForcibly();
            throw new IOException("the daemon on " + home + " did not print READY within " + readySeconds + " s (got "
                    + line + ")");
        }
        String socketPath = line.substring("READY ".length()).split(" ")[0];
        return new DaemonTarget(Path.of(socketPath), p, 2);
    }

    public Path socket() {
        return socket;
    }

    public long daemonPid() {
        return process == null ? health().getPid() : process.pid();
    }

    public MemoryServiceGrpc.MemoryServiceBlockingStub memory(long deadlineMillis) {
        return MemoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    public DaemonServiceGrpc.DaemonServiceBlockingStub daemon(long deadlineMillis) {
        return DaemonServiceGrpc.newBlockingStub(control).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    public HealthResponse health() {
        return daemon(5000).health(HealthRequest.getDefaultInstance());
    }

    public RendererPoolStatus pool() {
        RendererPoolStatus s = daemon(5000).rendererPool(RendererPoolRequest.getDefaultInstance());
        remember(s);
        return s;
    }

    private void remember(RendererPoolStatus s) {
        synchronized (rendererPids) {
            for (RendererSlotStatus slot : s.getSlotsList()) {
                if (slot.getPid() > 0) {
                    rendererPids.add(slot.getPid());
                }
            }
        }
    }

    /**
     * Follows the pool's change stream until a status satisfies {@code condition}; empty when it does not
     * within {@code timeout}. The stream sends the current status first, so a condition already true
     * returns at once.
     */
    public java.util.Optional<RendererPoolStatus> awaitPool(java.util.function.Predicate<RendererPoolStatus> condition,
            java.time.Duration timeout) {
        io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
        try {
            return call.call(() -> {
                var updates = daemon(timeout.toMillis()).watchRendererPool(RendererPoolRequest.getDefaultInstance());
                while (updates.hasNext()) {
                    RendererPoolStatus s = updates.next();
                    remember(s);
                    if (condition.test(s)) {
                        return java.util.Optional.of(s);
                    }
                }
                return java.util.Optional.<RendererPoolStatus>empty();
            });
        } catch (io.grpc.StatusRuntimeException e) {
            return java.util.Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("watching the renderer pool failed", e);
        } finally {
            call.cancel(null); // ends the stream on the daemon's side too
        }
    }

    /** Every renderer pid seen in a pool status so far. */
    public Set<Long> rendererPidsSeen() {
        synchronized (rendererPids) {
            return Set.copyOf(rendererPids);
        }
    }

    /** {@code kill -9} of the daemon this tool started; returns when the process is gone. */
    public void killDaemon() throws InterruptedException {
        if (process == null) {
            throw new IllegalStateException("this daemon was not started by the tool; it will not kill it");
        }
        process.destroyForcibly();
        process.waitFor();
    }

    /** Sends a signal ({@code KILL}, {@code STOP}, {@code CONT}) to a process. */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** True while {@code pid} runs (a zombie counts as gone: it only waits to be reaped). */
    public static boolean alive(long pid) {
        try {
            String s = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the connection; a daemon this tool started is stopped with SIGTERM (SIGKILL after 20 s). */
    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        control.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        channels.close();
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
