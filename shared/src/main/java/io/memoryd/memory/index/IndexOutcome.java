package io.memoryd.memory.index;

/** What the last index pass did with a file; persisted with its fingerprint for the next cold start. */
public enum IndexOutcome {
    /** A row was upserted for the file. */
    INDEXED,
    /** The file belongs to another agent than the scope being indexed. */
    OTHER_AGENT,
    /** The file's session was removed; its rows stay deleted. */
    TOMBSTONED,
    /** The file breaks a validity rule; it has no rows. */
    INVALID,
    /** The file could not be read (not UTF-8, too large, not a regular file, I/O error). */
    UNREADABLE
}
