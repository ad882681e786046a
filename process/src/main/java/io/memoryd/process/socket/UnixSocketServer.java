package io.memoryd.process.socket;

import io.memoryd.process.EffectiveUid;
import io.memoryd.memory.workspace.PrivateFiles;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a Unix domain socket (grpc-netty on the platform's {@link NativeTransport}). Before binding it checks the path:
 * under 100 bytes, in a private (0700) directory, not a live socket (a connect probe), not some other
 * file; a stale socket left by a killed process is removed. The socket is bound under a private name next
 * to its path, made 0600 and then linked into place, so it appears whole and private; and since Netty
 * deletes the path it bound when the server closes, that is never the path, where another process may
 * have put its own socket by then. The server remembers which file it bound (device and inode), so it can
 * tell when that file was deleted or replaced, and it never deletes a socket file it did not bind. Calls
 * from processes of another uid are refused with {@code PERMISSION_DENIED} (see {@link SameUserInterceptor}).
 */
public final class UnixSocketServer implements AutoCloseable {

    /** Longest socket path accepted, in bytes (the kernel's limit is 107; we keep a margin). */
    public static final int MAX_PATH_BYTES = 99;

    private static final Set<PosixFilePermission> PRIVATE_DIR = PrivateFiles.DIRECTORY_MODE;

    private final Path socket;
    private final Server server;
    private final MultiThreadIoEventLoopGroup boss;
    private final MultiThreadIoEventLoopGroup workers;
    /** The identity (device, inode) of the socket file this server bound. */
    private final Object boundFile;

    private UnixSocketServer(Path socket, Server server, MultiThreadIoEventLoopGroup boss,
            MultiThreadIoEventLoopGroup workers, Object boundFile) {
        this.socket = socket;
        this.server = server;
        this.boss = boss;
        this.workers = workers;
        this.boundFile = boundFile;
    }

    /** Checks the path, binds and starts serving {@code services} on one event loop. */
    public static UnixSocketServer start(Path socket, String threadPrefix, BindableService... services)
            throws SocketPathException, IOException {
        return start(socket, threadPrefix, 1, services);
    }

    /**
     * Checks the path, binds and starts serving {@code services}; each connection is served by one of
     * {@code eventLoops} event loops, so a busy connection does not delay calls on another.
     */
    public static UnixSocketServer start(Path socket, String threadPrefix, int eventLoops,
            BindableService... services) throws SocketPathException, IOException {
        prepare(socket);
        NativeTransport transport = NativeTransport.forThisPlatform();
        MultiThreadIoEventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers().get());
        // Netty's defaults (non-daemon, max priority) with a name, so thread dumps tell the serving loops apart.
        MultiThreadIoEventLoopGroup workers = new MultiThreadIoEventLoopGroup(eventLoops,
                new DefaultThreadFactory(threadPrefix + "-loop", false, Thread.MAX_PRIORITY), transport.ioHandlers().get());
        Path binding = bindingPath(socket);
        // Only this process's own user may call, whatever the socket's file mode (peer credentials).
        NettyServerBuilder builder = GrpcServerSetup.builder(new DomainSocketAddress(binding.toString()), transport,
                boss, workers, List.of(new SameUserInterceptor(EffectiveUid.current(), socket)), List.of(services));
        builder.protocolNegotiator(new PeerCredentialsNegotiator());
        Server server = null;
        try {
            server = builder.build().start();
            Files.setPosixFilePermissions(binding, PrivateFiles.FILE_MODE);
            if (!binding.equals(socket)) {
                moveIntoPlace(binding, socket);
            }
            return new UnixSocketServer(socket, server, boss, workers, fileKey(socket));
        } catch (IOException | SocketPathException | RuntimeException e) {
            if (server != null) {
                server.shutdownNow();
            }
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * A fresh private name next to {@code socket} to bind at ({@code .<pid>.<random>}), or the socket's own
     * path where that name would make the path too long.
     */
    private static Path bindingPath(Path socket) throws IOException {
        Path binding = socket.toAbsolutePath().resolveSibling("." + ProcessHandle.current().pid() + "."
                + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20, 1 << 25), 36));
        if (binding.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return socket;
        }
        Files.deleteIfExists(binding);
        return binding;
    }

    /** Links the bound socket to its path (refusing to replace a file that appeared there), then drops the binding name. */
    private static void moveIntoPlace(Path binding, Path socket) throws SocketPathException, IOException {
        try {
            Files.createLink(socket, binding);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new SocketPathException(socket, "appeared while the server was binding; refusing to replace it");
        } catch (UnsupportedOperationException | IOException e) {
            Files.move(binding, socket, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // no hard links here
            return;
        }
        Files.delete(binding);
    }

    static void prepare(Path socket) throws SocketPathException, IOException {
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
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!"socket".equals(fileType(socket))) {
            throw new SocketPathException(socket, "exists and is not a socket; refusing to replace it");
        }
        if (isLive(socket)) {
            throw new SocketPathException(socket, "is in use by a live process (a connect succeeded)");
        }
        Files.deleteIfExists(socket);
    }

    private static String fileType(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int type = ((Integer) mode) & 0170000;
        return type == 0140000 ? "socket" : "other";
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

    public Path socket() {
        return socket;
    }

    /**
     * Whether the socket file this server bound is still at its path. False once it was deleted (the
     * server then serves only the connections it already has: nobody can connect any more) or replaced by
     * another file, such as another process's socket.
     */
    public boolean stillBound() {
        try {
            return Objects.equals(boundFile, fileKey(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** The event loops that run this server's handlers: a task queued on one waits as long as a call would. */
    public java.util.List<java.util.concurrent.Executor> servingLoops() {
        java.util.List<java.util.concurrent.Executor> loops = new java.util.ArrayList<>();
        workers.forEach(loops::add);
        return loops;
    }

    /** Stops accepting new calls; calls already running go on. */
    public void shutdown() {
        server.shutdown();
    }

    public boolean awaitTermination(long millis) throws InterruptedException {
        return server.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /** Stops everything now and removes the socket file. */
    @Override
    public void close() {
        GrpcServerSetup.stopNow(server, boss, workers);
        if (!stillBound()) {
            return; // gone already, or some other process's socket now: not ours to delete
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // the directory is private; a leftover socket is removed by the next start's probe
        }
    }
}
