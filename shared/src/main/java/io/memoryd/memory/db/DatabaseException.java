package io.memoryd.memory.db;

import java.nio.file.Path;

/** A database failure, naming the database file and what was being done. */
public final class DatabaseException extends RuntimeException {

    private final Path database;

    public DatabaseException(Path database, String action, Throwable cause) {
        super(action + " failed on " + database + ": " + (cause == null ? "" : cause.getMessage()), cause);
        this.database = database;
    }

    public Path database() {
        return database;
    }
}
