package io.memoryd.daemon.cli.doctor;

import io.memoryd.memory.db.SchemaMigrator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConfig;

/**
 * The doctor's check of {@code memory/memories.db}: it is an SQLite file, opens read-only, and its schema is
 * one memoryd knows — memoryd's own ({@code memoryd_schema} versions it has) or the reference's (its tables,
 * which memoryd migrates at start by creating only what is missing). Opens the file read-only, so that a
 * running daemon is not disturbed and nothing is created. Stateless.
 */
final class DatabaseCheck {

    static final String NAME = "database";

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Tables the reference's migrations create that memoryd reads: any of them marks its database. */
    private static final Set<String> REFERENCE_TABLES = Set.of("memory_artifacts", "memories", "session_summaries",
            "memory_thread_heads", "agents");

    private DatabaseCheck() {
    }

    static Finding check(Path db) throws IOException {
        if (!Files.exists(db)) {
            return Finding.warn(NAME, db + " does not exist yet", "the daemon creates it on its first start");
        }
        if (!Files.isRegularFile(db)) {
            return Finding.fail(NAME, db + " is not a regular file", "move it away; the daemon then creates one");
        }
        if (Files.size(db) == 0) {
            return Finding.ok(NAME, db + " is empty (the daemon creates its tables at start)");
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        try (InputStream in = Files.newInputStream(db)) {
            if (in.readNBytes(header, 0, header.length) < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
                return Finding.fail(NAME, db + " is not an SQLite database",
                        "move it away (keep it: it may be a backup) and restart the daemon, which creates a new "
                                + "one and re-indexes memory/");
            }
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db)) {
            Set<String> tables = tables(c);
            if (tables.contains("memoryd_schema")) {
                return memorydSchema(db, c);
            }
            Set<String> reference = new TreeSet<>(tables);
            reference.retainAll(REFERENCE_TABLES);
            if (!reference.isEmpty()) {
                return Finding.ok(NAME, db + " is the reference's (tables " + String.join(", ", reference)
                        + "); memoryd adds what it needs at start and changes nothing else");
            }
            if (tables.isEmpty()) {
                return Finding.ok(NAME, db + " has no tables yet (the daemon creates them at start)");
            }
            return Finding.fail(NAME, db + " is SQLite but holds none of memoryd's or the reference's tables ("
                    + String.join(", ", new TreeSet<>(tables)) + ")",
                    "check that this is the workspace you meant (--home); else move the file away");
        } catch (SQLException e) {
            return Finding.fail(NAME, db + " does not open: " + e.getMessage(),
                    "if it is corrupt, move it and its -wal/-shm files away and restart the daemon (it re-indexes)");
        }
    }

    private static Finding memorydSchema(Path db, Connection c) throws SQLException {
        Set<Integer> applied = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version FROM memoryd_schema")) {
            while (rs.next()) {
                applied.add(rs.getInt(1));
            }
        }
        Set<Integer> unknown = new TreeSet<>(applied);
        unknown.removeAll(SchemaMigrator.knownVersions());
        if (!unknown.isEmpty()) {
            return Finding.fail(NAME, db + " has schema versions " + unknown + " this memoryd does not know",
                    "a newer memoryd wrote it: run that version, or restore a backup");
        }
        Set<Integer> missing = new TreeSet<>(SchemaMigrator.knownVersions());
        missing.removeAll(applied);
        if (!missing.isEmpty()) {
            return Finding.warn(NAME, db + " lacks schema steps " + missing,
                    "the daemon applies them at its next start");
        }
        return Finding.ok(NAME, db + ", memoryd schema " + applied.size() + " of " + applied.size());
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
