package io.memoryd.memory.index;

/**
 * Hears how far an index pass has got, so that a long first pass (100k files read cold) can be told
 * apart from a hang by whoever waits for it. Called on the pass's own thread after each batch is stored;
 * an implementation must be cheap and must not throw.
 */
@FunctionalInterface
public interface IndexProgress {

    /** Hears nothing. */
    IndexProgress NONE = (scope, done, total) -> { };

    /**
     * A pass of {@code scope} has stored {@code done} of the {@code total} files it found changed
     * ({@code done} is 0 once, before its first batch).
     */
    void indexed(String scope, int done, int total);
}
