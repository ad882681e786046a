package io.memoryd.daemon;

import io.memoryd.memory.workspace.PrivateFiles;
import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.process.EffectiveUid;
import io.memoryd.process.socket.UnixSocketServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's private run directory (0700): its socket, the renderers' sockets, a pid file per renderer
 * and the loopback TCP token, all 0600. It is {@code <root>/.memoryd/run} unless socket paths there would
 * be too long, then {@code $XDG_RUNTIME_DIR/memoryd-<hash>}, else {@code /tmp/memoryd-<user>-<hash>} (hash
 * of the root). It is created without following symlinks and then checked with lstat: a symlink, another
 * user's directory or a mode other than 0700 is refused, since whoever controls it could reach or replace
 * the sockets. On start, renderers of this workspace left by a daemon that is gone are killed
 * ({@link LeftoverRenderers}).
 */
public final class RunDirectory {

    private static final Logger log = LoggerFactory.getLogger(RunDirectory.class);
    /** Longest file name placed here: a renderer socket with a high slot and generation. */
    private static final String LONGEST_NAME = "r99-9999999.sock";
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final int FILE_TYPE = 0170000;

    /** File name of the daemon's HTTP hook gateway socket in the run directory (see {@link #hooksSocket}). */
    public static final String HOOKS_SOCKET = "hooks.sock";

    private RunDirectory() {
    }

    /**
     * The socket of the daemon's HTTP hook gateway in {@code runDir}: what the installed agent hooks post to
     * ({@code memoryctl hooks install}) and where the daemon serves them.
     */
    public static Path hooksSocket(Path runDir) {
        return runDir.resolve(HOOKS_SOCKET);
    }

    /** The run directory of the workspace at {@code root}, with this process's environment. */
    public static Path choose(Path root) {
        return choose(root, System.getenv());
    }

    /** The run directory of the workspace at {@code root}, reading {@code XDG_RUNTIME_DIR} from {@code env}. */
    public static Path choose(Path root, Map<String, String> env) {
        Path preferred = root.resolve(".memoryd").resolve("run");
        if (fits(preferred)) {
            return preferred;
        }
        String name = ArtifactBody.sha256(root.toString()).substring(0, 12);
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/") && Files.isDirectory(Path.of(runtime))) {
            Path dir = Path.of(runtime, "memoryd-" + name);
            if (fits(dir)) {
                return dir;
            }
        }
        return Path.of("/tmp", "memoryd-" + System.getProperty("user.name") + "-" + name);
    }

    private static boolean fits(Path dir) {
        return dir.resolve(LONGEST_NAME).toString().getBytes(StandardCharsets.UTF_8).length
                <= UnixSocketServer.MAX_PATH_BYTES;
    }

    /**
     * Makes {@code dir} private ({@link #makePrivate}) and kills the renderers of {@code root} that an
     * ended daemon left in it.
     */
    static void prepare(Path dir, Path root) throws DaemonStartRefused, IOException {
        makePrivate(dir, EffectiveUid.current());
        LeftoverRenderers.killOrphans(dir, root);
    }

    /**
     * Creates {@code dir} with mode 0700 unless something exists there (mkdir does not follow a symlink),
     * then lstats it: it must be a directory, not a symlink, owned by {@code uid}, with mode exactly 0700.
     *
     * @throws DaemonStartRefused naming the directory and what is wrong with it
     */
    static void makePrivate(Path dir, int uid) throws DaemonStartRefused {
        try {
            Files.createDirectory(dir, PrivateFiles.directory());
        } catch (FileAlreadyExistsException e) {
            // checked below, whatever it is
        } catch (IOException e) {
            throw refused(dir, "cannot be created (" + e + ")");
        }
        Optional<String> problem = problemWith(dir, uid);
        if (problem.isPresent()) {
            throw refused(dir, problem.get());
        }
    }

    /**
     * What is wrong with an existing run directory {@code dir} for user {@code uid}, read with lstat and
     * changing nothing: a symlink, not a directory, another owner or a mode other than 0700; empty when it is
     * fine. The daemon refuses such a directory at start; {@code memoryctl doctor} reports it.
     */
    public static Optional<String> problemWith(Path dir, int uid) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(dir, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.of("cannot be examined (" + e + ")");
        }
        int mode = (Integer) attributes.get("mode");
        int owner = (Integer) attributes.get("uid");
        if ((mode & FILE_TYPE) == SYMLINK) {
            return Optional.of("is a symbolic link");
        }
        if ((mode & FILE_TYPE) != DIRECTORY) {
            return Optional.of("is not a directory");
        }
        if (owner != uid) {
            return Optional.of("is owned by uid " + owner + ", not by this user (uid " + uid + ")");
        }
        if ((mode & 07777) != 0700) {
            return Optional.of(String.format("has mode %04o, not 0700 (rwx------)", mode & 07777));
        }
        return Optional.empty();
    }

    private static DaemonStartRefused refused(Path dir, String what) {
        return new DaemonStartRefused("run directory " + dir + " " + what + "; refusing to use it",
                DaemonStartRefused.EXIT_REFUSED);
    }

    /** Removes a reaped renderer's pid file and socket (a killed renderer cannot remove its socket itself). */
    static void forget(Path socket) {
        try {
            Files.deleteIfExists(pidFile(socket));
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("cannot remove {} of an ended renderer: {}", socket, e.getMessage());
        }
    }

    /** Records a renderer's pid and this daemon's pid ({@code "<renderer> <daemon>"}) next to its socket, 0600. */
    static void recordPid(Path socket, long pid) {
        try {
            writePrivate(pidFile(socket), pid + " " + ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            log.warn("cannot record renderer pid {} next to {}: {}", pid, socket, e.getMessage());
        }
    }

    static Path pidFile(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".pid");
    }

    /** Writes a new 0600 file in place of whatever {@code file} was (a symlink there is replaced, not followed). */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PrivateFiles.file())) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
