package io.memoryd.daemon.hooks;

import java.util.ArrayList;
import java.util.List;

/**
 * The sink of one scan: caps text entries, gathers facts, and cuts the transcript into pieces at each
 * compaction summary (docs/format.md §5.7). Not thread-safe.
 */
final class PieceCollector implements TranscriptSink {

    private final CaptureLimits limits;
    private final List<TranscriptPiece> finished = new ArrayList<>();
    private CappedText text;
    private FactsCollector facts;
    private long lineEnd;

    PieceCollector(CaptureLimits limits) {
        this.limits = limits;
        startPiece();
    }

    /** Where the line being parsed ends: a compaction it reports ends its piece there. */
    void lineEnd(long end) {
        this.lineEnd = end;
    }

    @Override
    public void text(String entry) {
        text.add(entry.length() <= limits.maxEntryChars() ? entry
                : FactsCollector.cut(entry, limits.maxEntryChars()) + " [truncated]");
    }

    @Override
    public void request(String t) {
        facts.request(t);
    }

    @Override
    public void answer(String t) {
        facts.answer(t);
    }

    @Override
    public void toolCall() {
        facts.toolCall();
    }

    @Override
    public void fileChanged(String path) {
        facts.fileChanged(path);
    }

    @Override
    public void fileRead(String path) {
        facts.fileRead(path);
    }

    @Override
    public void commandRun(String command) {
        facts.commandRun(command);
    }

    @Override
    public void timestamp(String time) {
        facts.timestamp(time);
    }

    @Override
    public void compaction(String summary) {
        String cut = summary.length() <= limits.compactionChars() ? summary
                : FactsCollector.cut(summary, limits.compactionChars()) + "\n[truncated]";
        finished.add(new TranscriptPiece(text.text(), facts.facts(), cut, lineEnd));
        startPiece();
    }

    /** The pieces, the last one (ending at {@code end}, maybe empty) included. */
    List<TranscriptPiece> finish(long end) {
        List<TranscriptPiece> all = new ArrayList<>(finished);
        all.add(new TranscriptPiece(text.text(), facts.facts(), null, end));
        return all;
    }

    private void startPiece() {
        text = new CappedText(limits.headChars(), limits.tailChars());
        facts = new FactsCollector();
    }
}
