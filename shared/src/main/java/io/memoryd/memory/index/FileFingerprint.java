package io.memoryd.memory.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the index remembers of a file to know it has not changed: size, inode, mtime and ctime in
 * nanoseconds. ctime cannot be set back by {@code touch -d}, so a same-mtime edit is still caught.
 */
public record FileFingerprint(long size, long inode, long mtimeNanos, long ctimeNanos) {

    /** Never equal to a real file's fingerprint: forces one re-read (the reference's cold-cache "0"). */
    public static final FileFingerprint UNKNOWN = new FileFingerprint(-1, -1, -1, -1);

    private static final String ATTRIBUTES = "unix:size,ino,lastModifiedTime,ctime";

    /** Stats the file without following links. */
    public static FileFingerprint of(Path file) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileFingerprint(
                (Long) attrs.get("size"),
                ((Number) attrs.get("ino")).longValue(),
                nanos((FileTime) attrs.get("lastModifiedTime")),
                nanos((FileTime) attrs.get("ctime")));
    }

    /** The file's mtime as fractional milliseconds, the {@code source_mtime_ms} column's unit. */
    public double mtimeMillis() {
        return mtimeNanos / 1_000_000.0;
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
