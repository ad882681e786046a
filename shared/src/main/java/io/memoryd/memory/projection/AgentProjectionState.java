package io.memoryd.memory.projection;

import java.util.List;
import java.util.Set;

/**
 * What one agent's renders remember between calls in this process: the manifests its last ledger
 * referenced and the ledger candidates of the database state it last saw. One object per agent, owned by the workspace; access is serialized by the agent's renders.
 */
public final class AgentProjectionState {

    private volatile Set<String> previousRefs = Set.of();
    private volatile String candidatesStamp;
    private volatile List<LedgerBuilder.Candidate> candidates;

    Set<String> previousRefs() {
        return previousRefs;
    }

    void previousRefs(Set<String> refs) {
        this.previousRefs = Set.copyOf(refs);
    }

    /** The ledger candidates built at database state {@code stamp}, or null when they are stale. */
    List<LedgerBuilder.Candidate> ledgerCandidates(String stamp) {
        return stamp.equals(candidatesStamp) ? candidates : null;
    }

    void ledgerCandidates(String stamp, List<LedgerBuilder.Candidate> built) {
        this.candidates = built;
        this.candidatesStamp = stamp;
    }
}
