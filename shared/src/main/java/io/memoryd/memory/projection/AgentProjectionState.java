package io.memoryd.memory.projection;

import java.util.List;
import java.util.Set;

/**
 * What one agent's renders remember between calls in this process: the manifests its last ledger
 * referenced, the ledger candidates of the database state it last saw, and the last ledger and temporal
 * index fits (tokenizing them is most of a warm render). One object per agent, owned by the workspace; access is serialized
 * by the agent's renders.
 */
public final class AgentProjectionState {

    private volatile Set<String> previousRefs = Set.of();
    private volatile LedgerCandidateSet candidates;
    private volatile FitMemo lastFit;
    private volatile IndexMemo lastIndex;

    /** A fitted temporal index block and the text it was fitted after and from. */
    private record IndexMemo(String base, String index, int budget, String block) {
    }

    /** A fit and what it was computed from; entries compare by identity, as candidates are reused. */
    private record FitMemo(String base, List<LedgerEntry> entries, int budget, ProjectionRenderer.LedgerFit fit) {
    }

    Set<String> previousRefs() {
        return previousRefs;
    }

    void previousRefs(Set<String> refs) {
        this.previousRefs = Set.copyOf(refs);
    }

    /** The ledger candidates of the database state the agent's last render saw, or null. */
    LedgerCandidateSet ledgerCandidates() {
        return candidates;
    }

    void ledgerCandidates(LedgerCandidateSet set) {
        this.candidates = set;
    }

    /** The fit of the same base, entries and budget as last time, or null. */
    ProjectionRenderer.LedgerFit ledgerFit(String base, List<LedgerEntry> entries, int budget) {
        FitMemo m = lastFit;
        return m != null && m.budget() == budget && m.base().equals(base) && m.entries().equals(entries) ? m.fit()
                : null;
    }

    void ledgerFit(String base, List<LedgerEntry> entries, int budget, ProjectionRenderer.LedgerFit fit) {
        lastFit = new FitMemo(base, List.copyOf(entries), budget, fit);
    }

    /** The index block fitted for the same projection text, index and budget as last time, or null. */
    String indexFit(String base, String index, int budget) {
        IndexMemo m = lastIndex;
        return m != null && m.budget() == budget && m.index().equals(index) && m.base().equals(base) ? m.block()
                : null;
    }

    void indexFit(String base, String index, int budget, String block) {
        lastIndex = new IndexMemo(base, index, budget, block);
    }
}
