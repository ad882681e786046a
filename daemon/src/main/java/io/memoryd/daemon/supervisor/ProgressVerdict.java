package io.memoryd.daemon.supervisor;

import io.grpc.Status;
import io.memoryd.proto.renderer.v1.StatusResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * What to do with a render that has passed its request deadline, judged from its renderer's answer to a
 * Status call: wait on while the renderer reports progress younger than the deadline (a long first index
 * pass stores batch after batch), up to the pool's progress limit; otherwise the renderer is hung. The
 * deadline thus applies to a render that makes no progress.
 *
 * @param keepWaiting whether the render is given more time
 * @param recheckInMillis when to ask again, if it is (the moment its latest progress would be a deadline old)
 * @param reason why it is judged hung, or what it is doing when it is not (for the log)
 */
record ProgressVerdict(boolean keepWaiting, long recheckInMillis, String reason) {

    /** The shortest wait before asking again, so a renderer is not asked in a tight loop. */
    static final long MIN_RECHECK_MILLIS = 100;

    /**
     * Judges a render {@code elapsedMillis} after it was sent.
     *
     * @param status the renderer's answer, or null when it gave none in time
     * @param statusFailure why it gave none (for the reason), when {@code status} is null
     */
    static ProgressVerdict judge(StatusResponse status, Throwable statusFailure, long elapsedMillis, Duration deadline,
            Duration limit) {
        long deadlineMillis = deadline.toMillis();
        if (status == null) {
            return hung("passed the " + deadlineMillis + " ms request deadline and did not answer a status call ("
                    + Status.fromThrowable(statusFailure).getCode() + ")");
        }
        long age = status.getProgressAgeMs();
        if (status.getInFlight() == 0 || age < 0) {
            return hung("passed the " + deadlineMillis + " ms request deadline with no render running");
        }
        if (age >= deadlineMillis) {
            return hung("made no progress for " + age + " ms (request deadline " + deadlineMillis + " ms; last "
                    + activity(status) + ")");
        }
        long left = limit.toMillis() - elapsedMillis;
        if (left <= 0) {
            return hung("still " + activity(status) + " after the " + limit.toMillis() + " ms progress limit");
        }
        long recheck = Math.min(left, Math.max(MIN_RECHECK_MILLIS, deadlineMillis - age));
        return new ProgressVerdict(true, recheck, activity(status));
    }

    /** What the status says the render in flight is doing, e.g. {@code indexing 41,000/100,000}; empty when idle. */
    static String activity(StatusResponse status) {
        if (status.getProgressPhase().isEmpty()) {
            return "";
        }
        if (status.getProgressTotal() > 0) {
            return String.format(Locale.ROOT, "%s %,d/%,d", status.getProgressPhase(), status.getProgressDone(),
                    status.getProgressTotal());
        }
        return status.getProgressPhase();
    }

    private static ProgressVerdict hung(String reason) {
        return new ProgressVerdict(false, 0, reason);
    }
}
