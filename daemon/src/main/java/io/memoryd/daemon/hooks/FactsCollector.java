package io.memoryd.daemon.hooks;

import io.memoryd.memory.text.IsoTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gathers {@link SessionFacts} while a transcript is read, in bounded memory: a few dozen items per list,
 * each cut to a few hundred characters. Not thread-safe.
 */
final class FactsCollector {

    static final int ITEM_CHARS = 300;
    static final int ANSWER_CHARS = 2000;
    private static final int MAX_LATER_REQUESTS = 20;
    /** Distinct names remembered per list; past it, new names are counted but not kept. */
    private static final int MAX_ITEMS = 256;

    private String firstRequest;
    private final Deque<String> laterRequests = new ArrayDeque<>();
    private int requestCount;
    private int toolCalls;
    private final Set<String> filesChanged = new LinkedHashSet<>();
    private int filesChangedCount;
    private final Set<String> filesRead = new LinkedHashSet<>();
    private int filesReadCount;
    private final Set<String> commands = new LinkedHashSet<>();
    private int commandCount;
    private String finalAnswer;
    private String firstTime;
    /** The last time as written (checked when the facts are taken). */
    private String lastTime;

    void request(String text) {
        String t = oneLine(text, ITEM_CHARS);
        if (t.isEmpty()) {
            return;
        }
        requestCount++;
        if (firstRequest == null) {
            firstRequest = t;
            return;
        }
        laterRequests.addLast(t);
        if (laterRequests.size() > MAX_LATER_REQUESTS) {
            laterRequests.removeFirst();
        }
    }

    void answer(String text) {
        String t = text.strip();
        if (!t.isEmpty()) {
            finalAnswer = cut(t, ANSWER_CHARS);
        }
    }

    void toolCall() {
        toolCalls++;
    }

    void fileChanged(String path) {
        if (add(filesChanged, oneLine(path, ITEM_CHARS))) {
            filesChangedCount++;
        }
    }

    void fileRead(String path) {
        if (add(filesRead, oneLine(path, ITEM_CHARS))) {
            filesReadCount++;
        }
    }

    void commandRun(String command) {
        String c = oneLine(command, ITEM_CHARS);
        if (c.isEmpty()) {
            return;
        }
        // Distinct commands, the latest kept: a command run again moves to the end.
        if (!commands.remove(c)) {
            commandCount++;
        }
        commands.add(c);
        if (commands.size() > MAX_ITEMS) {
            commands.remove(commands.iterator().next());
        }
    }

    void timestamp(String time) {
        // Checked lazily: only the first valid time and the last one are ever used.
        if (firstTime == null && time != null) {
            firstTime = IsoTime.canonical(time, ZoneOffset.UTC).orElse(null);
        }
        if (time != null) {
            lastTime = time;
        }
    }

    SessionFacts facts() {
        return new SessionFacts(firstRequest, List.copyOf(laterRequests), requestCount, toolCalls,
                List.copyOf(filesChanged), filesChangedCount, List.copyOf(filesRead), filesReadCount,
                List.copyOf(commands), commandCount, finalAnswer, firstTime,
                lastTime == null ? null : IsoTime.canonical(lastTime, ZoneOffset.UTC).orElse(firstTime));
    }

    private static boolean add(Set<String> set, String item) {
        if (item.isEmpty() || set.contains(item)) {
            return false;
        }
        if (set.size() < MAX_ITEMS) {
            set.add(item);
        }
        return true; // counted even when the list is full, so the summary can say "of N"
    }

    /** The text's first non-blank line, stripped and cut to {@code max} characters. */
    static String oneLine(String text, int max) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        String first = (nl < 0 ? t : t.substring(0, nl).strip() + " …");
        return cut(first, max);
    }

    /** {@code text} cut to {@code max} characters, the cut marked with {@code …}. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end) + "…";
    }
}
