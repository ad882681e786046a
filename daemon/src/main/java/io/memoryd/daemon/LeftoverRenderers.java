package io.memoryd.daemon;

import io.memoryd.renderer.launch.RendererCommandLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renderers that a daemon which is gone left running (it was killed while they were stopped, say), found
 * through the pid files in the run directory and killed before a new daemon starts its own. A pid file
 * names a renderer and the daemon that started it ({@code "<renderer pid> <daemon pid>"}). Only a process
 * that is a memoryd renderer of this workspace on that pid file's socket (its command line says
 * {@code RendererMain --home <root> --socket <socket>}) and whose parent is no longer that daemon is
 * killed; a pid now used by another process, a renderer of another workspace, or one whose daemon still
 * runs is left alone.
 */
final class LeftoverRenderers {

    private static final Logger log = LoggerFactory.getLogger(LeftoverRenderers.class);

    /** What a pid file's process turned out to be. */
    enum Verdict {
        /** No such process any more: only the files are left. */
        GONE,
        /** The pid belongs to something that is not a renderer of this workspace on this socket. */
        NOT_THIS_WORKSPACES_RENDERER,
        /** A renderer of this workspace whose daemon is still its parent. */
        DAEMON_ALIVE,
        /** A renderer of this workspace whose daemon is gone: to be killed. */
        ORPHAN
    }

    private LeftoverRenderers() {
    }

    /** Goes through every pid file in {@code runDir}, killing orphaned renderers of {@code root}. */
    static void killOrphans(Path runDir, Path root) throws IOException {
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(runDir, "*.pid")) {
            for (Path pidFile : pidFiles) {
                handle(pidFile, root);
            }
        }
    }

    private static void handle(Path pidFile, Path root) {
        String name = pidFile.getFileName().toString();
        Path socket = pidFile.resolveSibling(name.substring(0, name.length() - ".pid".length()));
        long pid;
        long daemonPid;
        try {
            String[] fields = Files.readString(pidFile).trim().split("\\s+");
            pid = Long.parseLong(fields[0]);
            daemonPid = fields.length > 1 ? Long.parseLong(fields[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            log.warn("removing unreadable pid file {}: {}", pidFile, e.getMessage());
            RunDirectory.forget(socket);
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        Verdict verdict = process.map(p -> judge(p, daemonPid, root, socket)).orElse(Verdict.GONE);
        switch (verdict) {
            case GONE -> RunDirectory.forget(socket);
            case NOT_THIS_WORKSPACES_RENDERER -> {
                log.info("pid file {} names pid {}, which is not a renderer of {} on {}: left alone, file removed",
                        pidFile, pid, root, socket);
                deleteQuietly(pidFile);
            }
            case DAEMON_ALIVE -> log.warn("renderer pid {} ({}) still has its daemon pid {}: left alone",
                    pid, socket, daemonPid);
            case ORPHAN -> {
                log.warn("killing renderer pid {} of {} left by daemon pid {}, which is gone ({})", pid, root,
                        daemonPid, pidFile);
                // No wait for its end: the socket file goes now, so the new renderer that takes the same
                // name binds a new file even while the old process is still dying.
                process.get().destroyForcibly();
                RunDirectory.forget(socket);
            }
        }
    }

    /** Decides what the process {@code p}, named by the pid file of {@code socket}, is. */
    static Verdict judge(ProcessHandle p, long daemonPid, Path root, Path socket) {
        if (!p.isAlive()) {
            return Verdict.GONE;
        }
        if (!isRendererOf(arguments(p.pid()), root, socket)) {
            return Verdict.NOT_THIS_WORKSPACES_RENDERER;
        }
        long parent = p.parent().map(ProcessHandle::pid).orElse(-1L);
        return parent == daemonPid ? Verdict.DAEMON_ALIVE : Verdict.ORPHAN;
    }

    /**
     * The process's command line from {@code /proc/<pid>/cmdline}, whole: {@code ProcessHandle.Info} reads
     * only its first 4 KiB and then gives no arguments at all, and a renderer's classpath alone is longer.
     */
    private static List<String> arguments(long pid) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return List.of(cmdline.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Whether a command line's arguments are those of a renderer of {@code root} serving {@code socket}. */
    static boolean isRendererOf(List<String> arguments, Path root, Path socket) {
        int main = arguments.indexOf(RendererCommandLine.MAIN_CLASS);
        if (main < 0) {
            return false;
        }
        List<String> own = arguments.subList(main + 1, arguments.size());
        String home = valueOf(own, "--home");
        return home != null && Path.of(home).toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize())
                && socket.toString().equals(valueOf(own, "--socket"));
    }

    private static String valueOf(List<String> arguments, String flag) {
        int at = arguments.indexOf(flag);
        return at < 0 || at + 1 >= arguments.size() ? null : arguments.get(at + 1);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }
}
