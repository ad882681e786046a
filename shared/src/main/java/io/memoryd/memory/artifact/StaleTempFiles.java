package io.memoryd.memory.artifact;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temp files of atomic writes ({@code <name>.md.tmp-<pid>-…}, see {@link AtomicFileWriter})
 * that a writer left behind when it died between writing and publishing. A temp file is removed only when
 * the process its name records no longer runs, so the in-flight write of a live daemon, renderer or
 * {@code memoryd render} is never touched; anything else (other names, directories, symlinks) is never
 * touched either. Listing is flat, like the artifact listing.
 */
public final class StaleTempFiles {

    private static final Logger log = LoggerFactory.getLogger(StaleTempFiles.class);

    private final LongPredicate running;

    /** Judges pids by the process table of this machine. */
    public StaleTempFiles() {
        this(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** @param running whether the process with a pid still runs */
    public StaleTempFiles(LongPredicate running) {
        this.running = running;
    }

    /** Removes the dead writers' temp files directly inside {@code directory}; returns how many. */
    public int removeFrom(Path directory) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.md.tmp-*")) {
            for (Path entry : entries) {
                OptionalLong pid = AtomicFileWriter.writerPid(entry.getFileName().toString());
                if (pid.isEmpty() || running.test(pid.getAsLong())
                        || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    if (Files.deleteIfExists(entry)) {
                        removed++;
                        log.info("Removed {}: temp file of an atomic write by process {}, which no longer runs",
                                entry, pid.getAsLong());
                    }
                } catch (IOException e) {
                    log.warn("Cannot remove stale temp file {}: {}", entry, e.toString());
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            log.warn("Cannot list {} for stale temp files: {}", directory, e.toString());
        }
        return removed;
    }
}
