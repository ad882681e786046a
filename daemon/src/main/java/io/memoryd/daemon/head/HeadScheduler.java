package io.memoryd.daemon.head;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.memoryd.memory.head.HeadRefusedException;
import io.memoryd.memory.head.HeadWriter;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.InvalidAgentIdException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled synthesis (the reference's pipeline job, docs/format.md §8.4): per agent, renders and
 * writes MEMORY.md when a session has ended since the last run, no session has been active for the idle
 * gap, and the last run is at least the minimum interval old. An empty render is recorded as a run
 * without writing; a busy lease or a failure is retried on the next tick, leaving the file untouched. A
 * forced trigger (a compaction, optionally a session end) runs at the next tick whatever the times say,
 * and {@link #force} asks for that tick at once. Events of agents that cannot have a head file (ids the head
 * writer refuses, such as {@code Alice}) are ignored.
 *
 * <p>Time comes only from the injected clock and ticks only from {@link #tick} (called by the daemon's
 * timer after {@link #start}, or directly by tests), so the logic is tested without waiting. Thread-safe:
 * the per-agent state is guarded by this object; ticks run one at a time and call the job outside the state
 * lock, so session events are never held up by a render.
 */
public final class HeadScheduler implements SessionEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeadScheduler.class);

    /** One agent's view, for {@code memoryctl head}. */
    public record AgentRun(Instant lastRunAt, JobOutcome lastOutcome) {
    }

    /** Mutable per-agent state; only touched under the scheduler's lock. */
    private static final class AgentState {
        final Map<String, Instant> openSessions = new HashMap<>();
        Instant lastActivity;
        Instant lastEnd;
        Instant lastRun;
        Instant lastAttempt;
        JobOutcome lastOutcome;
        boolean forced;
    }

    private final HeadJob job;
    private final SummarySignals signals;
    private final HeadSchedule schedule;
    private final Clock clock;
    private final ReentrantLock ticking = new ReentrantLock();
    @GuardedBy("this")
    private final Map<String, AgentState> agents = new HashMap<>();
    @GuardedBy("this")
    private ScheduledExecutorService timer;
    @GuardedBy("this")
    private boolean closed;

    public HeadScheduler(HeadJob job, SummarySignals signals, HeadSchedule schedule, Clock clock) {
        this.job = job;
        this.signals = signals;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** Starts the daemon's timer: the first check one interval from now, then one every interval. */
    public synchronized void start() {
        if (timer != null || closed) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "memoryd-head-scheduler");
            t.setDaemon(true);
            return t;
        });
        long every = schedule.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void sessionStarted(AgentId agent, String sessionId) {
        if (!headable(agent)) {
            return;
        }
        Instant now = clock.instant();
        AgentState s = state(agent.value());
        s.openSessions.put(sessionId == null ? "" : sessionId, now);
        s.lastActivity = now;
    }

    @Override
    public void sessionEnded(AgentId agent, String sessionId) {
        if (!headable(agent)) {
            return;
        }
        synchronized (this) {
            Instant now = clock.instant();
            AgentState s = state(agent.value());
            s.openSessions.remove(sessionId == null ? "" : sessionId);
            s.lastActivity = now;
            s.lastEnd = now;
            if (!schedule.forceOnSessionEnd()) {
                return;
            }
        }
        force(agent);
    }

    @Override
    public void compacted(AgentId agent) {
        force(agent);
    }

    /** A forced trigger: the agent runs at the next tick, which is asked for now when the timer runs. */
    public void force(AgentId agent) {
        if (!headable(agent)) {
            return;
        }
        ScheduledExecutorService t;
        synchronized (this) {
            state(agent.value()).forced = true;
            t = closed ? null : timer;
        }
        if (t != null) {
            try {
                t.execute(this::tickQuietly);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // closing: the forced run is dropped with the daemon
            }
        }
    }

    /** The agent's last recorded run and last outcome, if this daemon has seen the agent. */
    public synchronized Optional<AgentRun> run(AgentId agent) {
        AgentState s = agents.get(agent.value());
        return s == null ? Optional.empty() : Optional.of(new AgentRun(s.lastRun, s.lastOutcome));
    }

    /**
     * One check: reads the workspace's signals, then runs every due agent, one after another. Returns the
     * agents run and their outcomes, in order.
     */
    public Map<String, JobOutcome> tick() {
        ticking.lock();
        try {
            Map<String, SummarySignals.AgentSignal> read = signals.read();
            List<String> due = new ArrayList<>();
            synchronized (this) {
                read.forEach(this::merge);
                Instant now = clock.instant();
                agents.forEach((id, s) -> {
                    if (due(s, now)) {
                        due.add(id);
                    }
                });
            }
            due.sort(null);
            Map<String, JobOutcome> ran = new java.util.LinkedHashMap<>();
            for (String id : due) {
                synchronized (this) {
                    if (closed) {
                        break;
                    }
                }
                JobOutcome outcome = runJob(id);
                ran.put(id, outcome);
                synchronized (this) {
                    AgentState s = state(id);
                    s.lastAttempt = clock.instant();
                    s.lastOutcome = outcome;
                    if (outcome.recorded()) {
                        s.lastRun = s.lastAttempt;
                        s.forced = false;
                    }
                }
            }
            return ran;
        } finally {
            ticking.unlock();
        }
    }

    private JobOutcome runJob(String id) {
        AgentId agent;
        try {
            agent = new AgentId(id);
        } catch (InvalidAgentIdException e) {
            return JobOutcome.FAILED;
        }
        try {
            JobOutcome outcome = job.run(agent);
            if (outcome == JobOutcome.FAILED) {
                log.warn("scheduled synthesis of agent {} failed; MEMORY.md left as it is, retried later", id);
            } else {
                log.info("scheduled synthesis of agent {}: {}", id, outcome.label());
            }
            return outcome;
        } catch (RuntimeException e) {
            log.warn("scheduled synthesis of agent {} failed: {}", id, e.toString(), e);
            return JobOutcome.FAILED;
        }
    }

    @GuardedBy("this")
    private void merge(String id, SummarySignals.AgentSignal signal) {
        AgentState s = state(id);
        if (signal.lastSummaryEnd() != null && (s.lastEnd == null || signal.lastSummaryEnd().isAfter(s.lastEnd))) {
            s.lastEnd = signal.lastSummaryEnd();
            if (s.lastActivity == null || s.lastEnd.isAfter(s.lastActivity)) {
                s.lastActivity = s.lastEnd;
            }
        }
        // A head stored by anyone (this daemon, WriteHead, the reference) counts as a run of the agent.
        if (signal.headUpdatedAt() != null && (s.lastRun == null || signal.headUpdatedAt().isAfter(s.lastRun))) {
            s.lastRun = signal.headUpdatedAt();
        }
    }

    @GuardedBy("this")
    private boolean due(AgentState s, Instant now) {
        if (s.forced) {
            return true;
        }
        if (s.lastEnd == null || (s.lastRun != null && !s.lastEnd.isAfter(s.lastRun))) {
            return false;
        }
        s.openSessions.values().removeIf(started -> !started.plus(schedule.abandonAfter()).isAfter(now));
        if (!s.openSessions.isEmpty()) {
            return false;
        }
        if (s.lastActivity != null && s.lastActivity.plus(schedule.idleGap()).isAfter(now)) {
            return false;
        }
        return s.lastRun == null || !s.lastRun.plus(schedule.minInterval()).isAfter(now);
    }

    @GuardedBy("this")
    private AgentState state(String id) {
        return agents.computeIfAbsent(id, k -> new AgentState());
    }

    /**
     * Whether an agent can have a head file: memoryd's ids allow more than the head writer (upper case, dots),
     * and an agent the writer refuses would fail on every tick.
     */
    private static boolean headable(AgentId agent) {
        try {
            HeadWriter.agentFor(agent.value());
            return true;
        } catch (HeadRefusedException e) {
            return false;
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("head scheduler check failed: {}", e.toString(), e);
        }
    }

    /** Stops the timer and waits up to the schedule's bound for a run in flight; a later tick does nothing. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            closed = true;
            t = timer;
        }
        if (t == null) {
            return;
        }
        t.shutdown();
        try {
            if (!t.awaitTermination(schedule.shutdownWait().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("a scheduled MEMORY.md write was still running after {} s; not waiting longer",
                        schedule.shutdownWait().toSeconds());
                t.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
