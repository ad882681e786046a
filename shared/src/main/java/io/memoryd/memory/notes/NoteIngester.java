package io.memoryd.memory.notes;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.artifact.ArtifactReadException;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.artifact.MemoryFileKind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code memories} rows of hand-made notes in {@code memory/} in step with the files: durable
 * notes of agent {@code default}, one row per chunk, id {@code note:<file name>:<sha256(chunk)[0..16]>}, so
 * ingesting the same text twice changes nothing. Editing a file replaces its chunks; deleting it
 * soft-deletes them. A note that cannot be read is logged with its path and left as it was.
 */
public final class NoteIngester {

    /** {@code memories.source_type} of note chunks. */
    public static final String SOURCE_TYPE = "memory-note";

    private static final Logger log = LoggerFactory.getLogger(NoteIngester.class);

    /** How many hex characters of the chunk's SHA-256 end a note id. */
    private static final int HASH_CHARS = 16;

    private final Path memoryDir;
    private final MemoryDatabase db;
    private final ArtifactFileReader reader;
    private final Clock clock;

    public NoteIngester(Path memoryDir, MemoryDatabase db, ArtifactFileReader reader, Clock clock) {
        this.memoryDir = memoryDir;
        this.db = db;
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * Brings one note's rows in line with its file: its chunks when it exists, none when it is gone.
     * Returns the number of live chunks, or -1 when the file could not be read.
     */
    public int sync(Path file) {
        String name = file.getFileName().toString();
        if (MemoryFileKind.of(name) != MemoryFileKind.NOTE) {
            return 0;
        }
        List<NoteChunk> chunks;
        if (!Files.exists(file)) {
            chunks = List.of();
        } else {
            try {
                chunks = NoteChunker.chunks(reader.read(file));
            } catch (ArtifactReadException e) {
                log.warn("Skipping note {}: {}", file, e.reason());
                return -1;
            }
        }
        String prefix = "note:" + name.substring(0, name.length() - ".md".length()) + ":";
        String now = IsoTime.format(clock.instant());
        int changed = db.write("Ingesting note " + file, c -> {
            Set<String> keep = new HashSet<>();
            int n = 0;
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO memories (id, content, type, importance,"
                    + " created_at, updated_at, agent_id, visibility, source_type, source_id, is_deleted)"
                    + " VALUES (?, ?, 'note', ?, ?, ?, 'default', 'global', ?, ?, 0)"
                    + " ON CONFLICT(id) DO UPDATE SET is_deleted = 0, deleted_at = NULL, updated_at = excluded.updated_at"
                    + " WHERE memories.is_deleted != 0")) {
                for (NoteChunk chunk : chunks) {
                    String id = prefix + ArtifactBody.sha256(chunk.content()).substring(0, HASH_CHARS);
                    if (!keep.add(id)) {
                        continue;
                    }
                    upsert.setString(1, id);
                    upsert.setString(2, chunk.content());
                    upsert.setDouble(3, chunk.importance());
                    upsert.setString(4, now);
                    upsert.setString(5, now);
                    upsert.setString(6, SOURCE_TYPE);
                    upsert.setString(7, id);
                    n += upsert.executeUpdate();
                }
            }
            List<String> stale = new ArrayList<>();
            // Exactly this stem: the prefix plus the hash characters. A prefix match alone would take
            // "note:a:b:<hash>" (the note a:b.md) for a chunk of a.md. SQLite measures the lengths, in
            // characters, so that a stem outside the BMP counts the same on both sides.
            try (PreparedStatement live = c.prepareStatement("SELECT id FROM memories WHERE source_type = ?"
                    + " AND substr(id, 1, length(?)) = ? AND length(id) = length(?) + ? AND is_deleted = 0")) {
                live.setString(1, SOURCE_TYPE);
                live.setString(2, prefix);
                live.setString(3, prefix);
                live.setString(4, prefix);
                live.setInt(5, HASH_CHARS);
                try (var rs = live.executeQuery()) {
                    while (rs.next()) {
                        if (!keep.contains(rs.getString(1))) {
                            stale.add(rs.getString(1));
                        }
                    }
                }
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "UPDATE memories SET is_deleted = 1, deleted_at = ?, updated_at = ? WHERE id = ?")) {
                for (String id : stale) {
                    delete.setString(1, now);
                    delete.setString(2, now);
                    delete.setString(3, id);
                    n += delete.executeUpdate();
                }
            }
            return n;
        });
        if (changed > 0) {
            log.info("note {}: {} chunks live, {} rows changed", file, chunks.size(), changed);
        }
        return chunks.size();
    }

    /**
     * Syncs every note in {@code memory/} and soft-deletes the chunks of notes whose file is gone (at start,
     * and after the watcher may have lost events). Lists names only: with no notes it reads no file.
     */
    public int syncAll() {
        String[] names = memoryDir.toFile().list();
        Set<String> present = new HashSet<>();
        int chunks = 0;
        if (names != null) {
            for (String name : names) {
                if (MemoryFileKind.of(name) == MemoryFileKind.NOTE) {
                    present.add(name);
                    chunks += Math.max(0, sync(memoryDir.resolve(name)));
                }
            }
        }
        List<String> ingestedNames = db.read("Listing ingested notes", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT substr(id, 6, length(id) - 22)"
                    + " FROM memories WHERE source_type = ? AND is_deleted = 0")) {
                ps.setString(1, SOURCE_TYPE);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        for (String stem : ingestedNames) {
            if (!present.contains(stem + ".md")) {
                sync(new File(memoryDir.toFile(), stem + ".md").toPath());
            }
        }
        return chunks;
    }
}
