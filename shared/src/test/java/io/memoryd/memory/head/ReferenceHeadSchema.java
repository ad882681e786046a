package io.memoryd.memory.head;

import io.memoryd.memory.db.MemoryDatabase;
import java.nio.file.Path;
import java.sql.Statement;

/**
 * A database as the reference creates it for its head writer: only its migration-45 {@code memory_md_heads}
 * DDL (copied from the spec's column list and the reference's schema), no memoryd migration.
 */
final class ReferenceHeadSchema {

    private ReferenceHeadSchema() {
    }

    static MemoryDatabase open(Path root) {
        MemoryDatabase db = MemoryDatabase.open(root.resolve("memory").resolve("memories.db"));
        db.write("reference schema", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS memory_md_heads (agent_id TEXT PRIMARY KEY,"
                        + " content TEXT NOT NULL DEFAULT '', content_hash TEXT NOT NULL DEFAULT '',"
                        + " revision INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL, lease_token TEXT,"
                        + " lease_owner TEXT, lease_expires_at TEXT)");
                st.execute("CREATE INDEX IF NOT EXISTS idx_memory_md_heads_lease ON memory_md_heads(lease_expires_at)");
            }
            return null;
        });
        return db;
    }
}
