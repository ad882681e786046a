package io.memoryd.daemon.cli.ops;

/**
 * What a piece of operator output means, which decides its colour on a terminal: good (green), a warning
 * (yellow), bad (red), secondary (dim) or a heading (bold). Plain output ignores it.
 */
public enum Tone {
    /** No emphasis. */
    PLAIN(""),
    /** Working as it should: serving, ready, normal. */
    GOOD("\u001b[32m"),
    /** Needs a look: starting, draining, degraded, a backoff. */
    WARN("\u001b[33m"),
    /** Broken: fallback only, failures, a check that failed. */
    BAD("\u001b[31m"),
    /** Secondary: unknown values, separators. */
    DIM("\u001b[2m"),
    /** Headings. */
    BOLD("\u001b[1m");

    /** The ANSI sequence that ends any of them. */
    static final String RESET = "\u001b[0m";

    private final String ansi;

    Tone(String ansi) {
        this.ansi = ansi;
    }

    /** The ANSI sequence that starts this tone (empty for {@link #PLAIN}). */
    String ansi() {
        return ansi;
    }
}
