package io.memoryd.memory.artifact;

import io.memoryd.memory.workspace.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file atomically: the full content goes to a temp file in the target's directory
 * ({@code <name>.tmp-<pid>-<millis>-<n>}, which never matches the artifact name rule and names the writing
 * process, so that a later start can tell a dead writer's leftovers, see {@link StaleTempFiles}), is
 * optionally fsynced, then is published, so readers see the old or the new file and never a torn one.
 * {@link #write} renames over the target; {@link #writeNew} publishes only where nothing is, for files that
 * must never be replaced. With fsync on, the directory is fsynced after each publish so the new name
 * survives a power loss too.
 *
 * <p>New files are created 0600 (and missing directories 0700); a rewritten file keeps the mode it had.
 * Thread-safe.
 */
public final class AtomicFileWriter {

    /** Makes a directory's entries durable; called after each publish in it. */
    @FunctionalInterface
    public interface DirectorySync {
        void sync(Path directory) throws IOException;
    }

    /**
     * Called in {@link #write} after the temp file is complete (and fsynced) and before it is renamed over
     * the target. Production passes none; crash tests block or kill the process here.
     */
    @FunctionalInterface
    public interface BeforePublish {
        void reached(Path temp, Path target) throws IOException;
    }

    /** fsync of the directory itself: what makes a rename or link durable on Linux. */
    public static final DirectorySync FSYNC_DIRECTORY = directory -> {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    };

    /** Temp names of this writer ({@code …md.tmp-<pid>-<millis>-<n>}) and of the reference ({@code …-<millis>}). */
    private static final Pattern TEMP_NAME = Pattern.compile(".+\\.md\\.tmp-(\\d{1,18})-\\d+(?:-\\d+)?");

    private static final long PID = ProcessHandle.current().pid();

    private final boolean fsync;
    private final DirectorySync directorySync;
    private final BeforePublish beforePublish;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param fsync whether to force the temp file and then its directory to disk; off only for bulk
     *     generation of benchmark workspaces, where a crash just means generating again
     */
    public AtomicFileWriter(boolean fsync) {
        this(fsync, fsync ? FSYNC_DIRECTORY : directory -> { });
    }

    /**
     * @param fsync whether to force each temp file's content to disk before it is published
     * @param directorySync what runs on the target's directory after each publish
     */
    public AtomicFileWriter(boolean fsync, DirectorySync directorySync) {
        this(fsync, directorySync, (temp, target) -> { });
    }

    /** As above, with a hook between the temp file's completion and its rename (see {@link BeforePublish}). */
    public AtomicFileWriter(boolean fsync, DirectorySync directorySync, BeforePublish beforePublish) {
        this.fsync = fsync;
        this.directorySync = directorySync;
        this.beforePublish = beforePublish;
    }

    /**
     * The pid of the process that wrote a temp file of an atomic write ({@code <name>.md.tmp-<pid>-…}, this
     * writer's and the reference's shape); empty for any other name.
     */
    public static OptionalLong writerPid(String fileName) {
        Matcher m = TEMP_NAME.matcher(fileName);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Writes {@code content} as UTF-8 to {@code target}, replacing any existing file (whose mode it keeps). */
    public void write(Path target, String content) {
        Path temp = null;
        try {
            temp = writeTemp(target, content, existingMode(target));
            beforePublish.reached(temp, target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            directorySync.sync(target.getParent());
        } catch (IOException e) {
            throw failure(target, temp, e);
        }
    }

    /**
     * Writes {@code content} as UTF-8 to {@code target} only if no file is there, without ever replacing
     * one, even when another process publishes the same name at the same moment: the temp file is hard
     * linked to the target name (which fails when the name exists) and then removed.
     *
     * @return true when this call created the target; false when a file was already there (left untouched)
     */
    public boolean writeNew(Path target, String content) {
        Path temp = null;
        try {
            temp = writeTemp(target, content, null);
            boolean created = publishWithoutReplacing(temp, target);
            Files.deleteIfExists(temp);
            if (created) {
                directorySync.sync(target.getParent());
            }
            return created;
        } catch (IOException e) {
            throw failure(target, temp, e);
        }
    }

    private static boolean publishWithoutReplacing(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            // A file system without hard links (vfat, some network mounts): a move that refuses an existing
            // target. Its check and rename are two steps, so only callers' locks keep it race-free there.
            try {
                Files.move(temp, target);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
    }

    private Path writeTemp(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        PrivateFiles.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + PID + "-" + System.currentTimeMillis()
                + "-" + counter.incrementAndGet());
        try (FileChannel channel = FileChannel.open(temp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PrivateFiles.file())) {
            ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (mode != null && !mode.equals(PrivateFiles.FILE_MODE)) {
                Files.setPosixFilePermissions(temp, mode);
            }
            if (fsync) {
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return temp;
    }

    /** The mode of the file a rewrite replaces, or null when there is none (the new file stays 0600). */
    private static Set<PosixFilePermission> existingMode(Path target) throws IOException {
        try {
            return Files.getPosixFilePermissions(target);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static UncheckedIOException failure(Path target, Path temp, IOException e) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
        }
        return new UncheckedIOException("Failed to write " + target + ": " + e.getMessage(), e);
    }
}
