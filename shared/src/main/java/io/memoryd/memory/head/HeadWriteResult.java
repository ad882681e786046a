package io.memoryd.memory.head;

import java.nio.file.Path;

/**
 * The answer of one head write.
 *
 * @param outcome written, unchanged or busy
 * @param path the agent's MEMORY.md
 * @param revision the head's revision after the write (0 when the workspace has no {@code memory_md_heads}
 *     table, or when busy)
 * @param backup the copy of the previous file, or null when none was made
 * @param leaseOwner when busy, the owner of the lease that blocked the write; else null
 */
public record HeadWriteResult(HeadOutcome outcome, Path path, long revision, Path backup, String leaseOwner) {
}
