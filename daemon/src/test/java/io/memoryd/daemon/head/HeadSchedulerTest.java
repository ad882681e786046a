package io.memoryd.daemon.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.MutableClock;
import io.memoryd.memory.workspace.AgentId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scheduled synthesis's decisions, driven tick by tick with a hand-set clock: no sleeps, no timers. */
class HeadSchedulerTest {

    private static final AgentId A = new AgentId("agent-a");
    private static final HeadSchedule SCHEDULE = new HeadSchedule(Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofSeconds(60), Duration.ofHours(12), false, Duration.ofSeconds(1));

    private final MutableClock clock = MutableClock.at("2026-05-01T09:00:00Z");
    /** Outcomes the fake job answers, in order; OK once they run out. */
    private final Deque<JobOutcome> answers = new ArrayDeque<>();
    private final List<String> runs = new ArrayList<>();
    private final Map<String, SummarySignals.AgentSignal> signals = new HashMap<>();

    private HeadScheduler scheduler(HeadSchedule schedule) {
        return new HeadScheduler(agent -> {
            runs.add(agent.value() + "@" + clock.instant());
            return answers.isEmpty() ? JobOutcome.OK : answers.poll();
        }, () -> Map.copyOf(signals), schedule, clock);
    }

    private HeadScheduler scheduler() {
        return scheduler(SCHEDULE);
    }

    private void minutes(long n) {
        clock.advance(Duration.ofMinutes(n));
    }

    @Test
    @DisplayName("nothing runs before any session has ended")
    void nothingWithoutAnEnd() {
        HeadScheduler s = scheduler();
        s.sessionStarted(A, "s1");
        minutes(120);
        assertEquals(Map.of(), s.tick());
        assertEquals(List.of(), runs);
    }

    @Test
    @DisplayName("after a session end, the run waits for the idle gap, then runs once")
    void idleGap() {
        HeadScheduler s = scheduler();
        s.sessionStarted(A, "s1");
        minutes(5);
        s.sessionEnded(A, "s1");
        minutes(9);
        assertEquals(Map.of(), s.tick());
        minutes(1);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
        minutes(120);
        assertEquals(Map.of(), s.tick(), "no session has ended since the run");
        assertEquals(1, runs.size());
    }

    @Test
    @DisplayName("an open session holds the run back, whatever the idle gap says; its end restarts the gap")
    void activeSessionHoldsBack() {
        HeadScheduler s = scheduler();
        s.sessionStarted(A, "s1");
        s.sessionEnded(A, "s1");
        minutes(2);
        s.sessionStarted(A, "s2");
        minutes(30);
        assertEquals(Map.of(), s.tick());
        s.sessionEnded(A, "s2");
        minutes(9);
        assertEquals(Map.of(), s.tick());
        minutes(1);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
    }

    @Test
    @DisplayName("a session started longer ago than the abandon time without an end no longer holds the run back")
    void abandonedSession() {
        HeadScheduler s = scheduler();
        s.sessionStarted(A, "crashed");
        s.sessionStarted(A, "s1");
        s.sessionEnded(A, "s1");
        minutes(60);
        assertEquals(Map.of(), s.tick());
        clock.advance(Duration.ofHours(12));
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
    }

    @Test
    @DisplayName("two runs are at least the minimum interval apart")
    void minimumInterval() {
        HeadScheduler s = scheduler();
        s.sessionEnded(A, "s1");
        minutes(10);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
        minutes(1);
        s.sessionEnded(A, "s2");
        minutes(10);
        assertEquals(Map.of(), s.tick(), "11 minutes after the last run");
        minutes(48);
        assertEquals(Map.of(), s.tick(), "59 minutes after the last run");
        minutes(1);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
    }

    @Test
    @DisplayName("an empty render is recorded as a run: no retry until another session ends")
    void emptyIsRecorded() {
        HeadScheduler s = scheduler();
        answers.add(JobOutcome.EMPTY);
        s.sessionEnded(A, "s1");
        minutes(10);
        assertEquals(Map.of("agent-a", JobOutcome.EMPTY), s.tick());
        minutes(120);
        assertEquals(Map.of(), s.tick());
        assertEquals(JobOutcome.EMPTY, s.run(A).orElseThrow().lastOutcome());
        assertEquals(Instant.parse("2026-05-01T09:10:00Z"), s.run(A).orElseThrow().lastRunAt());
    }

    @Test
    @DisplayName("a busy lease is retried on the next tick, and the last run stays where it was")
    void busyRetried() {
        HeadScheduler s = scheduler();
        answers.add(JobOutcome.BUSY);
        s.sessionEnded(A, "s1");
        minutes(10);
        assertEquals(Map.of("agent-a", JobOutcome.BUSY), s.tick());
        assertEquals(null, s.run(A).orElseThrow().lastRunAt());
        minutes(1);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
        assertEquals(2, runs.size());
    }

    @Test
    @DisplayName("a failed render is retried later and not counted as a run")
    void failedRetried() {
        HeadScheduler s = scheduler();
        answers.add(JobOutcome.FAILED);
        answers.add(JobOutcome.FAILED);
        s.sessionEnded(A, "s1");
        minutes(10);
        assertEquals(Map.of("agent-a", JobOutcome.FAILED), s.tick());
        minutes(1);
        assertEquals(Map.of("agent-a", JobOutcome.FAILED), s.tick());
        minutes(1);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
        minutes(1);
        assertEquals(Map.of(), s.tick());
    }

    @Test
    @DisplayName("a job that throws counts as failed; the tick goes on")
    void throwingJob() {
        HeadScheduler s = new HeadScheduler(agent -> {
            throw new IllegalStateException("boom");
        }, Map::of, SCHEDULE, clock);
        s.sessionEnded(A, "s1");
        minutes(10);
        assertEquals(Map.of("agent-a", JobOutcome.FAILED), s.tick());
    }

    @Test
    @DisplayName("a forced trigger (a compaction) runs at the next tick, inside the idle gap and the interval")
    void forcedTrigger() {
        HeadScheduler s = scheduler();
        s.sessionEnded(A, "s1");
        minutes(10);
        s.tick();
        s.sessionStarted(A, "s2");
        s.compacted(A);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
        assertEquals(Map.of(), s.tick(), "the force is used up");
    }

    @Test
    @DisplayName("a forced run that meets a busy lease stays forced until it gets through")
    void forcedBusyStaysForced() {
        HeadScheduler s = scheduler();
        answers.add(JobOutcome.BUSY);
        s.compacted(A);
        assertEquals(Map.of("agent-a", JobOutcome.BUSY), s.tick());
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
        assertEquals(Map.of(), s.tick());
    }

    @Test
    @DisplayName("with --head-on-session-end a session end forces the run at once")
    void forceOnSessionEnd() {
        HeadScheduler s = scheduler(new HeadSchedule(Duration.ofMinutes(10), Duration.ofHours(1),
                Duration.ofSeconds(60), Duration.ofHours(12), true, Duration.ofSeconds(1)));
        s.sessionStarted(A, "s1");
        s.sessionEnded(A, "s1");
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
    }

    @Test
    @DisplayName("without the hook API a newer indexed summary counts as a session end")
    void summarySignal() {
        HeadScheduler s = scheduler();
        signals.put("agent-b", new SummarySignals.AgentSignal(Instant.parse("2026-05-01T08:55:00Z"), null));
        assertEquals(Map.of(), s.tick(), "the summary ended 5 minutes ago");
        minutes(5);
        assertEquals(Map.of("agent-b", JobOutcome.OK), s.tick());
        minutes(120);
        assertEquals(Map.of(), s.tick(), "the same summary does not run again");
        signals.put("agent-b", new SummarySignals.AgentSignal(Instant.parse("2026-05-01T11:00:00Z"), null));
        minutes(10);
        assertEquals(Map.of("agent-b", JobOutcome.OK), s.tick());
    }

    @Test
    @DisplayName("a head stored after the last summary (by WriteHead or the reference) counts as the run")
    void storedHeadCountsAsRun() {
        HeadScheduler s = scheduler();
        signals.put("agent-c", new SummarySignals.AgentSignal(Instant.parse("2026-05-01T07:00:00Z"),
                Instant.parse("2026-05-01T07:30:00Z")));
        minutes(120);
        assertEquals(Map.of(), s.tick());
        signals.put("agent-c", new SummarySignals.AgentSignal(Instant.parse("2026-05-01T08:00:00Z"),
                Instant.parse("2026-05-01T07:30:00Z")));
        assertEquals(Map.of("agent-c", JobOutcome.OK), s.tick());
    }

    @Test
    @DisplayName("agents are decided separately: one's open session does not hold another back")
    void agentsSeparate() {
        HeadScheduler s = scheduler();
        AgentId b = new AgentId("agent-b");
        s.sessionEnded(A, "s1");
        s.sessionStarted(b, "s2");
        s.sessionEnded(b, "s1");
        s.sessionStarted(b, "s3");
        minutes(10);
        assertEquals(Map.of("agent-a", JobOutcome.OK), s.tick());
    }

    @Test
    @DisplayName("after close a tick runs nothing")
    void closedRunsNothing() {
        HeadScheduler s = scheduler();
        s.sessionEnded(A, "s1");
        minutes(10);
        s.close();
        assertTrue(s.tick().isEmpty());
        assertEquals(List.of(), runs);
    }

    @Test
    @DisplayName("events of an agent that cannot have a head file are ignored, so it never fails tick after tick")
    void unheadableAgentIgnored() {
        HeadScheduler s = scheduler();
        AgentId upper = new AgentId("Alice");
        s.sessionStarted(upper, "s1");
        s.sessionEnded(upper, "s1");
        s.compacted(upper);
        minutes(60);
        assertEquals(Map.of(), s.tick());
        assertTrue(s.run(upper).isEmpty());
    }
}
