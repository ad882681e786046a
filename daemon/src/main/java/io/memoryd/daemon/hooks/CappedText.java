package io.memoryd.daemon.hooks;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalised transcript text with a bounded size: entries are kept from the start until {@code headChars},
 * then only the latest entries fitting in {@code tailChars}, and what fell between is replaced by one
 * {@code [truncated: N characters left out]} line. The start holds the first requests, the end the outcome;
 * both matter more than the middle. Not thread-safe.
 */
final class CappedText {

    private final int headChars;
    private final int tailChars;
    private final StringBuilder head = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private int tailLength;
    private long dropped;
    private boolean headFull;

    CappedText(int headChars, int tailChars) {
        this.headChars = headChars;
        this.tailChars = tailChars;
    }

    void add(String entry) {
        if (!headFull && head.length() + entry.length() + 1 <= headChars) {
            if (head.length() > 0) {
                head.append('\n');
            }
            head.append(entry);
            return;
        }
        headFull = true;
        tail.addLast(entry);
        tailLength += entry.length() + 1;
        while (tailLength > tailChars && !tail.isEmpty()) {
            String gone = tail.removeFirst();
            tailLength -= gone.length() + 1;
            dropped += gone.length() + 1;
        }
    }

    boolean isBlank() {
        return head.toString().isBlank() && tail.stream().allMatch(String::isBlank);
    }

    String text() {
        StringBuilder out = new StringBuilder(head);
        if (dropped > 0) {
            out.append(out.length() > 0 ? "\n" : "").append("[truncated: ")
                    .append(String.format(java.util.Locale.ROOT, "%,d", dropped))
                    .append(" characters left out]");
        }
        for (String entry : tail) {
            out.append(out.length() > 0 ? "\n" : "").append(entry);
        }
        return out.toString();
    }
}
