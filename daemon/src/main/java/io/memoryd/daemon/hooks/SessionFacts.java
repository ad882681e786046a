package io.memoryd.daemon.hooks;

import java.util.List;

/**
 * What the extractive summary of one segment is made of, each list bounded and each text cut when it was
 * collected.
 *
 * @param firstRequest the first user request, or null
 * @param laterRequests the latest requests after the first, oldest first
 * @param requestCount every request seen, the first included
 * @param filesChanged files written or edited, in order of first appearance
 * @param filesRead files read, in order of first appearance
 * @param commands the latest distinct shell commands, oldest first
 * @param finalAnswer the last text the assistant wrote, or null
 * @param firstTime the first valid line time, or null
 * @param lastTime the last valid line time, or null
 */
record SessionFacts(String firstRequest, List<String> laterRequests, int requestCount, int toolCalls,
        List<String> filesChanged, int filesChangedCount, List<String> filesRead, int filesReadCount,
        List<String> commands, int commandCount, String finalAnswer, String firstTime, String lastTime) {

    SessionFacts {
        laterRequests = List.copyOf(laterRequests);
        filesChanged = List.copyOf(filesChanged);
        filesRead = List.copyOf(filesRead);
        commands = List.copyOf(commands);
    }
}
