package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.proto.v1.PoolTotals;
import io.memoryd.proto.v1.RendererPoolStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pool changes that come faster than they are announced queue one announcement, which reads the latest. */
class PoolStatusListenersTest {

    @Test
    void manyChangesBeforeTheAnnouncementRuns_queueOneAnnouncement_withTheLatestStatus() {
        ArrayDeque<Runnable> callbackQueue = new ArrayDeque<>();
        AtomicLong renders = new AtomicLong();
        PoolStatusListeners listeners = new PoolStatusListeners(callbackQueue::add,
                () -> RendererPoolStatus.newBuilder().setTotals(PoolTotals.newBuilder().setRenders(renders.get()))
                        .build());
        List<Long> heard = new ArrayList<>();
        listeners.add(s -> heard.add(s.getTotals().getRenders()));

        for (int i = 0; i < 10_000; i++) {
            renders.incrementAndGet();
            listeners.changed();
        }
        assertEquals(1, callbackQueue.size());
        callbackQueue.poll().run();

        assertEquals(List.of(10_000L), heard);
        renders.incrementAndGet();
        listeners.changed();
        assertEquals(1, callbackQueue.size(), "a change after the announcement ran queues the next one");
        callbackQueue.poll().run();
        assertEquals(List.of(10_000L, 10_001L), heard);
    }
}
