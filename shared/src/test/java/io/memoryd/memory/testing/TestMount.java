package io.memoryd.memory.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real file system fault for one test: a small tmpfs (to run out of space) or a read-only bind mount
 * of a file or directory (read-only even for root, whom file modes do not stop). {@link #close} unmounts.
 * Mounting needs root with CAP_SYS_ADMIN; where the machine refuses it, the test is skipped (a JUnit
 * assumption) with the reason, never passed.
 */
public final class TestMount implements AutoCloseable {

    private final Path target;
    private boolean mounted = true;

    private TestMount(Path target) {
        this.target = target;
    }

    /** Mounts a tmpfs of {@code kib} KiB on {@code dir} (created if absent). */
    public static TestMount tmpfs(Path dir, int kib) throws IOException {
        Files.createDirectories(dir);
        mountOrSkip(List.of("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0700", "tmpfs", dir.toString()));
        return new TestMount(dir);
    }

    /** Bind-mounts {@code path} (a file or a directory) onto itself read-only. */
    public static TestMount readOnly(Path path) throws IOException {
        mountOrSkip(List.of("mount", "--bind", path.toString(), path.toString()));
        TestMount mount = new TestMount(path);
        String remount = run(List.of("mount", "-o", "remount,ro,bind", path.toString()));
        if (remount != null) {
            mount.close();
            throw new IllegalStateException("could not make the bind mount of " + path + " read-only: " + remount);
        }
        return mount;
    }

    /**
     * Writes a filler file into {@code dir} until its file system answers "No space left on device", so
     * that the next allocation there fails; deleting the filler frees the space again.
     */
    public static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler.bin");
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left on device")) {
                throw e;
            }
        }
        return filler;
    }

    public Path path() {
        return target;
    }

    /**
     * Detaches the mount now, even while files are open on it: descriptors opened through it keep seeing
     * it, new opens see what lies beneath (the same file, writable again, for a read-only bind mount).
     */
    public void detach() throws IOException {
        if (mounted) {
            mounted = false;
            String failure = run(List.of("umount", "-l", target.toString()));
            if (failure != null) {
                throw new IllegalStateException("detaching " + target + " failed: " + failure);
            }
        }
    }

    /** Unmounts; a mount still in use is detached lazily and reported, since a test left a file open on it. */
    @Override
    public void close() throws IOException {
        if (!mounted) {
            return;
        }
        mounted = false;
        String failure = run(List.of("umount", target.toString()));
        if (failure != null) {
            run(List.of("umount", "-l", target.toString()));
            throw new IllegalStateException("unmounting " + target + " failed (still in use?): " + failure);
        }
    }

    private static void mountOrSkip(List<String> command) {
        String failure;
        try {
            failure = run(command);
        } catch (IOException e) {
            failure = "cannot run mount: " + e.getMessage();
            Assumptions.abort("this machine cannot mount file systems for the test (" + failure + ")");
            return;
        }
        if (failure == null) {
            return;
        }
        String lower = failure.toLowerCase(Locale.ROOT);
        if (lower.contains("permission denied") || lower.contains("not permitted") || lower.contains("only root")
                || lower.contains("must be superuser")) {
            Assumptions.abort("mounting needs root with CAP_SYS_ADMIN, which this machine does not grant: " + failure);
        }
        throw new IllegalStateException(String.join(" ", command) + " failed: " + failure);
    }

    /** Runs a command; null on success, else its exit code and output. */
    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted running " + command, e);
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
    }
}
