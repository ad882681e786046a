package io.memoryd.memory.db;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What stopped the workspace's storage from taking work, when it is one of the faults an operator has to
 * act on: the disk is full, a file or its file system is read-only, another process holds
 * {@code memories.db}'s write lock beyond the busy timeout, or the database is damaged. The constant names
 * are the machine-readable reasons clients get with the typed error.
 */
public enum StorageFault {

    /** No space left on the file system (ENOSPC, EDQUOT; SQLITE_FULL). */
    DISK_FULL("disk full"),
    /** The file or its file system is read-only (EROFS; SQLITE_READONLY). */
    READ_ONLY("read-only storage"),
    /** Another connection kept the database locked beyond the busy timeout (SQLITE_BUSY, SQLITE_LOCKED). */
    DATABASE_LOCKED("database locked"),
    /** The database file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB). */
    DATABASE_CORRUPT("database corrupt");

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_NOTADB = 26;

    private final String words;

    StorageFault(String words) {
        this.words = words;
    }

    /** The fault in words, e.g. {@code disk full}, to lead a message with. */
    public String words() {
        return words;
    }

    /**
     * Whether the storage still serves reads under this fault: it only refuses writes (full, read-only,
     * locked by another writer), as opposed to a damaged database whose reads cannot be trusted.
     */
    public boolean readsStillWork() {
        return this != DATABASE_CORRUPT;
    }

    /** The fault SQLite reported in an exception (its primary result code), if it is one of these. */
    public static Optional<StorageFault> ofSqlite(SQLException e) {
        return switch (e.getErrorCode() & 0xff) {
            case SQLITE_FULL -> Optional.of(DISK_FULL);
            case SQLITE_READONLY -> Optional.of(READ_ONLY);
            case SQLITE_BUSY, SQLITE_LOCKED -> Optional.of(DATABASE_LOCKED);
            case SQLITE_CORRUPT, SQLITE_NOTADB -> Optional.of(DATABASE_CORRUPT);
            default -> Optional.empty();
        };
    }

    /**
     * The fault an I/O error reports. The JDK carries no errno, only the system's error text (strerror),
     * so this matches the texts Linux and macOS give for ENOSPC, EDQUOT and EROFS.
     */
    public static Optional<StorageFault> ofIo(IOException e) {
        String text = e.getMessage();
        if (text == null) {
            return Optional.empty();
        }
        if (text.contains("No space left on device") || text.contains("Disk quota exceeded")) {
            return Optional.of(DISK_FULL);
        }
        if (text.contains("Read-only file system")) {
            return Optional.of(READ_ONLY);
        }
        return Optional.empty();
    }
}
