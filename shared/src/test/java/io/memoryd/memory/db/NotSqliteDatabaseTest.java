package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code memories.db} that is not SQLite is refused by name and never touched (bad input). */
class NotSqliteDatabaseTest {

    @TempDir
    Path root;

    private WorkspaceOptions options() {
        return new WorkspaceOptions(root, MutableClock.at("2026-04-30T12:00:00.000Z"), ZoneOffset.UTC, false,
                ArtifactFileReader.DEFAULT_MAX_BYTES, null, true);
    }

    private Path writeDb(byte[] bytes) throws Exception {
        Path db = root.resolve("memory/memories.db");
        Files.createDirectories(db.getParent());
        Files.write(db, bytes);
        Files.setLastModifiedTime(db, FileTime.fromMillis(1_700_000_000_000L));
        return db;
    }

    private static List<String> memoryDirNames(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertRefusedAndUntouched(Path db, byte[] bytes) throws Exception {
        DatabaseException e = assertThrows(DatabaseException.class, () -> MemoryWorkspace.open(options()).close());
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
        assertEquals(db, e.database());
        assertArrayEquals(bytes, Files.readAllBytes(db));
        assertEquals(FileTime.fromMillis(1_700_000_000_000L), Files.getLastModifiedTime(db));
        assertEquals(List.of("memories.db"), memoryDirNames(db.getParent()), "no journal/WAL files left behind");
    }

    @Test
    @DisplayName("bad input: a text file as memories.db makes open throw a DatabaseException naming it, file untouched")
    void refusesTextFileAsDatabase() throws Exception {
        byte[] bytes = "This is not a database, just notes.\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        assertRefusedAndUntouched(writeDb(bytes), bytes);
    }

    @Test
    @DisplayName("bad input: a short binary file as memories.db is refused by name and left untouched")
    void refusesShortBinaryFileAsDatabase() throws Exception {
        byte[] bytes = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertRefusedAndUntouched(writeDb(bytes), bytes);
    }

    @Test
    @DisplayName("bad input: a file with a damaged SQLite header is refused by name and left untouched")
    void refusesDamagedSqliteHeader() throws Exception {
        byte[] bytes = new byte[8192];
        byte[] header = "SQLite format 2\u0000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, header.length);
        assertRefusedAndUntouched(writeDb(bytes), bytes);
    }

    @Test
    @DisplayName("MemoryDatabase.open itself names the path when the file is not SQLite")
    void databaseOpenNamesThePath() throws Exception {
        Path db = writeDb("garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage "
                .repeat(20).getBytes(StandardCharsets.UTF_8));
        DatabaseException e = assertThrows(DatabaseException.class, () -> MemoryDatabase.open(db).close());
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
    }
}
