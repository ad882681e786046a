package io.memoryd.renderer.launch;

import io.memoryd.renderer.RendererMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command that starts a renderer JVM with the launching JVM's own java and classpath. */
public final class RendererCommandLine {

    /**
     * JVM flags every renderer gets: a bounded heap with the serial collector (one render at a time needs
     * no concurrent GC), starting at 64 MB and given back after a full collection when much of it is free (the
     * JVM's initial heap is otherwise 1/64 of the machine's memory, capped at the maximum: the whole 256 MB,
     * which renders then touch, young generation first; 64 MB is what start-up needs without a collection
     * before READY, where 16 MB cost nine collections, one of them full, about 0.2 s); an exit (code 3) on the first OutOfMemoryError,
     * since a JVM that ran out of heap is not trusted to go on (the supervisor restarts it); and JVM logging
     * and messages kept off stdout, which carries only the READY handshake.
     */
    public static final List<String> BASE_FLAGS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx256m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:+ExitOnOutOfMemoryError",
            "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr");

    /**
     * Environment every renderer gets (unless the launching process set it): at most 2 glibc malloc arenas
     * instead of 8 per core, since a renderer's native allocations (SQLite's page cache, Netty) come from a
     * few threads and every extra arena keeps freed memory resident.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /** The renderer's main class as it appears on a renderer's command line (how leftovers are recognised). */
    public static final String MAIN_CLASS = RendererMain.class.getName();

    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final int NICENESS = 10;

    private RendererCommandLine() {
    }

    /** A process builder for {@code command} with {@link #ENVIRONMENT} added where the environment lacks it. */
    public static ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        ENVIRONMENT.forEach(builder.environment()::putIfAbsent);
        return builder;
    }

    /** java, flags, classpath, main class and the renderer's own arguments. */
    public static List<String> build(List<String> jvmFlags, String classpath, Path home, Path socket, String id,
            List<String> extraArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classpath, MAIN_CLASS, "--home", home.toString(),
                "--socket", socket.toString(), "--id", id));
        command.addAll(extraArgs);
        return command;
    }

    /**
     * The command run at a lower CPU priority (nice 10) where {@code nice} exists: renders are batch work,
     * and the daemon's serving thread (health, admission) must win a CPU that renders saturate. nice execs
     * the command, so the pid stays the renderer's.
     */
    public static List<String> lowPriority(List<String> command) {
        if (!java.nio.file.Files.isExecutable(NICE)) {
            return command;
        }
        List<String> niced = new ArrayList<>(List.of(NICE.toString(), "-n", Integer.toString(NICENESS)));
        niced.addAll(command);
        return niced;
    }
}
