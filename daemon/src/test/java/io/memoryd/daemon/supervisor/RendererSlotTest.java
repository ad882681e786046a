package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.proto.renderer.v1.StatusResponse;
import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ExitReason;
import io.memoryd.proto.v1.RendererSlotStatus;
import io.memoryd.proto.v1.RendererState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of one renderer slot: the legal transitions and what they record, and the illegal ones
 * refused with an exception naming the slot and the states.
 */
class RendererSlotTest {

    private static final RecyclePolicy RECYCLE = new RecyclePolicy(10, 0.8, Duration.ofHours(1),
            Duration.ofSeconds(5), 0);
    /** No jitter: backoff delays are exactly base × 2^(n-1) after the first restart, which waits none. */
    private static final RandomGenerator NO_JITTER = () -> 0L;

    final RendererSlot slot = new RendererSlot(0, new Object());
    final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    private ManagedChannel channel() {
        ManagedChannel c = InProcessChannelBuilder.forName("renderer-slot-test").build();
        channels.add(c);
        return c;
    }

    /** A process that never ends by itself. */
    private static RendererHandle process(long pid) {
        return new RendererHandle() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public CompletableFuture<Void> ready() {
                return new CompletableFuture<>();
            }

            @Override
            public CompletableFuture<Integer> exited() {
                return new CompletableFuture<>();
            }

            @Override
            public void threadDump() {
            }

            @Override
            public void terminate() {
            }

            @Override
            public void kill() {
            }

            @Override
            public String stderrTail() {
                return "";
            }
        };
    }

    /** Starts, launches and readies the next generation; returns it. */
    private int readyNextGeneration(long now) {
        int generation = slot.beginStart(now);
        slot.launched(generation, process(100 + generation));
        slot.ready(generation, channel(), now + 40, RECYCLE);
        return generation;
    }

    private static PendingRender render(String agent) {
        return new PendingRender(new AgentId(agent), 5000, new CompletableFuture<>());
    }

    private void assertRefused(Runnable transition, String... mentioned) {
        IllegalStateException e = assertThrows(IllegalStateException.class, transition::run);
        assertTrue(e.getMessage().startsWith("renderer slot 0 "), e.getMessage());
        for (String m : mentioned) {
            assertTrue(e.getMessage().contains(m), "'" + m + "' in: " + e.getMessage());
        }
    }

    @Test
    void startsStopped_andEachStartIsTheNextGeneration() {
        assertEquals(RendererState.RENDERER_STOPPED, slot.state());

        int generation = slot.beginStart(1000);

        assertEquals(1, generation);
        assertEquals(RendererState.RENDERER_STARTING, slot.state());
        assertEquals("r0-g1", slot.rendererId());
        assertNull(slot.handle(), "no process until its fork is applied");
    }

    @Test
    void launchedProcessThatSaysReady_isReady_withItsStartupTime() {
        int generation = slot.beginStart(1000);
        RendererHandle p = process(42);
        slot.launched(generation, p);

        slot.ready(generation, channel(), 1250, RECYCLE);

        assertTrue(slot.ready());
        assertSame(p, slot.handle());
        RendererSlotStatus s = slot.status(1300);
        assertEquals(250, s.getStartupMs());
        assertEquals(50, s.getUptimeMs());
        assertEquals(42, s.getPid());
    }

    @Test
    void refusesReadyAfterExit() {
        int generation = slot.beginStart(1000);
        slot.launched(generation, process(42));
        slot.exited(137, "");

        assertRefused(() -> slot.ready(generation, channel(), 2000, RECYCLE), "STOPPED", "STARTING");
        assertEquals(RendererState.RENDERER_STOPPED, slot.state());
    }

    @Test
    void refusesReadyAfterAFailedStart() {
        int generation = slot.beginStart(1000);
        slot.launched(generation, process(42));
        slot.failStart("it missed its 200 ms readiness deadline");

        assertRefused(() -> slot.ready(generation, channel(), 2000, RECYCLE), "STOPPING");
    }

    @Test
    void refusesReadyBeforeItsProcessWasLaunched() {
        int generation = slot.beginStart(1000);

        assertRefused(() -> slot.ready(generation, channel(), 2000, RECYCLE), "without", "process");
    }

    @Test
    void refusesReadyForAnEarlierGeneration() {
        int first = slot.beginStart(1000);
        slot.launched(first, process(1));
        slot.exited(137, "");
        slot.backOff(1000, 100, 10_000, NO_JITTER);
        int second = slot.beginStart(1100);
        slot.launched(second, process(2));

        assertRefused(() -> slot.ready(first, channel(), 2000, RECYCLE), "generation 1", "generation 2");
    }

    @Test
    void refusesASecondStart_whileStartingOrReady() {
        slot.beginStart(1000);
        assertRefused(() -> slot.beginStart(1001), "STARTING");

        RendererSlot other = new RendererSlot(0, new Object());
        int generation = other.beginStart(1000);
        other.launched(generation, process(1));
        other.ready(generation, channel(), 1001, RECYCLE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.beginStart(1002));
        assertTrue(e.getMessage().contains("READY"), e.getMessage());
    }

    @Test
    void refusesASecondLaunchOfOneStart() {
        int generation = slot.beginStart(1000);
        slot.launched(generation, process(1));

        assertRefused(() -> slot.launched(generation, process(2)), "launched", "with one");
    }

    @Test
    void refusesBackoffOrDegrade_whileItsProcessRuns() {
        readyNextGeneration(1000);

        assertRefused(() -> slot.backOff(2000, 100, 10_000, NO_JITTER), "READY", "STOPPED");
        assertRefused(slot::degrade, "READY", "STOPPED");
    }

    @Test
    void refusesToRecordAnExit_withoutAProcess() {
        assertRefused(() -> slot.exited(1, ""), "STOPPED");
        slot.beginStart(1000);
        assertRefused(() -> slot.exited(1, ""), "without a process");
    }

    @Test
    void failedFork_isStoppedWithTheFailureAsItsExit() {
        int generation = slot.beginStart(1000);

        slot.launchFailed(generation, "Cannot run program \"java\"");

        assertEquals(RendererState.RENDERER_STOPPED, slot.state());
        assertEquals(ExitKind.EXIT_FAILED_START, slot.lastExit().getKind());
        assertEquals("launch failed: Cannot run program \"java\"", slot.status(1000).getLastError());
    }

    @Test
    void exitAfterAStop_isReportedAsTheStopsReason() {
        readyNextGeneration(1000);
        slot.stop(ExitKind.EXIT_HANG_KILLED, "a render passed the 30000 ms request deadline: killed as hung");
        assertEquals(RendererState.RENDERER_STOPPING, slot.state());

        slot.exited(143, "");

        ExitReason exit = slot.lastExit();
        assertEquals(ExitKind.EXIT_HANG_KILLED, exit.getKind());
        assertTrue(exit.getDetail().startsWith("a render passed the 30000 ms request deadline"), exit.getDetail());
    }

    @Test
    void exitNobodyAskedFor_isReportedByItsSignal() {
        readyNextGeneration(1000);

        slot.exited(137, "");

        assertEquals(ExitKind.EXIT_KILLED_BY_SIGNAL, slot.lastExit().getKind());
        assertEquals(9, slot.lastExit().getCode());
    }

    @Test
    void failedStart_isStopping_andItsExitIsAFailedStart() {
        int generation = slot.beginStart(1000);
        slot.launched(generation, process(1));

        slot.failStart("its handshake failed: hello");
        slot.exited(137, "");

        assertEquals(ExitKind.EXIT_FAILED_START, slot.lastExit().getKind());
        assertEquals("failed start: its handshake failed: hello", slot.lastExit().getDetail());
    }

    @Test
    void firstRestartIsAtOnce_thenBackoffDoubles_andAServedRenderResetsIt() {
        long[] delays = new long[3];
        for (int i = 0; i < 2; i++) {
            int generation = slot.beginStart(1000);
            slot.launched(generation, process(generation));
            slot.exited(137, "");
            delays[i] = slot.backOff(1000, 100, 10_000, NO_JITTER);
        }
        readyNextGeneration(1000);
        PendingRender r = render("a");
        slot.renders().enqueue(r);
        slot.renders().served(slot.renders().takeNext(), 12.5);
        slot.exited(137, "");
        delays[2] = slot.backOff(1000, 100, 10_000, NO_JITTER);

        assertEquals(0, delays[0], "the first restart in a row is at once");
        assertEquals(100, delays[1]);
        assertEquals(0, delays[2], "a served render ends the run of restarts");
        assertEquals(RendererState.RENDERER_BACKOFF, slot.state());
        assertEquals(3, slot.restartsWithin(60_000, 1000));
    }

    @Test
    void degradedSlot_isProbedWithACleanRestartHistory() {
        for (int i = 0; i < 3; i++) {
            int generation = slot.beginStart(1000);
            slot.launched(generation, process(generation));
            slot.exited(137, "");
            if (i < 2) {
                slot.backOff(1000, 100, 10_000, NO_JITTER);
            }
        }
        slot.degrade();
        assertEquals(RendererState.RENDERER_DEGRADED, slot.state());
        assertEquals(2, slot.restartsWithin(60_000, 2000));

        slot.beginStart(2000);

        assertEquals(0, slot.restartsWithin(60_000, 2000));
    }

    @Test
    void sendsOneRenderAtATime_inQueueOrder_retriesFirst() {
        readyNextGeneration(1000);
        PendingRender a = render("a");
        PendingRender b = render("b");
        PendingRender retried = render("r");
        slot.renders().enqueue(a);
        slot.renders().enqueue(b);

        assertSame(a, slot.renders().takeNext());
        assertNull(slot.renders().takeNext(), "one in flight at a time");
        slot.renders().enqueueFirst(retried);
        slot.renders().failed(a, "INTERNAL: scripted");

        assertSame(retried, slot.renders().takeNext());
        assertEquals("INTERNAL: scripted", slot.status(1000).getLastError());
        assertEquals(2, slot.renders().load());
    }

    @Test
    void sendsNothing_untilReady() {
        slot.beginStart(1000);
        slot.renders().enqueue(render("a"));

        assertNull(slot.renders().takeNext());
    }

    @Test
    void refusesToServeARenderThatIsNotInFlight() {
        readyNextGeneration(1000);
        slot.renders().enqueue(render("a"));
        slot.renders().takeNext();

        assertRefused(() -> slot.renders().served(render("b"), 1), "not the one in flight");
    }

    @Test
    void takeOver_isTheNextGenerationReady_reportingTheRecycle_andLeavesTheOldRenderInFlightToItsCall() {
        readyNextGeneration(1000);
        PendingRender old = render("a");
        PendingRender queued = render("b");
        slot.renders().enqueue(old);
        slot.renders().enqueue(queued);
        slot.renders().takeNext();
        RendererHandle successor = process(77);

        slot.takeOver(2, successor, channel(), 1500, 1800, "10 renders served (limit 10)", RECYCLE);

        assertEquals(2, slot.generation());
        assertTrue(slot.ready());
        assertSame(successor, slot.handle());
        assertEquals(ExitKind.EXIT_RECYCLED, slot.lastExit().getKind());
        assertEquals(300, slot.startupMs());
        assertFalse(slot.renders().rendering(1, old), "the old process's render is no longer the slot's");
        assertSame(queued, slot.renders().takeNext(), "the queued render goes to the successor");
    }

    @Test
    void refusesTakeOver_unlessReady_andByTheNextGeneration() {
        slot.beginStart(1000);
        assertRefused(() -> slot.takeOver(2, process(2), channel(), 0, 0, "age", RECYCLE), "STARTING", "READY");

        RendererSlot other = new RendererSlot(0, new Object());
        int generation = other.beginStart(1000);
        other.launched(generation, process(1));
        other.ready(generation, channel(), 1001, RECYCLE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> other.takeOver(3, process(3), channel(), 0, 0, "age", RECYCLE));
        assertTrue(e.getMessage().contains("generation 3 at generation 1"), e.getMessage());
    }

    @Test
    void figuresOfAProcessThatLeft_areNotRecorded_andTheCurrentOnesDecideRecycling() {
        int generation = readyNextGeneration(1000);
        StatusResponse heavy = StatusResponse.newBuilder().setHeapAfterGcBytes(900).setHeapMaxBytes(1000)
                .setOpenFds(12).build();

        assertFalse(slot.recordFigures(generation + 1, heavy));
        assertNull(slot.recycleDue(RECYCLE, 1100));
        assertEquals(-1, slot.status(1100).getOpenFds(), "not polled yet");

        assertTrue(slot.recordFigures(generation, heavy));
        assertTrue(slot.recycleDue(RECYCLE, 1100).startsWith("live heap"), slot.recycleDue(RECYCLE, 1100));
        assertEquals(12, slot.status(1100).getOpenFds());
    }
}
