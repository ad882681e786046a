package io.memoryd.daemon.health;

import io.memoryd.proto.v1.FdCounts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts this process's open file descriptors by what they point at, from {@code /proc/self/fd}. */
public final class FdInventory {

    private FdInventory() {
    }

    /** The counts of this process; {@code total} is -1 where {@code /proc} is unavailable. */
    public static FdCounts count() {
        return count(Path.of("/proc/self/fd"));
    }

    /** The counts of process {@code pid} (a renderer, say); {@code total} is -1 when they cannot be read. */
    public static FdCounts count(long pid) {
        return count(Path.of("/proc", Long.toString(pid), "fd"));
    }

    private static FdCounts count(Path fdDir) {
        FdCounts.Builder b = FdCounts.newBuilder();
        int total = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while we listed
                }
                total++;
                if (target.startsWith("socket:")) {
                    b.setSockets(b.getSockets() + 1);
                } else if (target.startsWith("pipe:")) {
                    b.setPipes(b.getPipes() + 1);
                } else if (target.contains("inotify")) {
                    b.setInotify(b.getInotify() + 1);
                } else if (target.contains("memories.db")) {
                    b.setDatabase(b.getDatabase() + 1);
                } else if (target.endsWith(".md")) {
                    b.setArtifactFiles(b.getArtifactFiles() + 1);
                } else {
                    b.setOther(b.getOther() + 1);
                }
            }
        } catch (IOException e) {
            return FdCounts.newBuilder().setTotal(-1).build();
        }
        return b.setTotal(total).build();
    }
}
