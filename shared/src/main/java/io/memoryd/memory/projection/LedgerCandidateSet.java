package io.memoryd.memory.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's ledger candidates at one database state ({@code stamp}) and ledger change log position
 * ({@code seq}), newest first, with the candidate of each session so that changed sessions can be replaced
 * one by one. Immutable: {@link #with} makes a new set and leaves this one as it was.
 */
final class LedgerCandidateSet {

    /**
     * The ledger query's order of a row (docs/format.md §6.4 step 2, rowid last): membership time descending,
     * captured_at descending, NULLs last as SQLite sorts them, text compared as SQLite's BINARY collation does
     * (by code point), then rowid ascending.
     */
    record RowKey(String membershipTs, String capturedAt, long rowid) implements Comparable<RowKey> {
        @Override
        public int compareTo(RowKey o) {
            int c = descendingNullsLast(membershipTs, o.membershipTs);
            if (c == 0) {
                c = descendingNullsLast(capturedAt, o.capturedAt);
            }
            return c != 0 ? c : Long.compare(rowid, o.rowid);
        }

        private static int descendingNullsLast(String a, String b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : 1) : -1;
            }
            return -byCodePoint(a, b);
        }

        private static int byCodePoint(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                int ca = a.codePointAt(i);
                int cb = b.codePointAt(j);
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                i += Character.charCount(ca);
                j += Character.charCount(cb);
            }
            return Boolean.compare(i < a.length(), j < b.length());
        }
    }

    /**
     * The ledger's order (§6.4 step 6): membership time text descending; equal times in the order their
     * sessions were first seen by the query, that is by their first rows' keys.
     */
    static final Comparator<LedgerBuilder.Candidate> ORDER =
            Comparator.comparing((LedgerBuilder.Candidate c) -> c.entry().membershipTs).reversed()
                    .thenComparing(LedgerBuilder.Candidate::firstRow);

    private final String stamp;
    private final long seq;
    /** Session token (null included) to its candidate; sessions not shown have none. */
    private final Map<String, LedgerBuilder.Candidate> bySession;
    private final List<LedgerBuilder.Candidate> list;

    private LedgerCandidateSet(String stamp, long seq, Map<String, LedgerBuilder.Candidate> bySession,
            List<LedgerBuilder.Candidate> list) {
        this.stamp = stamp;
        this.seq = seq;
        this.bySession = bySession;
        this.list = list;
    }

    /** The set of candidates read in full, already in ledger order. */
    static LedgerCandidateSet of(String stamp, long seq, List<LedgerBuilder.Candidate> ordered) {
        Map<String, LedgerBuilder.Candidate> bySession = new HashMap<>();
        for (LedgerBuilder.Candidate c : ordered) {
            bySession.put(c.token(), c);
        }
        return new LedgerCandidateSet(stamp, seq, bySession, List.copyOf(ordered));
    }

    String stamp() {
        return stamp;
    }

    /** The change log position the set reflects; -1 when the database has no change log. */
    long seq() {
        return seq;
    }

    /** The candidates, newest first. */
    List<LedgerBuilder.Candidate> list() {
        return list;
    }

    /**
     * This set with the sessions of {@code regrouped} replaced by their new candidates (empty: no longer
     * shown). Unchanged sessions keep their candidate objects, so what was computed from them stays valid.
     */
    LedgerCandidateSet with(String newStamp, long newSeq, Map<String, Optional<LedgerBuilder.Candidate>> regrouped) {
        Map<String, LedgerBuilder.Candidate> sessions = new HashMap<>(bySession);
        boolean same = true;
        for (Map.Entry<String, Optional<LedgerBuilder.Candidate>> e : regrouped.entrySet()) {
            LedgerBuilder.Candidate old = sessions.remove(e.getKey());
            same &= old == null && e.getValue().isEmpty();
            e.getValue().ifPresent(c -> sessions.put(e.getKey(), c));
        }
        if (same) {
            return new LedgerCandidateSet(newStamp, newSeq, bySession, list);
        }
        // The rest stays in order: drop the replaced candidates, then insert the new ones where they belong.
        java.util.Set<LedgerBuilder.Candidate> replaced = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        for (String token : regrouped.keySet()) {
            LedgerBuilder.Candidate old = bySession.get(token);
            if (old != null) {
                replaced.add(old);
            }
        }
        List<LedgerBuilder.Candidate> ordered = new ArrayList<>(list.size() + regrouped.size());
        for (LedgerBuilder.Candidate c : list) {
            if (!replaced.contains(c)) {
                ordered.add(c);
            }
        }
        for (Optional<LedgerBuilder.Candidate> c : regrouped.values()) {
            if (c.isPresent()) {
                int at = java.util.Collections.binarySearch(ordered, c.get(), ORDER);
                ordered.add(at < 0 ? -at - 1 : at, c.get());
            }
        }
        return new LedgerCandidateSet(newStamp, newSeq, sessions, List.copyOf(ordered));
    }
}
