package io.memoryd.daemon.supervisor;

import io.memoryd.renderer.launch.RendererCommandLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts real renderer JVMs with the daemon's own java and classpath. The child's stdin stays an open
 * pipe that is never written: when the daemon dies, however it dies, the kernel closes it and the
 * renderer exits. Its stdout must start with the READY line (see {@link ReadyHandshake}); its stderr goes
 * to the daemon log, tagged.
 */
public final class ProcessRendererLauncher implements RendererLauncher {

    private static final Logger log = LoggerFactory.getLogger("io.memoryd.daemon.renderer-stderr");
    private static final int TAIL_BYTES = 8 * 1024;

    private final Path home;
    private final String classpath;
    private final java.util.function.Supplier<List<String>> jvmFlags;
    private final List<String> extraArgs;

    /** @param jvmFlags asked at every launch, so an AppCDS archive made later is picked up by restarts */
    public ProcessRendererLauncher(Path home, String classpath, java.util.function.Supplier<List<String>> jvmFlags,
            List<String> extraArgs) {
        this.home = home;
        this.classpath = classpath;
        this.jvmFlags = jvmFlags;
        this.extraArgs = List.copyOf(extraArgs);
    }

    @Override
    public RendererHandle launch(String rendererId, Path socket) throws IOException {
        List<String> command = RendererCommandLine.lowPriority(
                RendererCommandLine.build(jvmFlags.get(), classpath, home, socket, rendererId, extraArgs));
        Process process = RendererCommandLine.processBuilder(command).start();
        return new ProcessHandleImpl(rendererId, process);
    }

    /** A real renderer process. */
    private static final class ProcessHandleImpl implements RendererHandle {
        private final Process process;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final CompletableFuture<Integer> exited;
        private final StderrTail tail = new StderrTail(TAIL_BYTES);

        ProcessHandleImpl(String rendererId, Process process) {
            this.process = process;
            this.exited = process.onExit().thenApply(Process::exitValue);
            exited.thenRun(() -> ready.completeExceptionally(new IllegalStateException(
                    "renderer " + rendererId + " (pid " + process.pid() + ") exited with code "
                            + process.exitValue() + " before READY")));
            readStdout(rendererId, process.getInputStream());
            readStderr(rendererId, process.getErrorStream());
        }

        private void readStdout(String id, InputStream in) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    ReadyHandshake.read(id, r, ready, log);
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "renderer-" + id + "-stdout");
            t.setDaemon(true);
            t.start();
        }

        private void readStderr(String id, InputStream in) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        tail.append(line);
                        log.info("[{}] {}", id, line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "renderer-" + id + "-stderr");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        @Override
        public void threadDump() {
            try {
                new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                        .redirectErrorStream(true).start().waitFor();
            } catch (IOException e) {
                log.warn("SIGQUIT to renderer pid {} failed: {}", process.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void terminate() {
            // Through the handle: Process.destroy() would also close the child's stdin.
            process.toHandle().destroy();
        }

        @Override
        public void kill() {
            process.toHandle().destroyForcibly();
        }

        @Override
        public String stderrTail() {
            return tail.get();
        }
    }

    /** JVM flags: the base flags plus the AppCDS archive when one exists. */
    public static List<String> flags(List<String> cdsFlags) {
        List<String> flags = new ArrayList<>(RendererCommandLine.BASE_FLAGS);
        flags.addAll(cdsFlags);
        return flags;
    }
}
