package io.memoryd.memory.head;

/** What a head write did. */
public enum HeadOutcome {
    /** The file was written (a new revision, or the same one restored on disk). */
    WRITTEN,
    /** The body equals the stored head and the file on disk already holds it: nothing was rewritten. */
    UNCHANGED,
    /** Another writer holds an unexpired lease on the agent's head: nothing was written. */
    BUSY
}
