package io.memoryd.daemon.supervisor;

import com.google.errorprone.annotations.ThreadSafe;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces healthy renderers past a recycle limit (renders served, age, live heap; see
 * {@link RecyclePolicy}) without a capacity dip: the replacement is started first, renders the agents its
 * predecessor served ({@link SuccessorWarmUp}), and only then takes the slot; the predecessor finishes its
 * render in flight and stops. One slot at a time, so at most one extra process runs. A replacement that
 * exits before it is READY, or whose predecessor ends first, is abandoned.
 *
 * <p>Thread-safety: its state is guarded by the pool's lock. The lock decides that a slot is recycled
 * and applies the takeover; the fork of the replacement runs on the launch thread
 * ({@link RendererLaunches}), the warm-up renders on the callback executor, and the old process is
 * signalled after the lock is let go.
 */
@ThreadSafe
final class RendererRecycler {

    private static final Logger log = LoggerFactory.getLogger(RendererRecycler.class);
    /** Agents a recycled renderer's successor renders before it takes over (the rest start cold). */
    private static final int WARM_UP_AGENTS = 16;

    /** What the recycler needs of the pool. */
    interface Pool {
        /** Whether the pool is shutting down; asked under the lock. */
        boolean closing();

        /** The slot's process is now {@code process}, of {@code generation}: its exit is handled like any. */
        void adopted(RendererSlot slot, int generation, RendererHandle process);

        /** Something operators see changed. */
        void changed();
    }

    /** A replacement decided for a slot: its generation, renderer id and socket, and why. */
    private record Successor(RendererSlot slot, int generation, String rendererId, Path socket, long launchedAt,
            String reason, List<String> warmUpAgents) {
    }

    private final Object lock;
    private final PoolConfig config;
    private final Path runDir;
    private final RendererLaunches launches;
    private final RendererChannels channels;
    private final RenderDispatcher dispatcher;
    private final StartGuard startGuard;
    private final ProcessStopper stopper;
    private final Executor callbacks;
    private final Pool pool;
    private final SuccessorWarmUp warmUp;
    /** The replacement under way, or null; its process once forked. */
    @GuardedBy("lock") private Successor successor;
    @GuardedBy("lock") private RendererHandle successorProcess;
    /** Processes replaced by recycling that are still finishing their last render. */
    @GuardedBy("lock") private final Set<RendererHandle> retiring = new HashSet<>();

    /** @param lock the pool's lock */
    RendererRecycler(Object lock, PoolConfig config, Path runDir, RendererLaunches launches, RendererChannels channels,
            RenderDispatcher dispatcher, StartGuard startGuard, ProcessStopper stopper, Executor callbacks, Pool pool) {
        this.lock = lock;
        this.config = config;
        this.runDir = runDir;
        this.launches = launches;
        this.channels = channels;
        this.dispatcher = dispatcher;
        this.startGuard = startGuard;
        this.stopper = stopper;
        this.callbacks = callbacks;
        this.pool = pool;
        this.warmUp = new SuccessorWarmUp(channels, config.requestDeadline());
    }

    /**
     * Starts the slot's replacement when its process is past a recycle limit (after a render, after a
     * status poll). Cheap: decides under the lock and hands the fork to the launch thread.
     */
    void maybeRecycle(RendererSlot slot) {
        synchronized (lock) {
            if (pool.closing() || successor != null || !slot.ready()) {
                return;
            }
            long now = System.currentTimeMillis();
            String reason = slot.recycleDue(config.recycle(), now);
            if (reason == null) {
                return;
            }
            int generation = slot.generation() + 1;
            Successor next = new Successor(slot, generation, RendererSlot.rendererId(slot.index(), generation),
                    RendererSlot.socket(runDir, slot.index(), generation), now, reason,
                    dispatcher.agentsWithAffinityFor(slot.index(), WARM_UP_AGENTS));
            successor = next;
            launches.runLater(launches.decide(next.rendererId(), next.socket(),
                    (process, failure) -> launched(next, process, failure)));
        }
    }

    /** The replacement was forked (or not), on the launch thread: it warms up, then takes over. */
    private void launched(Successor next, RendererHandle process, Throwable failure) {
        boolean abandoned;
        synchronized (lock) {
            if (failure != null) {
                if (successor == next) {
                    successor = null;
                    next.slot().noteError("recycle: launching the replacement failed: " + failure.getMessage());
                }
                return;
            }
            abandoned = successor != next;
            if (!abandoned) {
                successorProcess = process;
            }
        }
        if (abandoned) {
            process.kill(); // its predecessor ended, or the pool closed, while it was being forked
            return;
        }
        log.info("recycling renderer {} ({}): replacement {} starting (pid {})", next.slot().rendererId(),
                next.reason(), next.rendererId(), process.pid());
        startGuard.watch(process);
        process.ready().thenComposeAsync(ignored -> warmUp.warm(next.rendererId(), next.socket(), next.warmUpAgents()),
                callbacks).thenRunAsync(() -> promote(next, process), callbacks);
        process.exited().whenCompleteAsync((code, t) -> {
            synchronized (lock) {
                if (successor == next) {
                    abandon("the replacement exited with " + code + " before READY");
                }
            }
        }, callbacks);
    }

    /** The slot's process ended: a replacement under way for it will not take over. */
    void abandonFor(RendererSlot slot, String why) {
        synchronized (lock) {
            if (successor != null && successor.slot() == slot) {
                abandon(why);
            }
        }
    }

    /** Drops the replacement under way; one still being forked is killed once it is. */
    @GuardedBy("lock")
    private void abandon(String why) {
        log.warn("recycling renderer slot {} abandoned: {}", successor.slot().index(), why);
        successor.slot().noteError("recycle abandoned: " + why);
        if (successorProcess != null) {
            successorProcess.kill();
        }
        successor = null;
        successorProcess = null;
    }

    /** The replacement is READY and warmed up: it takes the slot; the old process finishes its render and stops. */
    private void promote(Successor next, RendererHandle process) {
        ManagedChannel channel = channels.open(next.socket());
        RendererSlot slot = next.slot();
        RendererHandle old = null;
        ManagedChannel oldChannel = null;
        synchronized (lock) {
            if (successor != next || pool.closing() || !slot.ready()) {
                if (successor == next) {
                    abandon(pool.closing() ? "shutting down" : "the slot is no longer serving");
                }
            } else {
                old = slot.handle();
                // The old process's calls keep their own callbacks (older generation): a render in flight is
                // answered by it before it exits on SIGTERM, or retried elsewhere if it fails.
                oldChannel = slot.takeOver(next.generation(), process, channel, next.launchedAt(),
                        System.currentTimeMillis(), next.reason(), config.recycle());
                successor = null;
                successorProcess = null;
                retiring.add(old);
                pool.adopted(slot, next.generation(), process);
                dispatcher.pump(slot);
                log.info("renderer {} took over slot {} in {} ms; stopping pid {}", next.rendererId(), slot.index(),
                        slot.startupMs(), old.pid());
            }
        }
        if (old == null) {
            channel.shutdownNow();
            return;
        }
        RendererHandle retired = old;
        ManagedChannel retiredChannel = oldChannel;
        retired.exited().whenCompleteAsync((code, t) -> {
            retiredChannel.shutdownNow();
            synchronized (lock) {
                retiring.remove(retired);
            }
        }, callbacks);
        stopper.terminateThenKill(retired);
        dispatcher.sendDecided();
        pool.changed();
    }

    /**
     * The pool closes: kills the replacement under way (one still being forked is killed once it is) and
     * returns the processes recycling still has, for the pool to wait for.
     */
    List<RendererHandle> close() {
        synchronized (lock) {
            List<RendererHandle> processes = new ArrayList<>(retiring);
            if (successorProcess != null) {
                processes.add(successorProcess);
                successorProcess.kill();
            }
            successor = null;
            successorProcess = null;
            return processes;
        }
    }
}
