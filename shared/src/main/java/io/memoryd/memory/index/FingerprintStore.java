package io.memoryd.memory.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The persisted copy of each scope's fingerprint cache ({@code memoryd_index_fingerprints}), so that a
 * restarted process does not re-read files that have not changed.
 */
final class FingerprintStore {

    /** A persisted fingerprint with the outcome of the pass that recorded it. */
    record Entry(FileFingerprint fingerprint, IndexOutcome outcome) {
    }

    private FingerprintStore() {
    }

    static Map<String, Entry> load(Connection c, String scope) throws SQLException {
        Map<String, Entry> out = new HashMap<>();
        forEachRow(c, "SELECT source_path, size, inode, mtime_ns, ctime_ns, outcome FROM memoryd_index_fingerprints"
                + " WHERE scope = ?", scope, rs -> {
                    IndexOutcome outcome;
                    try {
                        outcome = IndexOutcome.valueOf(rs.getString(6));
                    } catch (IllegalArgumentException e) {
                        return; // written by a newer memoryd: that file is simply read again
                    }
                    out.put(rs.getString(1), new Entry(fingerprint(rs), outcome));
                });
        return out;
    }

    /**
     * Current-looking fingerprints of files whose front matter named an agent other than {@code agent},
     * recorded by any scope: a first pass of {@code agent}'s scope need not read them while they are
     * unchanged. Where scopes disagree the last row read wins; the pass's stat settles it anyway.
     */
    static Map<String, FileFingerprint> otherAgentsFiles(Connection c, String agent) throws SQLException {
        Map<String, FileFingerprint> out = new HashMap<>();
        forEachRow(c, "SELECT source_path, size, inode, mtime_ns, ctime_ns FROM memoryd_index_fingerprints"
                + " WHERE file_agent IS NOT NULL AND file_agent != ?", agent,
                rs -> out.put(rs.getString(1), fingerprint(rs)));
        return out;
    }

    /** One row of a fingerprint query. */
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with its one parameter and hands every row to {@code reader}. */
    private static void forEachRow(Connection c, String sql, String parameter, RowReader reader)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private static FileFingerprint fingerprint(ResultSet rs) throws SQLException {
        return new FileFingerprint(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }

    /** Prepared statements for one index transaction. */
    static final class Writer implements AutoCloseable {
        private final PreparedStatement put;
        private final PreparedStatement remove;

        Writer(Connection c) throws SQLException {
            put = c.prepareStatement("INSERT OR REPLACE INTO memoryd_index_fingerprints"
                    + " (scope, source_path, size, inode, mtime_ns, ctime_ns, outcome, file_agent)"
                    + " VALUES (?,?,?,?,?,?,?,?)");
            remove = c.prepareStatement("DELETE FROM memoryd_index_fingerprints WHERE scope = ? AND source_path = ?");
        }

        /** @param fileAgent the agent the file's front matter names, or null when it was not read */
        void put(String scope, String path, FileFingerprint fp, IndexOutcome outcome, String fileAgent)
                throws SQLException {
            put.setString(1, scope);
            put.setString(2, path);
            put.setLong(3, fp.size());
            put.setLong(4, fp.inode());
            put.setLong(5, fp.mtimeNanos());
            put.setLong(6, fp.ctimeNanos());
            put.setString(7, outcome.name());
            put.setString(8, fileAgent);
            put.executeUpdate();
        }

        void remove(String scope, String path) throws SQLException {
            remove.setString(1, scope);
            remove.setString(2, path);
            remove.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            put.close();
            remove.close();
        }
    }
}
