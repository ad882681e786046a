package io.memoryd.memory.projection;

import io.memoryd.memory.text.JsWhitespace;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fits the session ledger into the token budget (docs/format.md §6.8): the largest number of newest sessions
 * that, after the projection's head, stays within the budget.
 *
 * <p>The search is a binary search over up to ~10,000 entries whose probes judge a long ledger on a prefix
 * (see {@link #ledgerFits}). Each probe used to build and tokenize up to 12 × budget characters; now it adds
 * up per-line token counts, and every line is tokenized at most once (its counts are kept on the entry, so a
 * line that stays in the ledger is not tokenized again by later renders). The probes, their order and their
 * answers are unchanged, so the result is the same; only how each probe's token count is obtained differs.
 *
 * <p>Why a sum of per-line counts is exact: cl100k first splits text into pre-tokens and encodes each on its
 * own, so the count of a text is the sum over its pre-tokens. No pre-token holds a newline followed by a
 * non-whitespace character: the pattern's alternatives either contain no newline (contractions, letters with
 * one leading non-newline, digits, punctuation runs), end with their newlines (punctuation followed by
 * {@code [\r\n]*}), or hold whitespace only. So a pre-token always starts right after a newline that is
 * followed by a non-whitespace character, and the text splits there into parts whose counts add up (the
 * scan from that point sees only what follows it; the part before ends in a newline, which a lookahead at
 * its end cannot treat differently because {@code \s*[\r\n]} is tried before {@code \s+(?!\S)}). Every
 * ledger line ({@code - ...}), day heading ({@code ### ...}), clip notice ({@code - older ...}) and the
 * section heading starts with such a character right after a newline. {@link TokenBudget#fits} is the same
 * as a count within the budget for any text the tokenizer accepts; text it rejects (a lone surrogate) made
 * the old probes throw, and the counted probes throw only when they count that very line.
 *
 * <p>Thread-safe: each fit has its own {@link Probe}; the counts memoized on entries are plain int fields
 * whose racing writers store the same number, so racing fits at worst tokenize a line twice.
 */
final class LedgerFitter {

    private static final int PREFIX_CHARS_PER_TOKEN = 12;
    private static final int QUICK_PREFIX_CHARS_PER_TOKEN = 6;
    private static final int PREFIX_SLACK_TOKENS = 64;

    private final TokenBudget tokens;

    LedgerFitter(TokenBudget tokens) {
        this.tokens = tokens;
    }

    /** The fitted ledger section for {@code entries} after {@code base} within {@code budget} tokens. */
    ProjectionRenderer.LedgerFit fit(String base, List<LedgerEntry> entries, int budget) {
        int n = entries.size();
        Probe probe = new Probe(base, entries, budget);
        if (probe.ledgerFits(n)) {
            return new ProjectionRenderer.LedgerFit(ProjectionRenderer.ledgerSection(entries, n), refs(entries, n), n);
        }
        int lo = 1;
        int hi = n;
        int best = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (probe.ledgerFits(mid)) {
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

    /**
     * The token count a probe uses for base + the section claiming {@code k} entries with {@code rows} rows
     * (1 ≤ rows ≤ k ≤ entries, base not blank): what {@code tokens.count} of that text would say.
     */
    long countedTokens(String base, List<LedgerEntry> entries, int k, int rows) {
        return new Probe(base, entries, Integer.MAX_VALUE).countUpTo(k, rows, Integer.MAX_VALUE);
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

    /** The probes of one fit: the text before the ledger rows is counted once, the rows from their memos. */
    private final class Probe {
        private final String base;
        private final List<LedgerEntry> entries;
        private final int budget;
        private final int n;
        /** Whether the parts can be counted separately; if not, every probe is decided on the real text. */
        private final boolean countable;
        private int headTokens = -1;

        Probe(String base, List<LedgerEntry> entries, int budget) {
            this.base = base;
            this.entries = entries;
            this.budget = budget;
            this.n = entries.size();
            // A blank base is dropped by the join, so the section would start the text; n == 0 renders a
            // placeholder section. Both are rare and cheap: decide them on the real text.
            this.countable = n > 0 && !JsWhitespace.isBlank(base);
        }

        /**
         * Whether base + the ledger of {@code k} entries fits. A long ledger is judged on a prefix: when the
         * first {@link #PREFIX_CHARS_PER_TOKEN} × budget characters already hold clearly more than the budget
         * (the slack covers the one pre-token a cut can split), the whole text cannot fit either. A shorter
         * prefix ({@link #QUICK_PREFIX_CHARS_PER_TOKEN} × budget) is tried first. The rule predates the counted
         * probes and is kept as it is, because it decides which k the search settles on.
         */
        boolean ledgerFits(int k) {
            if (prefixOverBudget(k, QUICK_PREFIX_CHARS_PER_TOKEN) || prefixOverBudget(k, PREFIX_CHARS_PER_TOKEN)) {
                return false;
            }
            if (!countable) {
                return tokens.fits(text(k, k), budget);
            }
            return countUpTo(k, k, budget) <= budget;
        }

        /** Whether the ledger of {@code k} entries is longer than the cap and its prefix up to it over the budget. */
        private boolean prefixOverBudget(int k, int charsPerToken) {
            int cap = charsPerToken * budget;
            int length = base.length();
            int shown = 0;
            while (shown < k && length <= cap) {
                length += entries.get(shown).line().length() + 1;
                shown++;
            }
            if (shown < k) {
                int limit = budget + PREFIX_SLACK_TOKENS;
                if (!countable || shown == 0) {
                    return tokens.count(text(k, shown)) > limit;
                }
                return countUpTo(k, shown, limit) > limit;
            }
            return false;
        }

        /** base joined with the section claiming {@code k} entries and holding {@code rows} rows. */
        private String text(int k, int rows) {
            return ProjectionParts.join(List.of(base, ProjectionRenderer.ledgerSection(entries, k, rows)));
        }

        /**
         * The token count of {@link #text}(k, rows) for rows ≥ 1 on a countable ledger, or some number above
         * {@code limit} once the parts counted so far exceed it (every part counts at least zero tokens).
         */
        private long countUpTo(int k, int rows, int limit) {
            long sum = head() + (k < n ? noticeTokens(k) : 0);
            String day = null;
            for (int i = 0; i < rows && sum <= limit; i++) {
                LedgerEntry e = entries.get(i);
                String entryDay = e.day();
                if (!entryDay.equals(day)) {
                    sum += e.dayHeadingTokens(tokens);
                    day = entryDay;
                }
                if (i == rows - 1) {
                    sum += e.lineTokens(tokens, 0);
                } else {
                    sum += e.lineTokens(tokens, entries.get(i + 1).day().equals(entryDay) ? 1 : 2);
                }
            }
            return sum;
        }

        /** The base, the blank line and the section heading with the blank line after it. */
        private int head() {
            if (headTokens < 0) {
                headTokens = tokens.count(base + "\n\n" + ProjectionRenderer.LEDGER_HEADING + "\n\n");
            }
            return headTokens;
        }

        /** The clip notice claiming {@code k} of n sessions, with the blank line before the rows. */
        private int noticeTokens(int k) {
            return tokens.count(ProjectionRenderer.clipNotice(k, n) + "\n\n");
        }
    }
}
