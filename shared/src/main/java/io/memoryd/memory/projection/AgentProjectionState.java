package io.memoryd.memory.projection;

import java.util.Set;

/**
 * What one agent's renders remember between calls in this process: the manifests its last ledger
 * referenced. One object per agent, owned by the workspace; access is serialized by the agent's renders.
 */
public final class AgentProjectionState {

    private volatile Set<String> previousRefs = Set.of();

    Set<String> previousRefs() {
        return previousRefs;
    }

    void previousRefs(Set<String> refs) {
        this.previousRefs = Set.copyOf(refs);
    }
}
