package io.memoryd.daemon;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.renderer.UnixSocketServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's private run directory (0700): its socket, the renderers' sockets and a pid file per
 * renderer. It is {@code <root>/.memoryd/run} unless socket paths there would be too long, then a
 * directory under /tmp named after the workspace. On start, renderers left by a killed daemon are
 * killed and their files removed.
 */
public final class RunDirectory {

    private static final Logger log = LoggerFactory.getLogger(RunDirectory.class);
    /** Longest file name placed here: a renderer socket with a high slot and generation. */
    private static final String LONGEST_NAME = "r99-9999999.sock";

    private RunDirectory() {
    }

    public static Path choose(Path root) {
        Path preferred = root.resolve(".memoryd").resolve("run");
        if (preferred.resolve(LONGEST_NAME).toString().getBytes(StandardCharsets.UTF_8).length
                <= UnixSocketServer.MAX_PATH_BYTES) {
            return preferred;
        }
        return Path.of("/tmp", "memoryd-" + System.getProperty("user.name") + "-"
                + ArtifactBody.sha256(root.toString()).substring(0, 12));
    }

    static void prepare(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path pidFile : pids) {
                killStale(pidFile);
                Files.deleteIfExists(pidFile);
            }
        }
    }

    private static void killStale(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isPresent() && p.get().isAlive()
                    && p.get().info().commandLine().orElse("").contains("io.memoryd.renderer.RendererMain")) {
                log.warn("killing stale renderer pid {} left by an earlier daemon ({})", pid, pidFile);
                p.get().destroyForcibly();
            }
        } catch (IOException | NumberFormatException e) {
            log.warn("ignoring unreadable pid file {}: {}", pidFile, e.getMessage());
        }
    }

    /** Removes a reaped renderer's pid file and socket (a killed renderer cannot remove its socket itself). */
    static void forget(Path socket) {
        try {
            Files.deleteIfExists(socket.resolveSibling(socket.getFileName() + ".pid"));
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("cannot remove {} of an ended renderer: {}", socket, e.getMessage());
        }
    }

    static void recordPid(Path socket, long pid) {
        try {
            Files.writeString(socket.resolveSibling(socket.getFileName() + ".pid"), Long.toString(pid));
        } catch (IOException e) {
            log.warn("cannot record renderer pid {} next to {}: {}", pid, socket, e.getMessage());
        }
    }
}
