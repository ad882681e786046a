package io.memoryd.memory.head;

import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.text.IsoTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * The per-agent write lease and head state in the reference's table {@code memory_md_heads(agent_id PK,
 * content, content_hash, revision, updated_at, lease_token, lease_owner, lease_expires_at)}
 * (docs/format.md §8.2). Taking the lease is one {@code BEGIN IMMEDIATE} transaction, so two processes
 * sharing the database never both hold it. Times are stored as canonical ISO text, as the reference does.
 * Thread-safe: all work goes through the {@link MemoryDatabase}'s serialized connection.
 */
public final class HeadLease {

    /** What an attempt to take the lease found. */
    public enum Status {
        /** The lease is ours until it expires or is committed or released. */
        TAKEN,
        /** Another writer holds an unexpired lease. */
        BUSY,
        /** No table (or the database failed): the reference then writes the file anyway, revision 0. */
        UNAVAILABLE
    }

    /**
     * One attempt's result: the token to commit with, the stored body hash and revision it started from,
     * and, when busy, the holder.
     */
    public record Attempt(Status status, String agentId, String token, String storedHash, long storedRevision,
            String holder) {
    }

    /** A stored row of the table. */
    public record Row(String agentId, String contentHash, long revision, String updatedAt, String leaseToken,
            String leaseOwner, String leaseExpiresAt) {
    }

    private final MemoryDatabase db;

    public HeadLease(MemoryDatabase db) {
        this.db = db;
    }

    /**
     * Inserts the agent's row if absent, then takes the lease unless another unexpired one is held.
     * A database failure (the table missing included) answers {@link Status#UNAVAILABLE} rather than
     * throwing: the reference writes the head without the table, and so does memoryd.
     */
    public Attempt acquire(String agentId, String owner, Instant now, Duration ttl) {
        try {
            return db.write("Taking the MEMORY.md lease of agent " + agentId, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO memory_md_heads"
                        + " (agent_id, content, content_hash, revision, updated_at) VALUES (?, '', '', 0, ?)")) {
                    ps.setString(1, agentId);
                    ps.setString(2, IsoTime.format(now));
                    ps.executeUpdate();
                }
                Row row = select(c, agentId).orElseThrow(() -> new SQLException("row vanished"));
                if (row.leaseToken() != null && unexpired(row.leaseExpiresAt(), now)) {
                    return new Attempt(Status.BUSY, agentId, null, row.contentHash(), row.revision(),
                            row.leaseOwner());
                }
                String token = UUID.randomUUID().toString();
                try (PreparedStatement ps = c.prepareStatement("UPDATE memory_md_heads SET lease_token = ?,"
                        + " lease_owner = ?, lease_expires_at = ? WHERE agent_id = ?")) {
                    ps.setString(1, token);
                    ps.setString(2, owner);
                    ps.setString(3, IsoTime.format(now.plus(ttl)));
                    ps.setString(4, agentId);
                    ps.executeUpdate();
                }
                return new Attempt(Status.TAKEN, agentId, token, row.contentHash(), row.revision(), null);
            });
        } catch (RuntimeException e) {
            return new Attempt(Status.UNAVAILABLE, agentId, null, "", 0, null);
        }
    }

    /**
     * Stores the new body, its hash and revision and clears the lease, only while our token still holds it.
     *
     * @return false when the lease was lost (expired and taken by another writer) or the database failed
     */
    public boolean commit(Attempt lease, String body, String hash, long revision, Instant now) {
        return db.write("Committing the MEMORY.md head of agent " + lease.agentId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE memory_md_heads SET content = ?,"
                    + " content_hash = ?, revision = ?, updated_at = ?, lease_token = NULL, lease_owner = NULL,"
                    + " lease_expires_at = NULL WHERE agent_id = ? AND lease_token = ?")) {
                ps.setString(1, body);
                ps.setString(2, hash);
                ps.setLong(3, revision);
                ps.setString(4, IsoTime.format(now));
                ps.setString(5, lease.agentId());
                ps.setString(6, lease.token());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Gives the lease up without changing the head (after a failed write); a lost lease is left alone. */
    public void release(Attempt lease) {
        db.write("Releasing the MEMORY.md lease of agent " + lease.agentId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE memory_md_heads SET lease_token = NULL,"
                    + " lease_owner = NULL, lease_expires_at = NULL WHERE agent_id = ? AND lease_token = ?")) {
                ps.setString(1, lease.agentId());
                ps.setString(2, lease.token());
                return ps.executeUpdate();
            }
        });
    }

    /** The agent's stored row; empty when there is none or no table. */
    public Optional<Row> read(String agentId) {
        try {
            return db.read("Reading the MEMORY.md head of agent " + agentId, c -> select(c, agentId));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a stored expiry time lies after {@code now}; an unreadable time counts as expired. */
    static boolean unexpired(String expiresAt, Instant now) {
        if (expiresAt == null) {
            return false;
        }
        return IsoTime.parse(expiresAt, ZoneOffset.UTC).map(t -> t.isAfter(now)).orElse(false);
    }

    private static Optional<Row> select(Connection c, String agentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content_hash, revision, updated_at, lease_token,"
                + " lease_owner, lease_expires_at FROM memory_md_heads WHERE agent_id = ?")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String hash = rs.getString(1);
                return Optional.of(new Row(agentId, hash == null ? "" : hash, rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)));
            }
        }
    }
}
