package io.memoryd.daemon.hooks;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures sessions from their harness's transcript when a hook reports a session end or a compaction
 * (docs/format.md §5.7): reads what is new since the last capture of the session, bounded in memory and
 * time ({@link CaptureLimits}), normalises it, and writes it as numbered segments — transcript, compaction
 * and summary artifacts — through the workspace's writers. A capture state file per session records where
 * the next capture starts. Whatever the transcript's state, a session that ended has a summary.
 *
 * <p>Captures of one session run one at a time (a bounded set of striped locks); those of different sessions
 * run in parallel. Blocking: callers run it on the daemon's write queue. Owns the summarizer queue it is
 * given and closes it. Thread-safe.
 */
public final class SessionCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionCapture.class);
    private static final int LOCK_STRIPES = 64;

    private final MemoryWorkspace workspace;
    private final SummarizerQueue summarizer;
    private final Clock clock;
    private final CaptureLimits limits;
    private final TranscriptFormats formats;
    private final CaptureStateStore states;
    private final PendingSummaries pending;
    private final SegmentProbe probe;
    private final SegmentWriter segments;
    private final SessionLocks locks = new SessionLocks(LOCK_STRIPES);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Default limits and the built-in transcript formats. */
    public SessionCapture(MemoryWorkspace workspace, SummarizerQueue summarizer, Clock clock) {
        this(workspace, summarizer, clock, CaptureLimits.DEFAULTS, TranscriptFormats.builtIn());
    }

    /**
     * @param summarizer the user's summarizer command, or null to write the extractive summary at once
     * @param clock the capture time of the artifacts
     */
    public SessionCapture(MemoryWorkspace workspace, SummarizerQueue summarizer, Clock clock, CaptureLimits limits,
            TranscriptFormats formats) {
        this.workspace = Objects.requireNonNull(workspace, "workspace");
        this.summarizer = summarizer;
        this.clock = clock;
        this.limits = limits;
        this.formats = formats;
        Path hooks = workspace.layout().privateDir().resolve("hooks");
        AtomicFileWriter files = new AtomicFileWriter(true);
        this.states = new CaptureStateStore(hooks.resolve("sessions"), files);
        this.pending = new PendingSummaries(hooks.resolve("pending"), files);
        this.probe = new SegmentProbe(workspace.database());
        this.segments = new SegmentWriter(workspace.writer(), summarizer, pending, limits);
    }

    /**
     * Captures what the session's transcript holds beyond the last capture, as one or more new segments
     * (more when compaction summaries cut it); writes nothing when nothing is new. The first end of a session
     * always writes a summary, one saying why when the transcript cannot be read.
     */
    public CaptureOutcome captureEnd(CaptureRequest request) {
        return capture(request, false);
    }

    /**
     * After a compaction (Claude Code's SessionStart with {@code source: "compact"}): captures the transcript
     * up to and including the newest compaction summary not captured yet — the segment it ends gets the
     * summary as its compaction artifact. Nothing is written when there is none.
     */
    public CaptureOutcome captureCompaction(CaptureRequest request) {
        return capture(request, true);
    }

    /**
     * Writes the extractive summaries that a previous daemon handed to the summarizer command and did not
     * write before it stopped. Call once at start, before captures; returns how many there were.
     */
    public int recoverPendingSummaries() {
        List<SessionInput> left = pending.list();
        for (SessionInput summary : left) {
            log.info("Writing the extractive summary of session {} left pending by a previous run",
                    summary.sessionId());
            segments.writePending(summary);
        }
        return left.size();
    }

    private CaptureOutcome capture(CaptureRequest request, boolean compactionOnly) {
        if (closed.get()) {
            throw new IllegalStateException("session capture is closed");
        }
        ReentrantLock lock = locks.lockFor(request.agent(), request.sessionId());
        lock.lock();
        try {
            return captureLocked(request, compactionOnly);
        } finally {
            lock.unlock();
        }
    }

    private CaptureOutcome captureLocked(CaptureRequest request, boolean compactionOnly) {
        AgentId agent = request.agent();
        String sessionId = request.sessionId();
        String now = IsoTime.format(clock.instant());
        CaptureState state = knownState(agent, sessionId);
        List<String> skipped = new ArrayList<>();
        TranscriptSource source;
        String firstLine;
        try {
            source = open(request);
            firstLine = firstLine(source);
        } catch (TranscriptSource.Unavailable e) {
            log.warn("{} (session {}); nothing captured from it", e.getMessage(), sessionId);
            skipped.add(e.getMessage());
            return nothingToRead(request, compactionOnly, state, skipped, now);
        }
        try {
            long start = state.offset();
            if (!state.equals(CaptureState.NONE)
                    && (source.size() < state.offset() || !firstLine.equals(state.firstLineSha256()))) {
                if (state.firstLineSha256() != null) {
                    log.info("{} of session {} shrank or was replaced since its last capture; capturing it from the"
                            + " start as a new segment", source.description(), sessionId);
                }
                start = 0;
            }
            if (start >= source.size()) {
                if (source.size() == 0) {
                    skipped.add(source.description() + " is empty");
                }
                return nothingToRead(request, compactionOnly, state, skipped, now);
            }
            TranscriptFormat format = request.transcriptPath() != null ? formats.forFile(request.harness())
                    : PlainTextFormat.INSTANCE;
            TranscriptScan.Result scan = TranscriptScan.scan(source, start, source.size(), format, limits);
            if (!scan.skipped().isEmpty()) {
                log.warn("{} of session {}: left out {}", source.description(), sessionId,
                        String.join(", ", scan.skipped().describe()));
                skipped.addAll(scan.skipped().describe());
            }
            return writeSegments(request, compactionOnly, state, scan, firstLine, skipped, now);
        } finally {
            try {
                source.close();
            } catch (IOException e) {
                log.warn("Closing the transcript of session {} failed: {}", sessionId, e.toString());
            }
        }
    }

    private CaptureOutcome writeSegments(CaptureRequest request, boolean compactionOnly, CaptureState state,
            TranscriptScan.Result scan, String firstLine, List<String> skipped, String now) {
        List<TranscriptPiece> pieces = scan.pieces();
        long consumed = scan.consumedEnd();
        if (compactionOnly) {
            int last = lastWithCompaction(pieces);
            if (last < 0) {
                return new CaptureOutcome(state.segments(), List.of(), true, skipped, false);
            }
            pieces = pieces.subList(0, last + 1);
            consumed = pieces.get(last).end();
        }
        AgentId agent = request.agent();
        String sessionId = request.sessionId();
        int segment = state.segments();
        List<String> written = new ArrayList<>();
        boolean queued = false;
        for (int i = 0; i < pieces.size(); i++) {
            TranscriptPiece piece = pieces.get(i);
            boolean lastPiece = i == pieces.size() - 1;
            if (!piece.hasContent()) {
                continue;
            }
            segment++;
            // The end of a session is now; a piece cut by a compaction ended at its last line.
            String endedAt = !compactionOnly && lastPiece || piece.facts().lastTime() == null ? now
                    : piece.facts().lastTime();
            SegmentWriter.Written w = segments.write(request, segment, piece, now, endedAt);
            written.addAll(w.paths());
            queued |= w.summaryQueued();
            // Saved after each segment: a failure later re-captures only what follows.
            states.save(agent, sessionId, new CaptureState(segment, lastPiece ? consumed : piece.end(), firstLine));
        }
        if (segment > state.segments()) {
            states.save(agent, sessionId, new CaptureState(segment, consumed, firstLine));
            return new CaptureOutcome(segment, written, false, skipped, queued);
        }
        if (!compactionOnly && state.segments() == 0) {
            List<String> reasons = new ArrayList<>(skipped);
            reasons.add("the transcript holds no conversation");
            SegmentWriter.Written w = segments.writeNothingReadable(request, 1, reasons, now);
            states.save(agent, sessionId, new CaptureState(1, consumed, firstLine));
            return new CaptureOutcome(1, w.paths(), false, skipped, false);
        }
        if (consumed != state.offset() || !firstLine.equals(state.firstLineSha256())) {
            // New lines without conversation (metadata): not read again next time.
            states.save(agent, sessionId, new CaptureState(state.segments(), consumed, firstLine));
        }
        return new CaptureOutcome(state.segments(), List.of(), true, skipped, false);
    }

    /**
     * No new bytes, or no transcript at all: the session's first end still gets a summary (segment 1, saying
     * why); any other capture writes nothing.
     */
    private CaptureOutcome nothingToRead(CaptureRequest request, boolean compactionOnly, CaptureState state,
            List<String> skipped, String now) {
        if (compactionOnly || state.segments() > 0) {
            return new CaptureOutcome(state.segments(), List.of(), true, skipped, false);
        }
        SegmentWriter.Written w = segments.writeNothingReadable(request, 1, skipped, now);
        states.save(request.agent(), request.sessionId(), new CaptureState(1, 0, null));
        return new CaptureOutcome(1, w.paths(), false, skipped, false);
    }

    /**
     * The session's capture state; without a usable state file, the segments the index already holds count as
     * captured (with no offset, so the transcript is read again from its start into a new segment).
     */
    private CaptureState knownState(AgentId agent, String sessionId) {
        CaptureState state = states.load(agent, sessionId);
        if (!state.equals(CaptureState.NONE)) {
            return state;
        }
        int indexed = probe.capturedSegments(agent, sessionId);
        if (indexed > 0) {
            log.warn("Session {} has {} captured segment(s) but no capture state; capturing its transcript again from"
                    + " the start as segment {}", sessionId, indexed, indexed + 1);
            return new CaptureState(indexed, 0, null);
        }
        return state;
    }

    private static TranscriptSource open(CaptureRequest request) throws TranscriptSource.Unavailable {
        if (request.transcriptPath() != null) {
            return TranscriptSource.open(request.transcriptPath());
        }
        if (request.transcriptText() != null) {
            return TranscriptSource.ofText(request.transcriptText());
        }
        throw new TranscriptSource.Unavailable("no transcript was given");
    }

    private static String firstLine(TranscriptSource source) throws TranscriptSource.Unavailable {
        try {
            return source.firstLineSha256();
        } catch (IOException e) {
            try {
                source.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new TranscriptSource.Unavailable(source.description() + " cannot be read: " + e);
        }
    }

    private static int lastWithCompaction(List<TranscriptPiece> pieces) {
        for (int i = pieces.size() - 1; i >= 0; i--) {
            if (pieces.get(i).compaction() != null) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Stops taking captures and closes the summarizer queue: summaries still waiting for the command get their
     * extractive fallback written now. Close it before the workspace.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && summarizer != null) {
            summarizer.close();
        }
    }
}
