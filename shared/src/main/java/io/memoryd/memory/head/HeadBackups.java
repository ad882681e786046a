package io.memoryd.memory.head;

import io.memoryd.memory.artifact.AtomicFileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import io.memoryd.memory.text.IsoTime;

/**
 * Copies of replaced head files, {@code <dir of MEMORY.md>/memory/MEMORY.backup-<stamp>.md} with the
 * reference's stamp ({@code 2026-03-28T22-34-06}: ISO time, {@code :} and {@code .} turned into {@code -},
 * first 19 characters), and their retention: the newest {@code keep} are kept. Only names of exactly this
 * shape are ever deleted, so other backups ({@code MEMORY.bak-…}, {@code MEMORY.pre-…}) and anything else
 * a person put there stay. Two backups in the same second get {@code -2}, {@code -3}… rather than one
 * overwriting the other.
 *
 * <p>A backup is a hard link to the file about to be replaced, not a copy: the replaced file's content is
 * already on disk, so the backup costs one {@code link} and no data write or fsync, and the head writer's
 * rename then leaves the old inode reachable only under the backup name. Where links are impossible (another
 * file system, no hard links) the content is copied atomically instead. The backup name's directory entry is
 * not fsynced: after a power loss right after a write the newest backup may be missing, never the head.
 *
 * <p>{@code memory/} holds every artifact (30,000 entries and more), so listing it on each write would cost
 * more than the write; the backups of a directory are listed once per process and then tracked as they are
 * made. Backups another process makes meanwhile are counted from this process's next start. Thread-safe.
 */
public final class HeadBackups {

    /** The backup names memoryd (and the reference) write, and so the only ones retention may delete. */
    static final Pattern OWN = Pattern.compile("MEMORY\\.backup-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}(?:-(\\d{1,6}))?\\.md");

    private final AtomicFileWriter files;
    private final int keep;
    /** Own backups per backup directory, oldest first; listed on first use. Guarded by itself. */
    private final java.util.Map<Path, java.util.ArrayDeque<Path>> known = new java.util.HashMap<>();

    /** @param keep how many backups to keep per head file, at least 1 */
    public HeadBackups(AtomicFileWriter files, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.files = files;
        this.keep = keep;
    }

    /** The backup directory of a head file. */
    public static Path directoryOf(Path headFile) {
        return headFile.resolveSibling("memory");
    }

    /** The reference's stamp of an instant. */
    static String stamp(Instant now) {
        return IsoTime.format(now).replace(':', '-').replace('.', '-').substring(0, 19);
    }

    /**
     * Backs up the head file about to be replaced (whose text is {@code previous}) and returns the backup's
     * path: a hard link to it, else a copy of {@code previous}.
     */
    public Path save(Path headFile, String previous, Instant now) {
        Path dir = directoryOf(headFile);
        synchronized (known) {
            known(dir); // listed before the new backup exists, so that it is tracked once
        }
        String base = "MEMORY.backup-" + stamp(now);
        Path target = dir.resolve(base + ".md");
        for (int n = 2; Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            target = dir.resolve(base + "-" + n + ".md");
        }
        try {
            io.memoryd.memory.workspace.PrivateFiles.createDirectories(dir);
            Files.createLink(target, headFile);
        } catch (IOException | UnsupportedOperationException noLink) {
            files.write(target, previous);
        }
        synchronized (known) {
            known(dir).addLast(target);
        }
        return target;
    }

    /** Deletes memoryd's own backups in the head file's backup directory beyond the newest {@code keep}. */
    public List<Path> prune(Path headFile) {
        Path dir = directoryOf(headFile);
        List<Path> deleted = new ArrayList<>();
        synchronized (known) {
            java.util.ArrayDeque<Path> own = known(dir);
            while (own.size() > keep) {
                Path p = own.removeFirst();
                try {
                    Files.deleteIfExists(p);
                    deleted.add(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("Deleting old backup " + p, e);
                }
            }
        }
        return Collections.unmodifiableList(deleted);
    }

    /** The tracked backups of {@code dir}, oldest first, listing the directory the first time. */
    private java.util.ArrayDeque<Path> known(Path dir) {
        return known.computeIfAbsent(dir, d -> {
            List<Path> own = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(d, "MEMORY.backup-*.md")) {
                for (Path p : entries) {
                    if (OWN.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                        own.add(p);
                    }
                }
            } catch (NoSuchFileException e) {
                return new java.util.ArrayDeque<>();
            } catch (IOException e) {
                throw new UncheckedIOException("Listing backups in " + d, e);
            }
            own.sort(HeadBackups::newestFirst);
            Collections.reverse(own);
            return new java.util.ArrayDeque<>(own);
        });
    }

    /** Newer stamp first; within one second a higher counter is newer (no counter = the first). */
    private static int newestFirst(Path a, Path b) {
        String na = a.getFileName().toString();
        String nb = b.getFileName().toString();
        int byStamp = nb.substring(14, 33).compareTo(na.substring(14, 33));
        return byStamp != 0 ? byStamp : Integer.compare(counter(nb), counter(na));
    }

    private static int counter(String name) {
        var m = OWN.matcher(name);
        return m.matches() && m.group(1) != null ? Integer.parseInt(m.group(1)) : 1;
    }
}
