package io.memoryd.daemon.cli.doctor;

/** How one doctor check came out; only {@link #FAIL} makes {@code memoryctl doctor} exit non-zero. */
public enum Verdict {
    /** As it should be. */
    OK,
    /** Works, but worth a look (the daemon is not running, a limit is low). */
    WARN,
    /** memoryd cannot work this way until it is fixed. */
    FAIL
}
