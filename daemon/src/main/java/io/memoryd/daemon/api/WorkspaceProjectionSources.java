package io.memoryd.daemon.api;

import io.memoryd.memory.MemoryWorkspace;

/**
 * The daemon workspace's side of {@link ProjectionCache.Sources}: its database change stamp and its memory/
 * watch generation. Thread-safe as the workspace is.
 */
public final class WorkspaceProjectionSources implements ProjectionCache.Sources {

    private final MemoryWorkspace workspace;

    public WorkspaceProjectionSources(MemoryWorkspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public String stamp() {
        return workspace.database().changeStamp();
    }

    @Override
    public long syncedGeneration() {
        return workspace.syncedWatchGeneration();
    }

    @Override
    public long generation() {
        return workspace.watchGeneration();
    }
}
