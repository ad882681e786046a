package io.memoryd.memory.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.db.ArtifactRepository;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.db.SchemaMigrator;
import io.memoryd.memory.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger kept up to date from the change log is the ledger read from scratch: thousands of random
 * change sequences (inserts, updates that move a row's time, kind, agent or session, deletes, tombstones,
 * several changes in one transaction, the clock crossing the 30-day window's edges) and after every step the
 * entries an agent's long-lived state yields must equal, line for line and in order, those of a fresh state,
 * and must stay the same with the clock moved to just before the render's valid_until.
 * Times come from a coarse grid, so equal times (and so the tie order) are common. A failure names the seed
 * of its sequence.
 */
class LedgerIncrementalDifferentialTest {

    private static final int SEQUENCES = 1000;
    private static final int STEPS = 6;
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<String> AGENTS = List.of("default", "agent-1");
    private static final List<String> KINDS = List.of("summary", "transcript", "compaction", "manifest");

    @TempDir
    Path dir;
    MemoryDatabase db;
    MutableClock clock;

    @BeforeEach
    void open() {
        db = MemoryDatabase.open(dir.resolve("memories.db"));
        clock = new MutableClock(T0);
        new SchemaMigrator(clock).migrate(db);
        // Thousands of small commits: durability is not what is tested here.
        db.read("speeding up", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA synchronous = OFF");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void incrementalLedger_equalsLedgerReadFromScratch_overRandomChangeSequences() {
        long base = Long.getLong("ledger.seed", 20261203L);
        int compared = 0;
        for (int i = 0; i < SEQUENCES; i++) {
            long seed = base + i;
            compared += runSequence(seed);
        }
        assertTrue(compared > SEQUENCES * STEPS, "every step compared both agents' ledgers");
    }

    /** One sequence from an empty table; returns how many ledgers it compared. */
    private int runSequence(long seed) {
        Random random = new Random(seed);
        clock.set(T0);
        db.write("clearing", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DELETE FROM memory_artifacts");
                st.execute("DELETE FROM memory_artifact_tombstones");
            }
            return null;
        });
        LedgerBuilder builder = new LedgerBuilder(db, clock, ZoneOffset.UTC);
        List<AgentProjectionState> states = List.of(new AgentProjectionState(), new AgentProjectionState());
        int compared = 0;
        for (int step = 0; step < STEPS; step++) {
            int changes = 1 + random.nextInt(random.nextInt(4) == 0 ? 6 : 2);
            db.write("random changes", c -> {
                for (int k = 0; k < changes; k++) {
                    change(c, random);
                }
                return null;
            });
            if (random.nextInt(3) == 0) {
                clock.advance(Duration.ofHours(random.nextInt(24 * 20)));
            }
            for (int a = 0; a < AGENTS.size(); a++) {
                // Sometimes an agent skips a render, so that changes pile up between two of its renders.
                if (random.nextInt(4) == 0 && step < STEPS - 1) {
                    continue;
                }
                String agent = AGENTS.get(a);
                LedgerBuilder.Ledger kept = builder.build(agent, states.get(a));
                LedgerBuilder.Ledger fresh = new LedgerBuilder(db, clock, ZoneOffset.UTC)
                        .build(agent, new AgentProjectionState());
                List<String> incremental = lines(kept.entries());
                List<String> scratch = lines(fresh.entries());
                assertEquals(fresh.validUntilMillis(), kept.validUntilMillis(), "seed " + seed + " valid until");
                // Until valid_until (exclusive) the clock alone changes nothing.
                Instant now = clock.instant();
                long lastValid = Math.min(kept.validUntilMillis() - 1, now.plus(Duration.ofDays(90)).toEpochMilli());
                clock.set(Instant.ofEpochMilli(lastValid));
                List<String> later = lines(new LedgerBuilder(db, clock, ZoneOffset.UTC)
                        .build(agent, new AgentProjectionState()).entries());
                clock.set(now);
                assertEquals(scratch, later, "seed " + seed + " step " + step + ": the ledger changed before valid_until");
                assertEquals(scratch, incremental, "seed " + seed + " step " + step + " agent " + agent
                        + " (rerun with -Dledger.seed=" + seed + ")");
                compared++;
            }
        }
        return compared;
    }

    private static List<String> lines(List<LedgerEntry> entries) {
        List<String> out = new ArrayList<>();
        for (LedgerEntry e : entries) {
            out.add(e.line() + " @" + e.manifestPath);
        }
        return out;
    }

    private void change(Connection c, Random random) throws SQLException {
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> upsert(c, random);
            case 4, 5 -> update(c, random);
            case 6 -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_artifacts WHERE rowid = ?")) {
                    ps.setLong(1, anyRow(c, random));
                    ps.executeUpdate();
                }
            }
            case 7 -> ArtifactRepository.tombstoneSession(c, pick(random, AGENTS), token(random),
                    time(random), "test", "[]");
            case 8 -> {
                // A tombstone lifted, as a later write of the session does: its files may be indexed again.
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_artifact_tombstones")) {
                    ps.executeUpdate();
                }
                upsert(c, random);
            }
            default -> clock.advance(Duration.ofMinutes(random.nextInt(60 * 24 * 3)));
        }
    }

    private void upsert(Connection c, Random random) throws SQLException {
        String token = token(random);
        String kind = pick(random, KINDS);
        String at = time(random);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO memory_artifacts (agent_id, source_path,"
                + " source_sha256, source_kind, session_id, session_key, session_token, project, harness,"
                + " captured_at, ended_at, manifest_path, memory_sentence, content, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(agent_id, source_path) DO UPDATE SET"
                + " source_kind = excluded.source_kind, captured_at = excluded.captured_at,"
                + " ended_at = excluded.ended_at, memory_sentence = excluded.memory_sentence,"
                + " project = excluded.project, content = excluded.content")) {
            ps.setString(1, pick(random, AGENTS));
            ps.setString(2, "memory/" + token + "--" + kind + random.nextInt(2) + ".md");
            ps.setString(3, "sha");
            ps.setString(4, kind);
            ps.setString(5, random.nextInt(8) == 0 ? "test-" + token : "id-" + token);
            ps.setString(6, random.nextBoolean() ? null : "key-" + token);
            ps.setString(7, token);
            ps.setString(8, pick(random, java.util.Arrays.asList(null, "", "/home/u/proj", "/tmp/scratch",
                    "/home/u/other")));
            ps.setString(9, pick(random, java.util.Arrays.asList(null, "codex", "claude")));
            ps.setString(10, at);
            ps.setString(11, random.nextInt(3) == 0 ? time(random) : null);
            ps.setString(12, random.nextBoolean() ? "memory/" + token + "--manifest.md" : null);
            ps.setString(13, pick(random, java.util.Arrays.asList(null, "", "Worked on task.",
                    "Merged the parser fix for " + token + ".", "Shipped release " + random.nextInt(5) + ".")));
            ps.setString(14, "Body of " + token + ": fixed the flaky watcher test and merged it.");
            ps.setString(15, at);
            ps.executeUpdate();
        }
    }

    /** Moves one row's time, kind, agent or session. */
    private void update(Connection c, Random random) throws SQLException {
        String[] sets = {"captured_at = ?", "ended_at = ?", "source_kind = ?", "agent_id = ?", "session_token = ?",
                "memory_sentence = ?", "project = ?"};
        int which = random.nextInt(sets.length);
        String value = switch (which) {
            case 0, 1 -> time(random);
            case 2 -> pick(random, KINDS);
            case 3 -> pick(random, AGENTS);
            case 4 -> token(random);
            case 5 -> random.nextBoolean() ? null : "Reworked the ledger for speed.";
            default -> random.nextBoolean() ? null : "/home/u/moved";
        };
        // OR IGNORE: moving a row onto another row's (agent, path) key is refused, as it would be anywhere.
        try (PreparedStatement ps = c.prepareStatement("UPDATE OR IGNORE memory_artifacts SET " + sets[which]
                + " WHERE rowid = ?")) {
            ps.setString(1, value);
            ps.setLong(2, anyRow(c, random));
            ps.executeUpdate();
        }
    }

    /** The rowid of a row chosen by {@code random} (the seed alone decides), or -1 when there is none. */
    private static long anyRow(Connection c, Random random) throws SQLException {
        List<Long> rowids = new ArrayList<>();
        try (Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT rowid FROM memory_artifacts ORDER BY rowid")) {
            while (rs.next()) {
                rowids.add(rs.getLong(1));
            }
        }
        return rowids.isEmpty() ? -1 : rowids.get(random.nextInt(rowids.size()));
    }

    private static String token(Random random) {
        return "tok" + random.nextInt(7);
    }

    /** A time on a 2-day grid from 40 days before the clock's start to 68 days after; sometimes not a time. */
    private static String time(Random random) {
        int r = random.nextInt(40);
        if (r == 0) {
            return "not a time";
        }
        if (r == 1) {
            return "2026-06-0" + (1 + random.nextInt(9)) + " 10:00:00";
        }
        return T0.plus(Duration.ofDays(2L * (random.nextInt(55) - 20))).toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
