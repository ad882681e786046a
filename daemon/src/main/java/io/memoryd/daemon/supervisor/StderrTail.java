package io.memoryd.daemon.supervisor;

/** A bounded ring of a process's most recent stderr text. */
final class StderrTail {

    private final int capacity;
    private final StringBuilder text = new StringBuilder();

    StderrTail(int capacity) {
        this.capacity = capacity;
    }

    synchronized void append(String line) {
        text.append(line).append('\n');
        if (text.length() > capacity) {
            text.delete(0, text.length() - capacity);
        }
    }

    synchronized String get() {
        return text.toString();
    }
}
