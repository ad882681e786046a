package io.memoryd.memory.index;

import java.nio.file.Path;
import java.util.Set;

/**
 * Where an index pass learns which artifact files changed since its scope's previous pass, so that it
 * stats only those. When nobody can say (no watcher, lost events, a new scope) the answer is "unknown"
 * and the pass looks at every file.
 */
public interface ArtifactChanges {

    /** The files changed since the scope's last pass; {@code complete == false} means "do a full pass". */
    record ChangeSet(boolean complete, Set<Path> files) {

        public static final ChangeSet UNKNOWN = new ChangeSet(false, Set.of());
    }

    /** No watcher: every pass is a full pass. */
    ArtifactChanges NONE = new ArtifactChanges() {
        @Override
        public ChangeSet take(String scope) {
            return ChangeSet.UNKNOWN;
        }

        @Override
        public void lost(String scope) {
        }
    };

    /** Hands the scope's changes to the pass that is starting; later changes are kept for the next pass. */
    ChangeSet take(String scope);

    /** The pass that took the scope's changes failed: its next pass must be a full one. */
    void lost(String scope);
}
