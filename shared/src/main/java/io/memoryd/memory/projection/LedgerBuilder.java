package io.memoryd.memory.projection;

import io.memoryd.memory.artifact.ArtifactKind;
import io.memoryd.memory.db.LedgerChangeLog;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.noise.SessionNoise;
import io.memoryd.memory.sentence.MemorySentences;
import io.memoryd.memory.text.IsoTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the session ledger (docs/format.md §6.4): the agent's summary/transcript/compaction rows grouped
 * by session, one picked row per session, filtered to the 30-day window and away from noise, newest
 * first. Row bodies are not loaded up front; a body is fetched only when a shown sentence needs it.
 */
final class LedgerBuilder {

    static final Duration WINDOW = Duration.ofDays(30);
    /** Beyond this many changed sessions one full read is cheaper than reading them one by one. */
    static final int MAX_INCREMENTAL_SESSIONS = 500;
    private static final Logger log = LoggerFactory.getLogger(LedgerBuilder.class);

    /** A ledger candidate row without its body. */
    private record Row(long rowid, String sourcePath, String kind, String sessionId, String sessionKey, String token,
            String project, String harness, String capturedAt, String endedAt, String manifestPath, String sentence) {

        String membershipTs() {
            return endedAt != null ? endedAt : capturedAt;
        }

        int rank() {
            return ArtifactKind.fromWireName(kind).map(ArtifactKind::ledgerRank).orElse(0);
        }
    }

    private final MemoryDatabase db;
    private final Clock clock;
    private final ZoneId localZone;

    LedgerBuilder(MemoryDatabase db, Clock clock, ZoneId localZone) {
        this.db = db;
        this.clock = clock;
        this.localZone = localZone;
    }

    /**
     * A session that can appear in the ledger, with the instant its membership time parses to, its session
     * token and the query-order key of its first row (which places it among candidates of equal time).
     */
    record Candidate(Instant at, LedgerEntry entry, String token, LedgerCandidateSet.RowKey firstRow) {
    }

    /**
     * The ledger entries for now. The candidates depend on rows only: they are kept while the database is
     * unchanged, brought up to date from the ledger change log when only some sessions changed, and read
     * again in full otherwise; the 30-day window is applied on every call.
     */
    Ledger build(String agentId, AgentProjectionState state) {
        String stamp = db.changeStamp();
        LedgerCandidateSet set = state.ledgerCandidates();
        if (set == null || !set.stamp().equals(stamp)) {
            state.ledgerCandidates(null); // a failed update below must not leave a half-updated set behind
            set = set == null ? null : updated(agentId, set, stamp);
            if (set == null) {
                set = fresh(agentId, stamp);
            }
            state.ledgerCandidates(set);
        }
        Instant now = clock.instant();
        Instant floor = now.minus(WINDOW);
        List<LedgerEntry> entries = new ArrayList<>();
        long validUntil = Long.MAX_VALUE;
        for (Candidate c : set.list()) {
            if (c.at().isAfter(now)) {
                // shown once the clock reaches it
                validUntil = Math.min(validUntil, floorMillis(c.at()));
            } else if (!c.at().isBefore(floor)) {
                entries.add(c.entry());
                // shown while now <= at + 30 days; rounded down, so the bound is never late
                validUntil = Math.min(validUntil, floorMillis(c.at().plus(WINDOW)));
            }
        }
        return new Ledger(entries, validUntil);
    }

    /** The ledger entries shown now, and until when (Unix ms, exclusive) the window shows these same ones. */
    record Ledger(List<LedgerEntry> entries, long validUntilMillis) {
    }

    private static long floorMillis(Instant at) {
        try {
            return at.toEpochMilli();
        } catch (ArithmeticException beyondLong) {
            return at.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Every candidate of the agent, read in full, with the change log position read before the rows. */
    private LedgerCandidateSet fresh(String agentId, String stamp) {
        long seq = readOrNone(agentId, c -> LedgerChangeLog.head(c), -1L);
        return LedgerCandidateSet.of(stamp, seq, candidates(agentId));
    }

    /** {@code set} brought up to date from the change log, or null when the log cannot tell what changed. */
    private LedgerCandidateSet updated(String agentId, LedgerCandidateSet set, String stamp) {
        Optional<LedgerChangeLog.Changes> changes =
                readOrNone(agentId, c -> LedgerChangeLog.since(c, agentId, set.seq()), Optional.empty());
        if (changes.isEmpty() || changes.get().sessionTokens().size() > MAX_INCREMENTAL_SESSIONS) {
            return null;
        }
        Map<String, Optional<Candidate>> regrouped = new java.util.HashMap<>();
        for (String token : changes.get().sessionTokens()) {
            regrouped.put(token, candidateOf(sessionRows(agentId, token)));
        }
        return set.with(stamp, changes.get().upTo(), regrouped);
    }

    private <T> T readOrNone(String agentId, MemoryDatabase.SqlWork<T> work, T none) {
        try {
            return db.read("Reading the ledger change log", work);
        } catch (RuntimeException e) {
            HeadSources.rethrowStorageFault(e);
            log.warn("Ledger change log of agent {} unavailable: {}", agentId, e.getMessage());
            return none;
        }
    }

    /** Every session whose picked row has a parseable time and a sentence and is not noise, newest first. */
    List<Candidate> candidates(String agentId) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows(agentId)) {
            groups.computeIfAbsent(row.token(), t -> new ArrayList<>(3)).add(row);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (List<Row> group : groups.values()) {
            candidateOf(group).ifPresent(candidates::add);
        }
        // Groups are in first-seen order, so this stable sort orders equal times as LedgerCandidateSet.ORDER does.
        candidates.sort(Comparator.comparing((Candidate c) -> c.entry().membershipTs).reversed());
        return List.copyOf(candidates);
    }

    /** The candidate of one session's rows (in query order), or empty when the session is not shown. */
    private Optional<Candidate> candidateOf(List<Row> group) {
        if (group.isEmpty()) {
            return Optional.empty();
        }
        Row picked = group.get(0);
        for (Row r : group) {
            if (r.rank() > picked.rank()
                    || (r.rank() == picked.rank() && r.membershipTs().compareTo(picked.membershipTs()) > 0)) {
                picked = r;
            }
        }
        String ts = picked.membershipTs();
        Optional<Instant> at = IsoTime.parse(ts, localZone);
        if (at.isEmpty() || picked.sentence() == null || picked.sentence().isEmpty()) {
            return Optional.empty();
        }
        String project = null;
        for (Row r : group) {
            if (r.project() != null && !r.project().isEmpty()) {
                project = r.project();
                break;
            }
        }
        Row first = group.get(0);
        String sessionId = first.sessionId();
        if (SessionNoise.isNoise(project, picked.sessionKey(), sessionId, picked.harness())) {
            return Optional.empty();
        }
        Row chosen = picked;
        // The shown project is the group's, but the sentence is the picked row's (docs/format.md §5.6):
        // validated against and recomputed from the picked row's own content, project, harness and kind.
        return Optional.of(new Candidate(at.get(), new LedgerEntry(ts,
                chosen.sessionKey() != null ? chosen.sessionKey() : sessionId, project,
                firstPath(group, "summary"), firstPath(group, "transcript"), firstPath(group, "compaction"),
                chosen.manifestPath(),
                () -> MemorySentences.coerce(chosen.sentence(), () -> body(chosen.rowid()), chosen.project(),
                        chosen.harness(), chosen.kind())),
                first.token(), new LedgerCandidateSet.RowKey(first.membershipTs(), first.capturedAt(), first.rowid())));
    }

    private static String firstPath(List<Row> group, String kind) {
        for (Row r : group) {
            if (kind.equals(r.kind())) {
                return r.sourcePath();
            }
        }
        return null;
    }

    private List<Row> rows(String agentId) {
        return query(agentId, "", null,
                " ORDER BY COALESCE(ended_at, captured_at) DESC, captured_at DESC, rowid");
    }

    /**
     * One session's rows in query order. Sorted here rather than by SQL: with an ORDER BY, SQLite prefers
     * the membership index and walks every row of the agent; without one it looks the session up.
     */
    private List<Row> sessionRows(String agentId, String token) {
        List<Row> rows = new ArrayList<>(token == null ? query(agentId, " AND session_token IS NULL", null, "")
                : query(agentId, " AND session_token = ?", token, ""));
        rows.sort(Comparator.comparing(r -> new LedgerCandidateSet.RowKey(r.membershipTs(), r.capturedAt(), r.rowid())));
        return rows;
    }

    /**
     * The agent's ledger rows (docs/format.md §6.4 step 2) matching {@code filter}; in the whole read, rowid
     * last in the order makes it total, so that sessions read one by one sort as the whole read does.
     */
    private List<Row> query(String agentId, String filter, String token, String order) {
        try {
            return db.read("Reading ledger rows", c -> {
                List<Row> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT rowid, source_path, source_kind, session_id,"
                        + " session_key, session_token, project, harness, captured_at, ended_at, manifest_path,"
                        + " memory_sentence FROM memory_artifacts WHERE agent_id = ?"
                        + " AND source_kind IN ('summary','transcript','compaction')" + filter + order)) {
                    ps.setString(1, agentId);
                    if (token != null) {
                        ps.setString(2, token);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                    rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)));
                        }
                    }
                }
                return out;
            });
        } catch (RuntimeException e) {
            HeadSources.rethrowStorageFault(e);
            log.warn("Ledger rows of agent {} unavailable: {}", agentId, e.getMessage());
            return List.of();
        }
    }

    private String body(long rowid) {
        return db.read("Reading a ledger row body", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM memory_artifacts WHERE rowid = ?")) {
                ps.setLong(1, rowid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
                }
            }
        });
    }
}
