package io.memoryd.daemon.hooks;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads the new part {@code [start, end)} of a transcript within {@link CaptureLimits}: all of it when it is
 * at most two windows, else the lines starting in the first window and those in the last, with a
 * {@code [… N bytes of the transcript skipped …]} entry between (a line starting in the first window is
 * followed at most {@code maxLineBytes} past it). Each line goes to the format's parser;
 * overlong, non-UTF-8 and malformed lines are counted and left out. An unterminated last line that does not
 * decode or parse is left for a later capture (the harness may still be writing it).
 */
final class TranscriptScan {

    /**
     * @param pieces the transcript cut at compaction summaries; the last piece ends at {@code consumedEnd}
     * @param consumedEnd where the next capture starts: the end of the last line taken
     */
    record Result(List<TranscriptPiece> pieces, long consumedEnd, SkipCounts skipped) {
    }

    private final TranscriptSource source;
    private final CaptureLimits limits;
    private final TranscriptFormat.LineParser parser;
    private final String malformed;
    private final PieceCollector collector;
    private final SkipCounts skipped = new SkipCounts();
    private long consumed;

    private TranscriptScan(TranscriptSource source, TranscriptFormat format, CaptureLimits limits, long start) {
        this.source = source;
        this.limits = limits;
        this.parser = format.newParser();
        this.malformed = "line that is not " + format.name();
        this.collector = new PieceCollector(limits);
        this.consumed = start;
    }

    static Result scan(TranscriptSource source, long start, long end, TranscriptFormat format, CaptureLimits limits) {
        TranscriptScan scan = new TranscriptScan(source, format, limits, start);
        scan.run(start, end);
        return new Result(scan.collector.finish(scan.consumed), scan.consumed, scan.skipped);
    }

    private void run(long start, long end) {
        long window = limits.windowBytes();
        try {
            if (end - start <= 2 * window) {
                readLines(new LineReader(source.reader(), start, end, limits.maxLineBytes()), end);
                return;
            }
            // A line starting in the head window is read at most maxLineBytes past it: an overlong line there is
            // not followed to its end, so at most 2 windows + 1 line are examined.
            long headLimit = Math.min(end, start + window + limits.maxLineBytes() + 1);
            LineReader head = new LineReader(source.reader(), start, headLimit, limits.maxLineBytes());
            readLines(head, start + window);
            long pos = head.position();
            // Starting one byte early and dropping the first line lands on a line start: the dropped line is
            // empty when the tail already starts one, else it is the rest of a line cut by a window.
            long tailStart = Math.max(end - window, pos);
            LineReader tail = new LineReader(source.reader(), tailStart - 1, end, limits.maxLineBytes());
            LineReader.Line partial = tail.next();
            long resume = partial == null ? end : partial.end();
            if (resume > pos) {
                String bytes = String.format(Locale.ROOT, "%,d", resume - pos);
                collector.lineEnd(resume);
                collector.text("[… " + bytes + " bytes of the transcript skipped …]");
                skipped.note(bytes + " bytes between the first and the last " + mib(window) + " not read");
                consumed = resume;
            }
            readLines(tail, end);
        } catch (IOException e) {
            skipped.note("reading stopped at byte " + consumed + ": " + e);
        }
    }

    /** Takes lines while they start before {@code stop}. */
    private void readLines(LineReader reader, long stop) throws IOException {
        LineReader.Line line;
        while (reader.position() < stop && (line = reader.next()) != null) {
            collector.lineEnd(line.end());
            if (line.problem() == LineReader.Problem.OVERLONG) {
                skipped.count("line over " + mib(limits.maxLineBytes()));
            } else if (line.problem() == LineReader.Problem.NOT_UTF8) {
                if (!line.terminated()) {
                    return; // maybe a character cut by a write in progress: left for a later capture
                }
                skipped.count("line not valid UTF-8");
            } else if (parser.accept(line.text(), collector) == TranscriptFormat.Verdict.MALFORMED) {
                if (!line.terminated()) {
                    return;
                }
                skipped.count(malformed);
            }
            consumed = line.end();
        }
    }

    private static String mib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
