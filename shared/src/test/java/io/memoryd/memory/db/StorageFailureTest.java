package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How failures are recognised as storage faults: SQLite result codes, system error texts, wrapped causes. */
class StorageFailureTest {

    private static final Path DB = Path.of("/ws/memory/memories.db");

    private static DatabaseException sqlite(int code, String message) {
        return new DatabaseException(DB, "Indexing artifacts", new SQLException(message, null, code));
    }

    @Test
    void sqliteResultCodes_mapToTheirFaults() {
        assertEquals(Optional.of(StorageFault.DISK_FULL), sqlite(13, "database or disk is full").fault());
        assertEquals(Optional.of(StorageFault.READ_ONLY), sqlite(8, "attempt to write a readonly database").fault());
        assertEquals(Optional.of(StorageFault.DATABASE_LOCKED), sqlite(5, "database is locked").fault());
        assertEquals(Optional.of(StorageFault.DATABASE_LOCKED), sqlite(517, "database is locked (snapshot)").fault());
        assertEquals(Optional.of(StorageFault.DATABASE_CORRUPT),
                sqlite(11, "database disk image is malformed").fault());
        assertEquals(Optional.of(StorageFault.DATABASE_CORRUPT), sqlite(26, "file is not a database").fault());
        assertEquals(Optional.empty(), sqlite(1, "no such table: memories").fault());
    }

    @Test
    void databaseFault_wrappedInOtherExceptions_isFoundNamingTheDatabase() {
        RuntimeException wrapped = new CompletionException(new IllegalStateException(sqlite(5, "database is locked")));

        StorageFailure f = StorageFailure.in(wrapped).orElseThrow();

        assertEquals(StorageFault.DATABASE_LOCKED, f.fault());
        assertEquals(DB, f.file());
        assertEquals("database locked: Indexing artifacts failed on " + DB + ": database is locked", f.description());
    }

    @Test
    void fullOrReadOnlyFileSystem_isFound_withTheMessageThatNamesTheFile() {
        StorageFailure full = StorageFailure.in(new UncheckedIOException("Failed to write /ws/memory/a.md: No space"
                + " left on device", new IOException("No space left on device"))).orElseThrow();
        StorageFailure readOnly = StorageFailure.in(new UncheckedIOException("Failed to lock /ws/.memoryd/locks/x",
                new FileSystemException("/ws/.memoryd/locks/x", null, "Read-only file system"))).orElseThrow();

        assertEquals(StorageFault.DISK_FULL, full.fault());
        assertNull(full.file());
        assertEquals("disk full: Failed to write /ws/memory/a.md: No space left on device", full.description());
        assertEquals(StorageFault.READ_ONLY, readOnly.fault());
        assertEquals(Path.of("/ws/.memoryd/locks/x"), readOnly.file());
        assertTrue(readOnly.message().startsWith("Failed to lock /ws/.memoryd/locks/x"), readOnly.message());
    }

    @Test
    void otherFailures_areNotStorageFaults() {
        assertTrue(StorageFailure.in(new IllegalStateException("database is locked")).isEmpty());
        assertTrue(StorageFailure.in(sqlite(1, "no such table: memories")).isEmpty());
        assertTrue(StorageFailure.in(new UncheckedIOException(new IOException("Permission denied"))).isEmpty());
    }

    @Test
    void onlyACorruptDatabaseStopsReads() {
        for (StorageFault f : StorageFault.values()) {
            assertEquals(f != StorageFault.DATABASE_CORRUPT, f.readsStillWork(), f.name());
        }
    }
}
