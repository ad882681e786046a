package io.memoryd.daemon.supervisor;

import com.google.errorprone.annotations.ThreadSafe;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.ManagedChannel;
import io.memoryd.proto.renderer.v1.RendererServiceGrpc;
import io.memoryd.proto.renderer.v1.StatusResponse;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * One place in the pool and the renderer process currently filling it: its lifecycle state, the process
 * and its channel, restart history, the figures that decide recycling, and the renders it owes
 * ({@link SlotRenders}). The slot owns this state: it changes only through the transitions below, each
 * of which checks that it is legal from the current state and throws {@link IllegalStateException} naming
 * the slot and the states when it is not.
 *
 * <pre>
 * transition    from                           to
 * beginStart    STOPPED, BACKOFF, DEGRADED     STARTING: next generation, no process yet
 *                                              (from DEGRADED with a clean restart history)
 * launched      STARTING without a process     STARTING with its process
 * launchFailed  STARTING without a process     STOPPED, exit FAILED_START
 * ready         STARTING with a process        READY
 * failStart     STARTING with a process        STOPPING, its exit to be FAILED_START
 * stop          STARTING, READY, STOPPING      STOPPING, its exit to be the kind given
 * exited        STARTING, READY, STOPPING      STOPPED, exit as intended or by status
 * backOff       STOPPED                        BACKOFF (a restart counted)
 * degrade       STOPPED                        DEGRADED
 * takeOver      READY                          READY: next generation, exit RECYCLED
 * </pre>
 *
 * STOPPED after an exit is left in the same critical section for BACKOFF or DEGRADED unless the pool is
 * closing, so the pool status shows it only when the slot is stopped for good (or never started). A
 * recycled process leaves its slot in {@link #takeOver} and drains outside it; RENDERER_DRAINING is not
 * reported.
 *
 * <p>Thread-safety: every field is guarded by the pool's lock, which the slot is given and takes in each
 * method (re-entrantly: the pool's decisions hold it already, so that one decision across several slots
 * stays atomic).
 */
@ThreadSafe
final class RendererSlot {

    private static final EnumSet<RendererState> STARTABLE = EnumSet.of(RendererState.RENDERER_STOPPED,
            RendererState.RENDERER_BACKOFF, RendererState.RENDERER_DEGRADED);
    private static final EnumSet<RendererState> WITH_PROCESS = EnumSet.of(RendererState.RENDERER_STARTING,
            RendererState.RENDERER_READY, RendererState.RENDERER_STOPPING);

    private final int index;
    private final Object lock;
    @GuardedBy("lock") private int generation;
    @GuardedBy("lock") private RendererState state = RendererState.RENDERER_STOPPED;
    @GuardedBy("lock") private RendererHandle handle;
    @GuardedBy("lock") private ManagedChannel channel;
    @GuardedBy("lock") private RendererServiceGrpc.RendererServiceFutureStub stub;
    @GuardedBy("lock") private String rendererId = "";
    @GuardedBy("lock") private long launchedAtMillis;
    @GuardedBy("lock") private long readyAtMillis;
    @GuardedBy("lock") private long startupMs;
    /** Renders served by the current process, against the recycle limits drawn for it. */
    @GuardedBy("lock") private long processServed;
    @GuardedBy("lock") private long recycleAtRenders = Long.MAX_VALUE;
    @GuardedBy("lock") private long recycleAtAgeMillis = Long.MAX_VALUE;
    /** Figures from the last Status poll of the current process; null before its first answer. */
    @GuardedBy("lock") private StatusResponse figures;
    @GuardedBy("lock") private final RestartHistory restarts = new RestartHistory();
    /** Set when the supervisor itself ends the process, so the exit is reported for what it is (and why). */
    @GuardedBy("lock") private ExitKind intendedExit;
    @GuardedBy("lock") private String intendedExitDetail;
    @GuardedBy("lock") private ExitReason lastExit;
    @GuardedBy("lock") private String lastError = "";
    private final SlotRenders renders;

    /** @param lock the pool's lock, which guards every slot */
    RendererSlot(int index, Object lock) {
        this.index = index;
        this.lock = lock;
        this.renders = new SlotRenders(this, lock);
    }

    /** The id of the process of slot {@code index}'s generation {@code generation}, e.g. {@code r0-g1}. */
    static String rendererId(int index, int generation) {
        return "r" + index + "-g" + generation;
    }

    /** The socket in {@code runDir} the process of slot {@code index}'s generation {@code generation} serves on. */
    static Path socket(Path runDir, int index, int generation) {
        return runDir.resolve("r" + index + "-" + generation + ".sock");
    }

    // ---- transitions -------------------------------------------------------------------------------

    /**
     * STOPPED, BACKOFF or DEGRADED to STARTING: a new generation whose process is about to be forked. A
     * DEGRADED slot is probed with a clean restart history. Returns the new generation.
     */
    int beginStart(long nowMillis) {
        synchronized (lock) {
            require("start", STARTABLE);
            if (state == RendererState.RENDERER_DEGRADED) {
                restarts.clear();
            }
            generation++;
            rendererId = rendererId(index, generation);
            state = RendererState.RENDERER_STARTING;
            handle = null;
            intendedExit = null;
            intendedExitDetail = null;
            launchedAtMillis = nowMillis;
            resetProcessFigures(false);
            return generation;
        }
    }

    /** The fork of this start succeeded: STARTING with its process, which has yet to say READY. */
    void launched(int expectedGeneration, RendererHandle process) {
        synchronized (lock) {
            requireStarting("take its launched process", expectedGeneration, false);
            handle = process;
        }
    }

    /** The fork of this start failed: STARTING (no process) to STOPPED, with the failure as the exit. */
    void launchFailed(int expectedGeneration, String error) {
        synchronized (lock) {
            requireStarting("fail its launch", expectedGeneration, false);
            lastError = "launch failed: " + error;
            lastExit = ExitReasons.of(ExitKind.EXIT_FAILED_START, 0, error);
            state = RendererState.RENDERER_STOPPED;
        }
    }

    /**
     * STARTING to READY: the process of {@code expectedGeneration} said READY and is reached through
     * {@code readyChannel}. Its recycle limits are drawn now, jittered per process.
     */
    void ready(int expectedGeneration, ManagedChannel readyChannel, long nowMillis, RecyclePolicy recycle) {
        synchronized (lock) {
            requireStarting("become ready", expectedGeneration, true);
            serve(readyChannel, nowMillis, recycle);
        }
    }

    /** STARTING (with a process) to STOPPING: it missed its deadline or broke its handshake; a READY is too late. */
    void failStart(String why) {
        synchronized (lock) {
            requireStarting("fail its start", generation, true);
            intendedExit = ExitKind.EXIT_FAILED_START;
            lastError = intendedExitDetail = "failed start: " + why;
            state = RendererState.RENDERER_STOPPING;
        }
    }

    /**
     * STARTING, READY or STOPPING to STOPPING: the supervisor ends the process, for {@code why} (and
     * {@code detail}, or null); a later stop (shutdown) overrides the reason of an earlier one.
     */
    void stop(ExitKind why, String detail) {
        synchronized (lock) {
            require("stop", WITH_PROCESS);
            requireProcess("stop");
            intendedExit = why;
            intendedExitDetail = detail;
            state = RendererState.RENDERER_STOPPING;
        }
    }

    /**
     * STARTING, READY or STOPPING to STOPPED: the process ended with {@code code} (128+n for signal n). Its
     * exit reason is what the supervisor meant, else its status. Returns its channel, to be shut down once
     * the pool's lock is let go (null when it never became ready).
     */
    ManagedChannel exited(int code, String stderrTail) {
        synchronized (lock) {
            require("record an exit", WITH_PROCESS);
            requireProcess("record an exit");
            lastExit = ExitReasons.ofExit(intendedExit, intendedExitDetail, code, stderrTail);
            state = RendererState.RENDERER_STOPPED;
            ManagedChannel closed = channel;
            channel = null;
            return closed;
        }
    }

    /** STOPPED to BACKOFF: counts the restart and returns its delay (exponential, capped, jittered). */
    long backOff(long now, long baseMillis, long maxMillis, RandomGenerator random) {
        synchronized (lock) {
            require("back off", EnumSet.of(RendererState.RENDERER_STOPPED));
            state = RendererState.RENDERER_BACKOFF;
            return restarts.record(now, baseMillis, maxMillis, random);
        }
    }

    /** STOPPED to DEGRADED: too many restarts in the window; the pool probes it again after the heal interval. */
    void degrade() {
        synchronized (lock) {
            require("degrade", EnumSet.of(RendererState.RENDERER_STOPPED));
            state = RendererState.RENDERER_DEGRADED;
        }
    }

    /**
     * READY to READY in the next generation: the recycled process's successor {@code successor} (READY, and
     * reached through {@code successorChannel}) takes the slot. The old process's render in flight stays
     * its call's (answered by it, or retried when it fails); the queued renders go to the successor.
     * Returns the channel to the replaced process, to be shut down once it has exited.
     */
    ManagedChannel takeOver(int successorGeneration, RendererHandle successor, ManagedChannel successorChannel,
            long successorLaunchedAt, long nowMillis, String reason, RecyclePolicy recycle) {
        synchronized (lock) {
            require("take over by its successor", EnumSet.of(RendererState.RENDERER_READY));
            if (successorGeneration != generation + 1) {
                throw illegal("take over by generation " + successorGeneration + " at generation " + generation);
            }
            generation = successorGeneration;
            rendererId = rendererId(index, generation);
            handle = successor;
            intendedExit = null;
            intendedExitDetail = null;
            resetProcessFigures(true);
            lastExit = ExitReasons.of(ExitKind.EXIT_RECYCLED, 0, reason);
            launchedAtMillis = successorLaunchedAt;
            ManagedChannel replaced = channel;
            serve(successorChannel, nowMillis, recycle);
            return replaced;
        }
    }

    // ---- renders -----------------------------------------------------------------------------------

    /** The renders this slot owes and has served. */
    SlotRenders renders() {
        return renders;
    }

    /** A render was served by the current process: counts against its recycle limit, ends the restart backoff. */
    void processServed() {
        synchronized (lock) {
            processServed++;
            restarts.served();
        }
    }

    // ---- figures -----------------------------------------------------------------------------------

    /** The last Status poll of the process of {@code expectedGeneration}; false when that process has left. */
    boolean recordFigures(int expectedGeneration, StatusResponse status) {
        synchronized (lock) {
            if (generation != expectedGeneration) {
                return false;
            }
            figures = status;
            return true;
        }
    }

    /** Why the current process is due for replacement by {@code recycle}, or null when it is not. */
    String recycleDue(RecyclePolicy recycle, long nowMillis) {
        synchronized (lock) {
            return recycle.dueReason(processServed, recycleAtRenders, nowMillis - readyAtMillis, recycleAtAgeMillis,
                    figures().getHeapAfterGcBytes(), figures().getHeapMaxBytes());
        }
    }

    /** Restarts in the last {@code windowMillis}. */
    int restartsWithin(long windowMillis, long now) {
        synchronized (lock) {
            return restarts.within(windowMillis, now);
        }
    }

    /** An error operators should see in the status that is no transition (a late READY, a failed recycle). */
    void noteError(String error) {
        synchronized (lock) {
            lastError = error;
        }
    }

    // ---- reads -------------------------------------------------------------------------------------

    int index() {
        return index;
    }

    int generation() {
        synchronized (lock) {
            return generation;
        }
    }

    RendererState state() {
        synchronized (lock) {
            return state;
        }
    }

    boolean ready() {
        synchronized (lock) {
            return state == RendererState.RENDERER_READY;
        }
    }

    String rendererId() {
        synchronized (lock) {
            return rendererId;
        }
    }

    /** The current (or last) process; null before the first fork and after a failed one. */
    RendererHandle handle() {
        synchronized (lock) {
            return handle;
        }
    }

    /** The stub of the ready process; null when none is ready. */
    RendererServiceGrpc.RendererServiceFutureStub stub() {
        synchronized (lock) {
            return stub;
        }
    }

    long startupMs() {
        synchronized (lock) {
            return startupMs;
        }
    }

    ExitReason lastExit() {
        synchronized (lock) {
            return lastExit;
        }
    }

    RendererSlotStatus status(long nowMillis) {
        synchronized (lock) {
            RendererSlotStatus.Builder b = RendererSlotStatus.newBuilder()
                    .setSlot(index)
                    .setRendererId(rendererId)
                    .setPid(handle == null ? 0 : handle.pid())
                    .setGeneration(generation)
                    .setState(state)
                    .setUptimeMs(state == RendererState.RENDERER_READY ? nowMillis - readyAtMillis : 0)
                    .setStartupMs(startupMs)
                    .setRestartsInWindow(restarts.remembered())
                    .setLastError(lastError)
                    .setHeapUsedBytes(figures().getHeapUsedBytes())
                    .setHeapAfterGcBytes(figures().getHeapAfterGcBytes())
                    .setHeapMaxBytes(figures().getHeapMaxBytes())
                    .setRssBytes(figures().getRssBytes())
                    .setOpenFds(figures == null ? -1 : figures.getOpenFds());
            if (lastExit != null) {
                b.setLastExit(lastExit);
            }
            renders.describe(b);
            if (b.getInFlight() > 0 && figures != null) {
                b.setActivity(ProgressVerdict.activity(figures)); // as of the last status poll
            }
            return b.build();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** READY on {@code readyChannel}, with recycle limits drawn for this process (jittered per process). */
    @GuardedBy("lock")
    private void serve(ManagedChannel readyChannel, long nowMillis, RecyclePolicy recycle) {
        channel = readyChannel;
        stub = RendererServiceGrpc.newFutureStub(readyChannel);
        readyAtMillis = nowMillis;
        startupMs = readyAtMillis - launchedAtMillis;
        state = RendererState.RENDERER_READY;
        RandomGenerator random = ThreadLocalRandom.current();
        recycleAtRenders = recycle.jitteredRenders(random);
        recycleAtAgeMillis = recycle.jitteredAgeMillis(random);
    }

    /** Forgets the figures of the process that left; the next one starts with a clean record. */
    @GuardedBy("lock")
    private void resetProcessFigures(boolean recycled) {
        processServed = 0;
        figures = null;
        renders.newProcess(recycled);
    }

    /** The last polled figures, all zero before the first poll. */
    @GuardedBy("lock")
    private StatusResponse figures() {
        return figures == null ? StatusResponse.getDefaultInstance() : figures;
    }

    @GuardedBy("lock")
    private void require(String transition, EnumSet<RendererState> from) {
        if (!from.contains(state)) {
            throw new IllegalStateException("renderer slot " + index + " (" + rendererId + ") cannot " + transition
                    + " in state " + name(state) + "; only from " + from.stream().map(RendererSlot::name).toList());
        }
    }

    /** STARTING at {@code expectedGeneration}, with a process or without one (its fork not yet applied). */
    @GuardedBy("lock")
    private void requireStarting(String transition, int expectedGeneration, boolean withProcess) {
        require(transition, EnumSet.of(RendererState.RENDERER_STARTING));
        if (generation != expectedGeneration || (handle != null) != withProcess) {
            throw illegal(transition + " of generation " + expectedGeneration + " " + (withProcess ? "with" : "without")
                    + " a process: it is at generation " + generation + (handle == null ? " without" : " with")
                    + " one");
        }
    }

    @GuardedBy("lock")
    private void requireProcess(String transition) {
        if (handle == null) {
            throw illegal(transition + " without a process");
        }
    }

    @GuardedBy("lock")
    private IllegalStateException illegal(String what) {
        return new IllegalStateException("renderer slot " + index + " (" + rendererId + ", state " + name(state)
                + ") cannot " + what);
    }

    private static String name(RendererState s) {
        return s.name().replace("RENDERER_", "");
    }
}
