package io.memoryd.daemon.cli.doctor;

import java.util.Locale;

/**
 * The doctor's checks of the machine's limits: open files ({@code ulimit -n}) against the workspace's
 * artifact count, and free disk against the database. Stateless; the figures are read by the caller.
 */
final class ResourceChecks {

    static final String FDS = "fd limit";
    static final String DISK = "free disk";

    /**
     * Below this the daemon itself cannot run: its jars, sockets, database, inotify, the renderers' pipes and
     * a burst of client connections take a few hundred descriptors.
     */
    static final long FD_MINIMUM = 256;
    /** Below this a burst of hook clients plus an index pass may run out. */
    static final long FD_COMFORTABLE = 4096;
    /** Under this much free space SQLite's WAL and a new artifact can fail to be written. */
    static final long DISK_MINIMUM = 64L << 20;
    /** Under this much (or twice the database) a checkpoint or a large transcript may not fit. */
    static final long DISK_COMFORTABLE = 1L << 30;

    private ResourceChecks() {
    }

    /**
     * The soft open-files limit against the artifact count. memoryd holds artifact files open only while it
     * reads one, so the limit need not grow with the count; a workspace with more artifacts than the limit is
     * named because other tools on it (the reference's watcher) may open them all.
     *
     * @param limit the soft limit, or -1 when it could not be read
     */
    static Finding fds(long limit, long artifacts) {
        String counts = String.format(Locale.ROOT, "ulimit -n %s, %,d artifact files", limit < 0 ? "unknown" : limit,
                artifacts);
        if (limit < 0) {
            return Finding.warn(FDS, counts + " (/proc/self/limits unreadable)",
                    "check ulimit -n in the shell that starts memoryd: at least " + FD_COMFORTABLE);
        }
        if (limit < FD_MINIMUM) {
            return Finding.fail(FDS, counts + ": too few for the daemon and its renderers",
                    "raise it: ulimit -n " + FD_COMFORTABLE + " (or LimitNOFILE= in the service unit)");
        }
        if (limit < FD_COMFORTABLE || limit < artifacts) {
            return Finding.warn(FDS, counts + ": little headroom for bursts of clients",
                    "raise it: ulimit -n " + Math.max(FD_COMFORTABLE, artifacts + FD_MINIMUM));
        }
        return Finding.ok(FDS, counts);
    }

    /** Usable bytes on the workspace's file system against the database's size. */
    static Finding disk(long usable, long databaseBytes) {
        String detail = String.format(Locale.ROOT, "%,d MB free, database %,d MB", usable >> 20, databaseBytes >> 20);
        if (usable < DISK_MINIMUM) {
            return Finding.fail(DISK, detail + ": writes will fail (the daemon answers RESOURCE_EXHAUSTED)",
                    "free space on the workspace's file system");
        }
        if (usable < DISK_COMFORTABLE || usable < 2 * databaseBytes) {
            return Finding.warn(DISK, detail + ": little room for the WAL and new artifacts",
                    "free space on the workspace's file system");
        }
        return Finding.ok(DISK, detail);
    }
}
