package io.memoryd.memory.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The counted ledger fit picks the same sessions and renders the same section as the binary search that
 * tokenized every probe ({@link BinarySearchLedgerFit}), on random ledgers: line lengths from a few
 * characters to tens of thousands, Unicode (surrogate pairs, Unicode spaces, CR, LF),
 * budgets small and large, so that the fit lands on 0, on all sessions and in between.
 * A failure names its seed; {@code -Dledgerfit.seed=N} reruns one case.
 */
class LedgerFitterTest {

    private static final TokenBudget TOKENS = new TokenBudget();
    private static final String[] PIECES = {"a", "word", " ", "  ", "\n", "\n\n", "\r\n", "\t", "]]", "[[", "|",
        "-", "#", ".", ",", "'s", "'ll", "0", "42", "1234567", "é", "中文字", "😀", "\u00A0",
        "\u2028", "\u0085", "\uFEFF", "\u3000", "ß", "Ω", "ünïcödé", "x".repeat(40), "!!!", "?", "`code`", " 9"};

    private final LedgerFitter fitter = new LedgerFitter(TOKENS);
    private final BinarySearchLedgerFit oracle = new BinarySearchLedgerFit(TOKENS);

    @Test
    void picksWhatTheTokenizingBinarySearchPicksOnThousandsOfRandomLedgers() {
        String one = System.getProperty("ledgerfit.seed");
        long first = one != null ? Long.parseLong(one) : 20261203L;
        int cases = one != null ? 1 : 2500;
        int none = 0;
        int all = 0;
        int some = 0;
        for (int c = 0; c < cases; c++) {
            long seed = first + c;
            Random r = new Random(seed);
            int budget = budget(r);
            String base = base(r, budget);
            List<LedgerEntry> entries = entries(r, count(r), budget);
            int kept = assertSameFit(seed, "first fit", base, entries, budget);
            // New sessions arrive at the front and old ones leave: the counts kept on the surviving
            // entries are reused by the next fit, which must still agree.
            List<LedgerEntry> next = new ArrayList<>(entries(r, r.nextInt(12), budget));
            next.addAll(entries.subList(0, entries.size() - Math.min(entries.size(), r.nextInt(5))));
            assertSameFit(seed, "after new sessions", base, next, budget);
            if (kept == 0) {
                none++;
            } else if (kept == entries.size()) {
                all++;
            } else {
                some++;
            }
        }
        if (one == null) {
            assertTrue(none > 50 && all > 50 && some > 500, "cases cover every outcome: none=" + none + " all="
                    + all + " some=" + some);
        }
    }

    @Test
    void agreesOnABlankHeadAnEmptyLedgerAndAHeadLongerThanTheQuickPrefix() {
        Random r = new Random(7);
        List<LedgerEntry> entries = entries(r, 300, 600);
        assertSameFit(7, "blank head", "  ", entries, 600);
        assertSameFit(7, "empty ledger", "# Head", List.of(), 600);
        assertSameFit(7, "long head", "# Head\n\n" + "lorem ipsum ".repeat(800), entries, 600);
    }

    @Test
    void theCountOfAProbeIsTheCountOfItsText() {
        for (long seed = 1; seed <= 300; seed++) {
            Random r = new Random(seed);
            String base = "# Head\n\n- " + text(r, r.nextInt(300));
            List<LedgerEntry> entries = entries(r, 1 + r.nextInt(60), 300 + r.nextInt(300));
            int k = 1 + r.nextInt(entries.size());
            int rows = 1 + r.nextInt(k);
            String text = ProjectionParts.join(List.of(base, ProjectionRenderer.ledgerSection(entries, k, rows)));
            assertEquals(TOKENS.count(text), fitter.countedTokens(base, entries, k, rows),
                    "seed " + seed + " (k=" + k + ", rows=" + rows + " of " + entries.size() + ")");
        }
    }

    private int assertSameFit(long seed, String what, String base, List<LedgerEntry> entries, int budget) {
        ProjectionRenderer.LedgerFit expected = oracle.fitLedger(base, entries, budget);
        ProjectionRenderer.LedgerFit actual = fitter.fit(base, entries, budget);
        String where = "seed " + seed + " (" + what + ", n=" + entries.size() + ", budget=" + budget + ")";
        assertEquals(expected.count(), actual.count(), where);
        assertEquals(expected.block(), actual.block(), where);
        assertEquals(expected.refs(), actual.refs(), where);
        return actual.count();
    }

    private static int budget(Random r) {
        int p = r.nextInt(100);
        return p < 90 ? 512 + r.nextInt(900) : 1500 + r.nextInt(4500);
    }

    private static int count(Random r) {
        int p = r.nextInt(100);
        if (p < 4) {
            return 0;
        }
        if (p < 40) {
            return 1 + r.nextInt(15);
        }
        return p < 92 ? 15 + r.nextInt(300) : 300 + r.nextInt(2500);
    }

    private static String base(Random r, int budget) {
        int p = r.nextInt(100);
        if (p < 3) {
            return p == 0 ? "" : " \n ";
        }
        String head = "# Working Memory Summary\n\n## Global Head (Tier 1)\n\n- " + text(r, r.nextInt(400));
        return p < 6 ? head + "\n\n" + text(r, 7 * budget) : head.strip();
    }

    private static List<LedgerEntry> entries(Random r, int n, int budget) {
        int dense = r.nextInt(4);
        List<LedgerEntry> entries = new ArrayList<>(n);
        int day = 28;
        for (int i = 0; i < n; i++) {
            if (r.nextInt(8) == 0 && day > 1) {
                day--;
            }
            String ts = r.nextInt(200) == 0 ? "2026-04-😀T0" : String.format(
                    "2026-04-%02dT%02d:00:00.000Z", day, r.nextInt(24));
            String sentence = sentence(r, dense, budget);
            entries.add(new LedgerEntry(ts, "s" + r.nextInt(100000), r.nextBoolean() ? null : "/home/u/p" + i,
                    r.nextBoolean() ? "memory/sessions/" + i + ".md" : null, null, null,
                    r.nextInt(3) == 0 ? null : "memory/manifests/m" + r.nextInt(50) + ".json", () -> sentence));
        }
        return entries;
    }

    private static String sentence(Random r, int dense, int budget) {
        int p = r.nextInt(1000);
        if (p < 5) {
            return text(r, 3 * budget + r.nextInt(10 * budget));
        }
        if (p < 20) {
            return text(r, 1000 + r.nextInt(3000));
        }
        return text(r, dense == 0 ? r.nextInt(30) : r.nextInt(60 * dense + 20));
    }

    private static String text(Random r, int approxChars) {
        StringBuilder out = new StringBuilder(approxChars + 40);
        while (out.length() < approxChars) {
            out.append(r.nextInt(3) == 0 ? PIECES[r.nextInt(PIECES.length)] : PIECES[r.nextInt(3)]);
        }
        return out.toString();
    }
}
