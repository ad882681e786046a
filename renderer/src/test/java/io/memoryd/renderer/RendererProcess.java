package io.memoryd.renderer;

import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import io.grpc.ManagedChannel;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real renderer JVM started by a test: its stdout and stderr lines are collected, the READY handshake
 * awaited, and a channel to its socket handed out. {@link #close} kills it and waits until it is gone.
 */
final class RendererProcess implements AutoCloseable {

    final Process process;
    final Path socket;
    final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    final List<String> stderrSeen = new ArrayList<>();
    private UnixSocketChannels channels;
    private ManagedChannel channel;

    private RendererProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    /** Starts a renderer; does not wait for READY. */
    static RendererProcess launch(Path home, Path socket, String id, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), RendererMain.class.getName(),
                "--home", home.toString(), "--socket", socket.toString(), "--id", id));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MEMORYD_LOG_LEVEL", "DEBUG");
        return new RendererProcess(builder.start(), socket);
    }

    /** Starts a renderer and waits for its READY line. */
    static RendererProcess start(Path home, Path socket, String id, String... extra) throws Exception {
        RendererProcess p = launch(home, socket, id, extra);
        String line = p.stdout.poll(20, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("READY " + id + " ")) {
            p.close();
            throw new IllegalStateException("no READY from renderer " + id + ", got " + line + "; stderr: " + p.stderr);
        }
        return p;
    }

    private static void pump(InputStream in, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a stderr line containing {@code text}; lines read on the way are kept in {@link #stderrSeen}. */
    boolean awaitStderr(String text, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            String line = stderr.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                return false;
            }
            stderrSeen.add(line);
            if (line.contains(text)) {
                return true;
            }
        }
        return false;
    }

    synchronized ManagedChannel channel() {
        if (channel == null) {
            channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
            channel = channels.builder(socket).build();
        }
        return channel;
    }

    RendererServiceGrpc.RendererServiceBlockingStub stub() {
        return RendererServiceGrpc.newBlockingStub(channel());
    }

    RendererServiceGrpc.RendererServiceFutureStub futureStub() {
        return RendererServiceGrpc.newFutureStub(channel());
    }

    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    @Override
    public void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            channels.close();
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("renderer " + process.pid() + " did not die");
        }
    }
}
