package io.memoryd.memory.db;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A database failure, naming the database file and what was being done, and classified as a
 * {@link StorageFault} when SQLite reported one (disk full, read-only, locked, corrupt).
 */
public final class DatabaseException extends RuntimeException {

    private final Path database;
    private final StorageFault fault;

    public DatabaseException(Path database, String action, Throwable cause) {
        super(action + " failed on " + database + ": " + (cause == null ? "" : cause.getMessage()), cause);
        this.database = database;
        this.fault = faultOf(cause);
    }

    public Path database() {
        return database;
    }

    /** The storage fault behind this failure, if SQLite reported one. */
    public Optional<StorageFault> fault() {
        return Optional.ofNullable(fault);
    }

    private static StorageFault faultOf(Throwable cause) {
        Throwable t = cause;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof SQLException e) {
                Optional<StorageFault> fault = StorageFault.ofSqlite(e);
                if (fault.isPresent()) {
                    return fault.get();
                }
            }
        }
        return null;
    }
}
