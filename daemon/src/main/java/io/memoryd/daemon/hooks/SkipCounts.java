package io.memoryd.daemon.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a scan left out, counted per reason, in the order reasons first occurred. Not thread-safe. */
final class SkipCounts {

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** Counts one item of a reason, e.g. {@code line not valid UTF-8}. */
    void count(String reason) {
        counts.merge(reason, 1L, Long::sum);
    }

    /** Records a one-off description, e.g. {@code 12,345 bytes between the first and last 4 MiB}. */
    void note(String description) {
        notes.add(description);
    }

    boolean isEmpty() {
        return counts.isEmpty() && notes.isEmpty();
    }

    /** One description per reason: {@code 2 × line not valid UTF-8}. */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        counts.forEach((reason, n) -> out.add(String.format(Locale.ROOT, "%,d × %s", n, reason)));
        out.addAll(notes);
        return out;
    }
}
