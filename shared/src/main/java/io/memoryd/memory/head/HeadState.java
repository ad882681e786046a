package io.memoryd.memory.head;

import java.nio.file.Path;

/**
 * An agent's head as stored: its file and its {@code memory_md_heads} row ({@code memoryctl head}).
 *
 * @param agentId the agent
 * @param path its MEMORY.md
 * @param fileExists whether that file exists
 * @param recorded whether the table has a row for the agent (false also when the table is missing)
 * @param revision the stored revision (0 without a row)
 * @param contentHash SHA-256 hex of the stored body, or empty
 * @param updatedAt ISO time of the last commit, or null
 * @param leaseOwner the lease's owner, or null when no lease is recorded
 * @param leaseExpiresAt ISO time the lease expires, or null
 * @param leaseActive whether the lease is unexpired now
 */
public record HeadState(String agentId, Path path, boolean fileExists, boolean recorded, long revision,
        String contentHash, String updatedAt, String leaseOwner, String leaseExpiresAt, boolean leaseActive) {
}
