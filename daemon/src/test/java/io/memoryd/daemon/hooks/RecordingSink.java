package io.memoryd.daemon.hooks;

import java.util.ArrayList;
import java.util.List;

/** A {@link TranscriptSink} that keeps every call, for tests of transcript formats. */
public final class RecordingSink implements TranscriptSink {

    public final List<String> text = new ArrayList<>();
    public final List<String> requests = new ArrayList<>();
    public final List<String> answers = new ArrayList<>();
    public final List<String> filesChanged = new ArrayList<>();
    public final List<String> filesRead = new ArrayList<>();
    public final List<String> commands = new ArrayList<>();
    public final List<String> times = new ArrayList<>();
    public final List<String> compactions = new ArrayList<>();
    public int toolCalls;

    @Override
    public void text(String entry) {
        text.add(entry);
    }

    @Override
    public void request(String t) {
        requests.add(t);
    }

    @Override
    public void answer(String t) {
        answers.add(t);
    }

    @Override
    public void toolCall() {
        toolCalls++;
    }

    @Override
    public void fileChanged(String path) {
        filesChanged.add(path);
    }

    @Override
    public void fileRead(String path) {
        filesRead.add(path);
    }

    @Override
    public void commandRun(String command) {
        commands.add(command);
    }

    @Override
    public void timestamp(String time) {
        times.add(time);
    }

    @Override
    public void compaction(String summary) {
        compactions.add(summary);
    }

    /** The text entries joined as the capture joins them. */
    public String joined() {
        return String.join("\n", text);
    }
}
