package io.memoryd.daemon.head;

/** What one scheduled synthesis run of an agent came to (the reference's pipeline job outcomes). */
public enum JobOutcome {
    /** Rendered and written (or unchanged): the run is recorded. */
    OK,
    /** The render had no sources ({@code fileCount == 0}): nothing written, the run is recorded. */
    EMPTY,
    /** Another writer held the head lease: nothing written, not recorded, retried on the next tick. */
    BUSY,
    /** The render or the write failed: logged, the file untouched, not recorded, retried later. */
    FAILED;

    /** Whether the run counts as done (moves the last-run time). */
    boolean recorded() {
        return this == OK || this == EMPTY;
    }

    /** The lower-case name shown by {@code memoryctl head}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
