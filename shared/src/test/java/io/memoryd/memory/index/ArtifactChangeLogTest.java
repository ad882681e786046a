package io.memoryd.memory.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-scope dirty sets: what a pass may trust and when it must look at every file. */
class ArtifactChangeLogTest {

    private final AtomicBoolean caughtUp = new AtomicBoolean(true);
    private final AtomicInteger barriers = new AtomicInteger();
    private final ArtifactChangeLog log = new ArtifactChangeLog(timeout -> {
        barriers.incrementAndGet();
        return caughtUp.get();
    }, Duration.ofMillis(10));
    private final Path a = Path.of("/ws/memory/a--summary.md");
    private final Path b = Path.of("/ws/memory/b--summary.md");

    @Test
    void firstPassOfAScopeIsAFullPass() {
        assertFalse(log.take("default").complete());
    }

    @Test
    void laterPassGetsExactlyTheFilesChangedSinceTheLastOne() {
        log.take("default");
        log.changed(a);
        log.changed(b);
        log.changed(a);

        ArtifactChanges.ChangeSet set = log.take("default");

        assertTrue(set.complete());
        assertEquals(Set.of(a, b), set.files());
        assertEquals(Set.of(), log.take("default").files());
    }

    @Test
    void eachScopeConsumesChangesAtItsOwnPace() {
        log.take("default");
        log.take("*");
        log.changed(a);

        assertEquals(Set.of(a), log.take("default").files());
        assertEquals(Set.of(a), log.take("*").files());
    }

    @Test
    void lostEventsMakeTheNextPassOfEveryScopeFull() {
        log.take("default");
        log.take("*");
        log.changed(a);

        log.unknownChanges();

        assertFalse(log.take("default").complete());
        assertFalse(log.take("*").complete());
        assertTrue(log.take("default").complete());
    }

    @Test
    void aWatcherThatCannotShowItCaughtUpMeansAFullPass() {
        log.take("default");
        log.changed(a);
        caughtUp.set(false);

        assertFalse(log.take("default").complete());
    }

    @Test
    void aFailedPassMakesTheNextOneFull() {
        log.take("default");
        log.changed(a);
        log.take("default");

        log.lost("default");

        assertFalse(log.take("default").complete());
    }

    @Test
    void passesThatWillBeFullDoNotWaitForTheWatcher() {
        log.take("default");
        log.unknownChanges();
        log.take("default");

        assertEquals(0, barriers.get());
        log.take("default");
        assertEquals(1, barriers.get());
    }

    @Test
    void tooManyChangesFallBackToAFullPass() {
        log.take("default");
        for (int i = 0; i <= ArtifactChangeLog.MAX_TRACKED; i++) {
            log.changed(Path.of("/ws/memory/" + i + "--summary.md"));
        }

        assertFalse(log.take("default").complete());
    }
}
