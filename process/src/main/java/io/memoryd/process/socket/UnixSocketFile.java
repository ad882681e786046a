package io.memoryd.process.socket;

import io.memoryd.memory.workspace.PrivateFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file of a Unix socket a memoryd server listens on, from the checks before binding to the removal at
 * close. Before binding: the path is under 100 bytes, in a private (0700) directory, not a live socket (a
 * connect probe) and not some other file; a stale socket left by a killed process is removed. The server
 * binds a private name next to the path ({@link #bindingPath()}); {@link #publish()} makes it 0600 and
 * links it into place, so the socket appears whole and private, and since Netty deletes the path it bound
 * when its channel closes, that is never the published path, where another process may have put its own
 * socket by then. The file bound is remembered (device and inode), so {@link #stillBound()} tells when it
 * was deleted or replaced, and {@link #deleteIfOurs()} never deletes a socket this process did not bind.
 * Used by the gRPC servers and the daemon's HTTP hook gateway alike. Not thread-safe before
 * {@link #publish()}; afterwards its methods may be called from any thread.
 */
public final class UnixSocketFile {

    /** Longest socket path accepted, in bytes (the kernel's limit is 107; we keep a margin). */
    public static final int MAX_PATH_BYTES = 99;

    private static final Set<PosixFilePermission> PRIVATE_DIR = PrivateFiles.DIRECTORY_MODE;

    private final Path socket;
    private final Path binding;
    private volatile Object boundFile;

    private UnixSocketFile(Path socket, Path binding) {
        this.socket = socket;
        this.binding = binding;
    }

    /**
     * Checks {@code socket}'s path and directory (creating a missing directory 0700) and removes a stale
     * socket there.
     *
     * @throws SocketPathException naming the path when it is too long, its directory is not private, or
     *     something live or not a socket is there
     */
    public static UnixSocketFile prepare(Path socket) throws SocketPathException, IOException {
        int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new SocketPathException(socket, "is " + bytes + " bytes long; Unix socket paths must stay under "
                    + (MAX_PATH_BYTES + 1) + " bytes (use a shorter directory)");
        }
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (!PRIVATE_DIR.containsAll(perms)) {
            throw new SocketPathException(socket, "is in directory " + dir + " with mode "
                    + PosixFilePermissions.toString(perms) + "; it must be private (rwx------)");
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(socket)) {
                throw new SocketPathException(socket, "exists and is not a socket; refusing to replace it");
            }
            if (isLive(socket)) {
                throw new SocketPathException(socket, "is in use by a live process (a connect succeeded)");
            }
            Files.deleteIfExists(socket);
        }
        return new UnixSocketFile(socket, bindingPath(socket));
    }

    /**
     * A fresh private name next to {@code socket} to bind at ({@code .<pid>.<random>}), or the socket's own
     * path where that name would make the path too long.
     */
    private static Path bindingPath(Path socket) throws IOException {
        Path binding = socket.toAbsolutePath().resolveSibling("." + ProcessHandle.current().pid() + "."
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 25), 36));
        if (binding.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return socket;
        }
        Files.deleteIfExists(binding);
        return binding;
    }

    /** The path the server binds. */
    public Path bindingPath() {
        return binding;
    }

    /** The path clients connect to. */
    public Path path() {
        return socket;
    }

    /**
     * Once the server is bound: makes the socket 0600 and links it to its path, refusing to replace a file
     * that appeared there meanwhile, then drops the binding name.
     */
    public void publish() throws SocketPathException, IOException {
        Files.setPosixFilePermissions(binding, PrivateFiles.FILE_MODE);
        if (!binding.equals(socket)) {
            boolean linked;
            try {
                Files.createLink(socket, binding);
                linked = true;
            } catch (FileAlreadyExistsException e) {
                throw new SocketPathException(socket, "appeared while the server was binding; refusing to replace it");
            } catch (UnsupportedOperationException | IOException e) {
                Files.move(binding, socket, StandardCopyOption.ATOMIC_MOVE); // no hard links here
                linked = false;
            }
            if (linked) {
                Files.delete(binding);
            }
        }
        boundFile = fileKey(socket);
    }

    /**
     * Whether the socket file this server bound is still at its path. False once it was deleted (the
     * server then serves only the connections it already has: nobody can connect any more) or replaced by
     * another file, such as another process's socket.
     */
    public boolean stillBound() {
        try {
            return boundFile != null && Objects.equals(boundFile, fileKey(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the socket file if it is still the one this server bound; leaves anything else alone. */
    public void deleteIfOurs() {
        if (!stillBound()) {
            return; // gone already, or some other process's socket now: not ours to delete
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the directory is private; a leftover socket is removed by the next start's probe
        }
    }

    /** Whether something accepts connections on the socket. */
    public static boolean isLive(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isSocket(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0140000;
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
