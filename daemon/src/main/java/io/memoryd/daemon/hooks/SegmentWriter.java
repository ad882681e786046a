package io.memoryd.daemon.hooks;

import io.memoryd.memory.artifact.ImmutableArtifactException;
import io.memoryd.memory.write.ArtifactWriter;
import io.memoryd.memory.write.SessionInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one segment of a captured session through the workspace's writers (docs/format.md §5.7): its
 * transcript (when it has text), its compaction (when a compaction summary ended it) and its summary —
 * the extractive one at once, or the summarizer command's later, with the extractive one as the fallback.
 * Storage failures and {@link ImmutableArtifactException} of the synchronous writes propagate. Thread-safe.
 */
final class SegmentWriter {

    private static final Logger log = LoggerFactory.getLogger(SegmentWriter.class);

    /** What a segment write left: the stored paths written now, and whether the summary comes later. */
    record Written(List<String> paths, boolean summaryQueued) {
    }

    private final ArtifactWriter writer;
    private final SummarizerQueue summarizer;
    private final PendingSummaries pending;
    private final CaptureLimits limits;

    /** @param summarizer the user's summarizer command, or null for the extractive summary only */
    SegmentWriter(ArtifactWriter writer, SummarizerQueue summarizer, PendingSummaries pending, CaptureLimits limits) {
        this.writer = writer;
        this.summarizer = summarizer;
        this.pending = pending;
        this.limits = limits;
    }

    /**
     * Writes segment {@code segment} of the request's session from {@code piece}.
     *
     * @param capturedAt the capture time (canonical)
     * @param endedAt the segment's end time (canonical)
     */
    Written write(CaptureRequest request, int segment, TranscriptPiece piece, String capturedAt, String endedAt) {
        SessionInput base = input(request, segment, capturedAt, piece.facts().firstTime(), endedAt);
        List<String> paths = new ArrayList<>();
        if (!piece.text().isBlank()) {
            paths.add(writer.writeTranscript(base.withText(piece.text())).artifactPath());
        }
        if (piece.compaction() != null) {
            paths.add(writer.writeCompaction(base.withText(piece.compaction())).artifactPath());
        }
        String extractive = ExtractiveSummary.render(context(request, segment), piece.facts(), piece.compaction(),
                limits.summaryChars());
        SessionInput summary = base.withText(extractive);
        if (summarizer != null && !piece.text().isBlank()) {
            // Recorded first: a daemon that dies before the command answers leaves the fallback to write.
            pending.save(summary);
            String label = "session " + request.sessionId() + " segment " + segment;
            if (summarizer.submit(new SummarizerQueue.Job(label, piece.text(), extractive,
                    environment(request, summary, segment), result -> deliver(summary, result)))) {
                return new Written(paths, true);
            }
            log.warn("The summarizer queue is full or closed; writing the extractive summary of {}", label);
            paths.add(writer.writeSummary(summary).artifactPath());
            pending.delete(summary);
            return new Written(paths, false);
        }
        paths.add(writer.writeSummary(summary).artifactPath());
        return new Written(paths, false);
    }

    /** Writes segment {@code segment} as a summary alone, saying why no transcript could be read. */
    Written writeNothingReadable(CaptureRequest request, int segment, List<String> reasons, String now) {
        String text = ExtractiveSummary.nothingReadable(context(request, segment), reasons, limits.summaryChars());
        return new Written(List.of(writer.writeSummary(input(request, segment, now, null, now).withText(text))
                .artifactPath()), false);
    }

    /** Writes a summary left pending by a daemon that stopped before its command answered. */
    void writePending(SessionInput summary) {
        writeSummaryOnce(summary);
    }

    /** Where the summarizer queue hands a job's summary (on its thread, or the closing one). */
    private void deliver(SessionInput summary, SummarizerQueue.Result result) {
        writeSummaryOnce(summary.withText(result.text()));
    }

    private void writeSummaryOnce(SessionInput summary) {
        try {
            writer.writeSummary(summary);
        } catch (ImmutableArtifactException e) {
            // A summary of this segment exists already (a retried capture wrote one): it stays.
            log.warn("Keeping the existing summary of session {}: {}", summary.sessionId(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Writing the summary of session {} failed; it stays pending until the next start: {}",
                    summary.sessionId(), e.toString(), e);
            return;
        }
        pending.delete(summary);
    }

    private static SessionInput input(CaptureRequest r, int segment, String capturedAt, String startedAt,
            String endedAt) {
        return new SessionInput(r.agent(), Segments.sessionId(r.sessionId(), segment), r.sessionId(), r.project(),
                r.harness(), capturedAt, startedAt, endedAt, "");
    }

    private static ExtractiveSummary.Context context(CaptureRequest r, int segment) {
        return new ExtractiveSummary.Context(r.harness(), r.project(), segment);
    }

    private static Map<String, String> environment(CaptureRequest r, SessionInput summary, int segment) {
        return Map.of("MEMORYD_AGENT_ID", r.agent().value(), "MEMORYD_SESSION_ID", summary.sessionId(),
                "MEMORYD_SESSION_KEY", r.sessionId(), "MEMORYD_SEGMENT", Integer.toString(segment),
                "MEMORYD_PROJECT", r.project() == null ? "" : r.project(), "MEMORYD_HARNESS", r.harness());
    }
}
