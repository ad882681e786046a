package io.memoryd.memory.removal;

import io.memoryd.memory.db.ArtifactRepository;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.lock.ScopeLocks;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.text.JsonStrings;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a canonical session (docs/format.md §7.2): tombstone + row deletion in one transaction, then the
 * session's files. Only regular files inside {@code memory/} are ever deleted, whatever a stored path says.
 */
public final class SessionRemover {

    private static final Logger log = LoggerFactory.getLogger(SessionRemover.class);

    private final WorkspaceLayout layout;
    private final MemoryDatabase db;
    private final ScopeLocks locks;
    private final Clock clock;

    public SessionRemover(WorkspaceLayout layout, MemoryDatabase db, ScopeLocks locks, Clock clock) {
        this.layout = layout;
        this.db = db;
        this.locks = locks;
        this.clock = clock;
    }

    /** Removes the session {@code token} of {@code agentId}; returns the stored paths it had. */
    public List<String> remove(String agentId, String token, String reason) {
        return locks.withLock(agentId, () -> {
            List<String> paths = db.read("Listing session rows",
                    c -> ArtifactRepository.sessionPaths(c, agentId, token));
            db.write("Removing session " + token + " of agent " + agentId, c -> {
                ArtifactRepository.tombstoneSession(c, agentId, token, IsoTime.format(clock.instant()), reason,
                        JsonStrings.array(paths));
                return null;
            });
            for (String path : paths) {
                deleteArtifactFile(layout.resolve(path));
            }
            return paths;
        });
    }

    private void deleteArtifactFile(Path file) {
        if (!file.startsWith(layout.memoryDir()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete removed artifact {}: {}", file, e.getMessage());
        }
    }
}
