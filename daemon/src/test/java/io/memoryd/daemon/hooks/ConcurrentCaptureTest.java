package io.memoryd.daemon.hooks;

import static io.memoryd.daemon.hooks.CaptureFixtures.SESSION;
import static io.memoryd.daemon.hooks.CaptureFixtures.artifacts;
import static io.memoryd.daemon.hooks.CaptureFixtures.claude;
import static io.memoryd.daemon.hooks.CaptureFixtures.typicalSession;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two ends of one session at once give one set of artifacts; the later one finds nothing new. */
@Timeout(120)
class ConcurrentCaptureTest {

    private static final int ROUNDS = 10;

    @TempDir
    Path dir;

    @Test
    void twoSimultaneousEndsOfOneSessionWriteOneSetOfArtifacts() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TestWorkspace tw = TestWorkspace.open(dir.resolve("home"));
                SessionCapture capture = new SessionCapture(tw.ws, null, tw.clock)) {
            for (int round = 0; round < ROUNDS; round++) {
                Path transcript = dir.resolve("t" + round + ".jsonl");
                typicalSession().user("round " + round).writeTo(transcript);
                CaptureRequest request = new CaptureRequest(claude(transcript).agent(), "claude-code",
                        SESSION + "-" + round, "/home/u/proj", transcript, null);
                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<CaptureOutcome>> ends = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    ends.add(threads.submit(() -> {
                        ready.countDown();
                        go.await();
                        return capture.captureEnd(request);
                    }));
                }
                ready.await();
                go.countDown();
                List<CaptureOutcome> outcomes = List.of(ends.get(0).get(), ends.get(1).get());

                assertEquals(1, outcomes.stream().filter(o -> !o.nothingNew()).count(),
                        "round " + round + ": " + outcomes);
                assertEquals(1, outcomes.stream().filter(CaptureOutcome::nothingNew).count(), outcomes.toString());
                assertEquals(outcomes.stream().mapToInt(CaptureOutcome::segment).boxed().toList(), List.of(1, 1));
            }
            assertEquals(ROUNDS, artifacts(tw, "transcript").size());
            assertEquals(ROUNDS, artifacts(tw, "summary").size());
            assertEquals(ROUNDS, artifacts(tw, "manifest").size());
        } finally {
            threads.shutdownNow();
        }
    }
}
