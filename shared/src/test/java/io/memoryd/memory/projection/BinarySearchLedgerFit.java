package io.memoryd.memory.projection;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ledger fit as it was before {@link LedgerFitter} counted probes from per-line counts: every probe
 * builds its text and tokenizes it. Kept as the oracle the new fit must agree with, output for output.
 */
final class BinarySearchLedgerFit {

    private static final int PREFIX_CHARS_PER_TOKEN = 12;
    private static final int QUICK_PREFIX_CHARS_PER_TOKEN = 6;
    private static final int PREFIX_SLACK_TOKENS = 64;

    private final TokenBudget tokens;

    BinarySearchLedgerFit(TokenBudget tokens) {
        this.tokens = tokens;
    }

    ProjectionRenderer.LedgerFit fitLedger(String base, List<LedgerEntry> entries, int budget) {
        int n = entries.size();
        if (ledgerFits(base, entries, n, budget)) {
            return new ProjectionRenderer.LedgerFit(ProjectionRenderer.ledgerSection(entries, n), refs(entries, n), n);
        }
        int lo = 1;
        int hi = n;
        int best = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ledgerFits(base, entries, mid, budget)) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best > 0) {
            return new ProjectionRenderer.LedgerFit(ProjectionRenderer.ledgerSection(entries, best),
                    refs(entries, best), best);
        }
        if (n == 0) {
            return new ProjectionRenderer.LedgerFit(ProjectionRenderer.ledgerSection(entries, 0), Set.of(), 0);
        }
        return new ProjectionRenderer.LedgerFit(ProjectionParts.section(ProjectionRenderer.LEDGER_HEADING,
                List.of(ProjectionRenderer.clipNotice(0, n))), Set.of(), 0);
    }

    private boolean ledgerFits(String base, List<LedgerEntry> entries, int k, int budget) {
        if (prefixOverBudget(base, entries, k, budget, QUICK_PREFIX_CHARS_PER_TOKEN)
                || prefixOverBudget(base, entries, k, budget, PREFIX_CHARS_PER_TOKEN)) {
            return false;
        }
        return tokens.fits(ProjectionParts.join(List.of(base, ProjectionRenderer.ledgerSection(entries, k))), budget);
    }

    private boolean prefixOverBudget(String base, List<LedgerEntry> entries, int k, int budget, int charsPerToken) {
        int cap = charsPerToken * budget;
        int length = base.length();
        int shown = 0;
        while (shown < k && length <= cap) {
            length += entries.get(shown).line().length() + 1;
            shown++;
        }
        if (shown < k) {
            String prefix = ProjectionParts.join(List.of(base, ProjectionRenderer.ledgerSection(entries, k, shown)));
            return tokens.count(prefix) > budget + PREFIX_SLACK_TOKENS;
        }
        return false;
    }

    private static Set<String> refs(List<LedgerEntry> entries, int k) {
        Set<String> refs = new LinkedHashSet<>();
        for (int i = 0; i < k; i++) {
            if (entries.get(i).manifestPath != null) {
                refs.add(entries.get(i).manifestPath);
            }
        }
        return refs;
    }
}
