package io.memoryd.daemon.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.memoryd.proto.renderer.v1.StatusResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The supervisor's judgement of a render past its request deadline: progress is waited for, a hang is not. */
class ProgressVerdictTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private static StatusResponse indexing(long done, long total, long ageMs) {
        return StatusResponse.newBuilder().setInFlight(1).setProgressPhase("indexing").setProgressDone(done)
                .setProgressTotal(total).setProgressAgeMs(ageMs).build();
    }

    @Test
    void renderThatProgressedWithinTheDeadline_isWaitedFor_untilThatProgressWouldBeADeadlineOld() {
        ProgressVerdict v = ProgressVerdict.judge(indexing(41_000, 100_000, 1_200), null, 30_000, DEADLINE, LIMIT);

        assertTrue(v.keepWaiting());
        assertEquals(28_800, v.recheckInMillis());
        assertEquals("indexing 41,000/100,000", v.reason());
    }

    @Test
    void renderWithNoProgressForADeadline_isHung_namingHowLong() {
        ProgressVerdict v = ProgressVerdict.judge(indexing(41_000, 100_000, 30_000), null, 95_000, DEADLINE, LIMIT);

        assertFalse(v.keepWaiting());
        assertTrue(v.reason().startsWith("made no progress for 30000 ms"), v.reason());
        assertTrue(v.reason().contains("indexing 41,000/100,000"), v.reason());
    }

    @Test
    void rendererThatDoesNotAnswerTheStatusCall_isHung() {
        ProgressVerdict v = ProgressVerdict.judge(null, Status.DEADLINE_EXCEEDED.asRuntimeException(), 30_000,
                DEADLINE, LIMIT);

        assertFalse(v.keepWaiting());
        assertTrue(v.reason().endsWith("did not answer a status call (DEADLINE_EXCEEDED)"), v.reason());
    }

    @Test
    void renderThatKeepsProgressingPastTheProgressLimit_isHungAllTheSame() {
        ProgressVerdict v = ProgressVerdict.judge(indexing(99_000, 100_000, 10), null, LIMIT.toMillis(), DEADLINE,
                LIMIT);

        assertFalse(v.keepWaiting());
        assertTrue(v.reason().contains("progress limit"), v.reason());
    }

    @Test
    void recheckNeverGoesPastTheProgressLimit_norComesSoonerThanTheMinimum() {
        ProgressVerdict nearLimit = ProgressVerdict.judge(indexing(1, 2, 0), null, LIMIT.toMillis() - 500, DEADLINE,
                LIMIT);
        ProgressVerdict justUnderDeadline = ProgressVerdict.judge(indexing(1, 2, 29_990), null, 40_000, DEADLINE, LIMIT);

        assertEquals(500, nearLimit.recheckInMillis());
        assertEquals(ProgressVerdict.MIN_RECHECK_MILLIS, justUnderDeadline.recheckInMillis());
    }

    @Test
    void rendererWithNoRenderRunning_isHung() {
        StatusResponse idle = StatusResponse.newBuilder().setInFlight(0).setProgressAgeMs(-1).build();

        assertFalse(ProgressVerdict.judge(idle, null, 30_000, DEADLINE, LIMIT).keepWaiting());
    }

    @Test
    void activity_namesThePhase_withCountsOnlyWhileIndexing() {
        assertEquals("indexing 3/10", ProgressVerdict.activity(indexing(3, 10, 0)));
        assertEquals("rendering", ProgressVerdict.activity(StatusResponse.newBuilder().setProgressPhase("rendering")
                .build()));
        assertEquals("", ProgressVerdict.activity(StatusResponse.getDefaultInstance()));
    }
}
