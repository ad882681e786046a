package io.memoryd.daemon.hooks;

import java.util.List;

/**
 * What a capture did.
 *
 * @param segment the number of the last segment this call wrote (docs/format.md §5.7), or the number of the
 *     last segment already captured when it wrote nothing (0 when none)
 * @param writtenPaths stored paths of the artifacts written before the call returned (a summary left to the
 *     summarizer command is not among them)
 * @param nothingNew true when the call wrote nothing: the transcript had no new conversation, or (for a
 *     compaction capture) no compaction summary not yet captured
 * @param skipped what was left out and why, one description each ({@code 2 lines not valid UTF-8},
 *     {@code transcript /x is a symbolic link})
 * @param summaryQueued true when a summary was handed to the summarizer command, to be written later
 */
public record CaptureOutcome(int segment, List<String> writtenPaths, boolean nothingNew, List<String> skipped,
        boolean summaryQueued) {

    public CaptureOutcome {
        writtenPaths = List.copyOf(writtenPaths);
        skipped = List.copyOf(skipped);
    }
}
